/**
 * Two campaigns at once on one node (then on two nodes over Redis), beside the default one, with overlapping hashtags and organizations: HTTP
 * ingest with `?campaign=` counts in that campaign alone, posts the sources hand to the router count once in every
 * campaign they match, and a socket client of one campaign never receives the other's posts. Then a live edit and
 * an archive, as the registry tells the node of them. Last, two nodes over Redis that run the simulator and the X
 * connector against a local X API: exact counts in each campaign from the three ways in, and X rules the two
 * nodes agree on through a staff edit.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { builtInCampaign, CampaignSchema, createCampaignIndex, postMatchesCampaign, type Campaign, type Post } from "@pulse/shared";
import { MemoryCampaignRegistry } from "../../src/campaigns/memory-campaign-registry.js";
import { RedisCampaignRegistry } from "../../src/campaigns/redis-campaign-registry.js";
import { campaignTerms } from "../../src/sources/subscription-terms.js";
import { wantedRules } from "../../src/sources/x-stream-rules.js";
import { FakeXApi, xPost } from "../support/fake-x-api.js";
import { encodedDeltas, LiveClient, makePost, startPulse, testPrefix, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, INGEST_TOKEN, STAFF_ENV } from "../staff/staff-support.js";

const DAY = 24 * 60 * 60 * 1000;

/** A campaign live now (real time: the node runs no simulated source), sharing #VotreJob and @shared_org. */
function liveCampaign(id: string, ownTag: string): Campaign {
  return CampaignSchema.parse({
    id,
    name: id,
    timezone: "Europe/Paris",
    start: new Date(Date.now() - DAY).toISOString(),
    end: new Date(Date.now() + DAY).toISOString(),
    hashtags: [
      { tag: "#VotreJob", country: "FR" },
      { tag: ownTag, country: "FR" },
    ],
    organizations: [{ id: `${id}-shared`, name: "Shared", country: "FR", kind: "company", handles: { x: "@Shared_Org" } }],
  });
}

const salon = liveCampaign("salon", "#SalonAgri");
const forum = liveCampaign("forum", "#ForumEmploi");

/** A post on X with these hashtags, by `handle`. */
function post(hashtags: string[], handle?: string): Post {
  const made = makePost({ network: "x", hashtags, text: hashtags.map((t) => `#${t}`).join(" ") });
  return handle ? { ...made, author: { ...made.author, handle } } : made;
}

async function totalPosts(node: RunningPulse, id: string): Promise<number> {
  const res = await request(node.url).get(`/api/c/${id}/snapshot`);
  expect(res.status).toBe(200);
  return (res.body as { totals: { posts: number } }).totals.posts;
}

/** Waits until each campaign's public snapshot shows `expected` posts. */
async function expectCounts(node: RunningPulse, expected: Record<string, number>): Promise<void> {
  const ids = Object.keys(expected);
  let seen: Record<string, number> = {};
  await waitFor(
    async () => {
      seen = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await totalPosts(node, id)] as const)));
      return ids.every((id) => seen[id] === expected[id]);
    },
    5_000,
    `counts ${JSON.stringify(expected)}`,
  ).catch(() => expect(seen).toEqual(expected));
}

/** The ids of the posts a client received in deltas and snapshots. */
function receivedIds(client: LiveClient): string {
  return JSON.stringify([client.state, client.deltas]);
}

describe("many campaigns on one node", () => {
  let node: RunningPulse;
  let registry: MemoryCampaignRegistry;
  const clients: LiveClient[] = [];
  const follow = (campaign?: string): LiveClient => {
    const client = new LiveClient({ urls: [node.url], ...(campaign ? { auth: { campaign } } : {}) });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    registry = new MemoryCampaignRegistry();
    node = await startPulse(STAFF_ENV, { registry });
    // Created after start: the node learns of them from the registry's feed, as it would of a staff edit.
    await registry.create(salon);
    await registry.create(forum);
    await waitFor(() => node.pulse.hub.get("salon") !== undefined && node.pulse.hub.get("forum") !== undefined, 5_000, "both campaigns running");
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await node?.close();
  });

  const ingestInto = (campaign: string | undefined, posts: Post[]) =>
    request(node.url)
      .post(campaign === undefined ? "/api/ingest" : `/api/ingest?campaign=${campaign}`)
      .set("Authorization", `Bearer ${INGEST_TOKEN}`)
      .send(posts);

  const forumOnly: Post[] = [];

  it("counts HTTP ingest in the campaign ?campaign= names, and in the default one without it", async () => {
    const salonClient = follow("salon");
    const forumClient = follow("forum");
    const defaultClient = follow();
    await Promise.all([salonClient.ready(), forumClient.ready(), defaultClient.ready()]);

    // HTTP ingest is not routed: the caller chose the campaign, whatever the post's hashtags.
    const toSalon = [post(["ForumEmploi"]), post(["votrejob"])];
    forumOnly.push(post(["ForumEmploi"]), post(["SalonAgri"]));
    const res = await ingestInto("salon", toSalon);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 2 });
    expect((await ingestInto("forum", forumOnly)).body).toMatchObject({ accepted: 2 });
    expect((await ingestInto(undefined, [post(["VotreJob"])])).body).toMatchObject({ accepted: 1 });
    // The same posts again into salon: duplicates there.
    expect((await ingestInto("salon", toSalon)).body).toMatchObject({ accepted: 0, duplicates: 2 });
    await expectCounts(node, { salon: 2, forum: 2, [builtInCampaign.id]: 1 });

    await waitFor(() => salonClient.state?.totals.posts === 2 && forumClient.state?.totals.posts === 2, 5_000, "the clients' counts");
    expect(defaultClient.state?.totals.posts).toBe(1);
    // A client of salon never received forum's posts, nor forum's client salon's.
    for (const p of forumOnly) expect(receivedIds(salonClient)).not.toContain(p.id);
    for (const p of toSalon) expect(receivedIds(forumClient)).not.toContain(p.id);
    expect(salonClient.state?.campaign).toBe("salon");
    const read = await request(node.url).get("/api/c/salon/snapshot").set("Origin", "https://partner.example");
    expect(read.headers["access-control-allow-origin"]).toBe("*");
  });

  it("encodes each campaign's delta once per tick for all its clients, never once per client", async () => {
    const followers = [follow("salon"), follow("salon"), follow("forum"), follow("forum")];
    await Promise.all(followers.map((c) => c.ready()));
    const before = followers.map((c) => c.deltas.length);
    const encodedBefore = await encodedDeltas(node);
    const salonPosts = [post(["SalonAgri"])];
    expect((await ingestInto("salon", salonPosts)).status).toBe(202);
    expect((await ingestInto("forum", [post(["ForumEmploi"])])).status).toBe(202);
    await waitFor(() => followers.every((c) => c.state?.totals.posts === 3), 5_000, "the posts on every client");
    const received = followers.map((c, i) => c.deltas.length - (before[i] ?? 0));
    // The clients of one campaign got the same deltas; each was encoded once for its room.
    expect(received[0]).toBe(received[1]);
    expect(received[2]).toBe(received[3]);
    expect((await encodedDeltas(node)) - encodedBefore).toBe(received[0]! + received[2]!);
    for (const client of followers.slice(2)) expect(receivedIds(client)).not.toContain(salonPosts[0]!.id);
  });

  it("answers 404 for ingest into an unknown campaign, and counts nothing", async () => {
    const res = await ingestInto("nope", [post(["VotreJob"])]);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/unknown campaign "nope"/);
    expect((await request(node.url).get("/api/c/nope/snapshot")).status).toBe(404);
    await expectCounts(node, { salon: 3, forum: 3, [builtInCampaign.id]: 1 });
  });

  it("sends each routed post once to every campaign whose hashtags or organization handles it matches", async () => {
    const shared = post(["VOTREJOB"]);
    const salonTag = post(["salonagri"]);
    const byOrganization = post([], "shared_org");
    const unrelated = post(["Unrelated"]);
    const result = await node.pulse.router.ingest([shared, salonTag, byOrganization, unrelated], "x", { campaignOnly: true });
    // shared: default, salon and forum; salonTag: salon; byOrganization: salon and forum; unrelated: nowhere.
    expect(result).toMatchObject({ accepted: 6, duplicates: 0, ignored: 1, rejected: [] });
    await expectCounts(node, { salon: 6, forum: 5, [builtInCampaign.id]: 2 });
    // Again: a duplicate in each campaign, counted nowhere twice.
    expect(await node.pulse.router.ingest([shared], "x", { campaignOnly: true })).toMatchObject({ accepted: 0, duplicates: 3 });
    await expectCounts(node, { salon: 6, forum: 5, [builtInCampaign.id]: 2 });
    // The simulator and replay set no campaignOnly: what matches nothing goes to the default campaign, as in v1.
    expect(await node.pulse.router.ingest([post(["Other"])], "simulator")).toMatchObject({ accepted: 1 });
    await expectCounts(node, { salon: 6, forum: 5, [builtInCampaign.id]: 3 });
  });

  it("refuses a socket that names an unknown campaign with connect_error `unknown campaign`", async () => {
    const socket = connect(node.url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { campaign: "nope" } });
    const message = await new Promise<string>((resolve) => socket.on("connect_error", (err) => resolve(err.message)));
    socket.close();
    expect(message).toBe("unknown campaign");
  });

  it("takes an edit live, keeping the counts: a new hashtag routes to the campaign at once", async () => {
    const client = follow("forum");
    await client.ready();
    const notices: string[] = [];
    client.socket.on("campaign", (notice) => notices.push(notice.revision));
    const edited: Campaign = { ...forum, hashtags: [...forum.hashtags, { tag: "#NewTag", country: "BE" }] };
    await registry.update(edited);
    await node.pulse.hub.settled();
    await waitFor(() => notices.length === 1, 5_000, "the edited campaign's notice");
    const tagged = post(["newtag"]);
    expect(await node.pulse.router.ingest([tagged], "x", { campaignOnly: true })).toMatchObject({ accepted: 1 });
    await expectCounts(node, { salon: 6, forum: 6 });
    const res = await request(node.url).get("/api/c/forum/snapshot");
    expect(res.body.byCountry.BE).toBe(1);
  });

  it("stops an archived campaign: its clients are told and disconnected, its routes answer 404, its data is kept", async () => {
    const client = follow("salon");
    await client.ready();
    const archived: string[] = [];
    client.socket.on("archived", ({ id }) => archived.push(id));
    const store = node.pulse.hub.get("salon")!.store;
    await registry.setArchived("salon", true);
    await node.pulse.hub.settled();
    await waitFor(() => archived.length === 1 && client.log.disconnects.includes("io server disconnect"), 5_000, "the archived notice");
    expect(archived).toEqual(["salon"]);
    expect((await request(node.url).get("/api/c/salon/snapshot")).status).toBe(404);
    expect((await ingestInto("salon", [post(["SalonAgri"])])).status).toBe(404);
    // Routed posts skip it; the others still count.
    expect(await node.pulse.router.ingest([post(["SalonAgri"])], "x", { campaignOnly: true })).toMatchObject({ accepted: 0, ignored: 1 });
    await expectCounts(node, { forum: 6 });

    // Unarchived: the same store's data is back.
    await registry.setArchived("salon", false);
    await node.pulse.hub.settled();
    expect(node.pulse.hub.get("salon")?.store).toBe(store);
    await expectCounts(node, { salon: 6 });
  });
});

describe("many campaigns on one node with DATA_DIR", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pulse-many-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the folder's lock once for every campaign, saves each campaign's state file, and a second node is refused", async () => {
    const registry = new MemoryCampaignRegistry();
    const node = await startPulse({ ...STAFF_ENV, DATA_DIR: dir, SAVE_INTERVAL_MS: "100" }, { registry });
    try {
      await registry.create(salon);
      await node.pulse.hub.settled();
      const res = await request(node.url).post("/api/ingest?campaign=salon").set("Authorization", `Bearer ${INGEST_TOKEN}`).send([post(["SalonAgri"])]);
      expect(res.status).toBe(202);
      await expect(startPulse({ DATA_DIR: dir })).rejects.toThrow(/^DATA_DIR .* is in use by process/);
    } finally {
      await node.close();
    }
    // The default campaign counted nothing, so it has nothing to save.
    expect(readdirSync(dir).filter((name) => name.endsWith(".state.json"))).toEqual(["salon.state.json"]);
    const saved = JSON.parse(readFileSync(path.join(dir, "salon.state.json"), "utf8")) as { campaign: string; rev: number };
    expect(saved.campaign).toBe("salon");
    expect(saved.rev).toBeGreaterThan(0);
  });
});

describe("two campaigns on two nodes over Redis", () => {
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();
  const env = { ...STAFF_ENV, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix };
  const open = () => new RedisCampaignRegistry({ url: redisUrl, keyPrefix: prefix });
  let a: RunningPulse;
  let b: RunningPulse;
  let registry: RedisCampaignRegistry;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    registry = open();
    a = await startPulse(env, { registry });
    b = await startPulse(env, { registry: open() });
    // Created through node a's registry: node b hears of them over Redis.
    await registry.create(salon);
    await registry.create(forum);
    await waitFor(() => ["salon", "forum"].every((id) => a.pulse.hub.get(id) && b.pulse.hub.get(id)), 5_000, "both campaigns on both nodes");
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  it("counts HTTP ingest and routed posts exactly in each campaign on both nodes, and a client never gets the other campaign's posts", async () => {
    const salonClient = new LiveClient({ urls: [b.url], auth: { campaign: "salon" } });
    const forumClient = new LiveClient({ urls: [b.url], auth: { campaign: "forum" } });
    clients.push(salonClient, forumClient);
    await Promise.all([salonClient.ready(), forumClient.ready()]);

    const salonOnly = [post(["SalonAgri"]), post(["ForumEmploi"])];
    const res = await request(a.url).post("/api/ingest?campaign=salon").set("Authorization", `Bearer ${INGEST_TOKEN}`).send(salonOnly);
    expect(res.body).toMatchObject({ accepted: 2 });
    const shared = post(["VotreJob"]);
    const forumTag = post(["forumemploi"]);
    // Node b's sources route: shared counts in the default campaign, salon and forum; forumTag in forum.
    expect(await b.pulse.router.ingest([shared, forumTag], "x", { campaignOnly: true })).toMatchObject({ accepted: 4 });
    // The same posts on node a (the simulator on every node plays the same day): duplicates everywhere.
    expect(await a.pulse.router.ingest([shared, forumTag], "x", { campaignOnly: true })).toMatchObject({ accepted: 0, duplicates: 4 });

    for (const node of [a, b]) await expectCounts(node, { salon: 3, forum: 2, [builtInCampaign.id]: 1 });
    await waitFor(() => salonClient.state?.totals.posts === 3 && forumClient.state?.totals.posts === 2, 5_000, "the clients' counts");
    for (const p of [...salonOnly]) expect(receivedIds(forumClient)).not.toContain(p.id);
    expect(receivedIds(salonClient)).not.toContain(forumTag.id);
  });

  it("applies an archive made on one node on the other", async () => {
    await registry.setArchived("forum", true);
    await waitFor(() => b.pulse.hub.get("forum") === undefined, 5_000, "forum archived on node b");
    expect((await request(b.url).get("/api/c/forum/snapshot")).status).toBe(404);
  });
});

describe("two campaigns on two nodes over Redis, fed by the simulator, HTTP ingest and a local X stream", () => {
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();
  const X_TOKEN = "x-e2e-bearer";
  const open = () => new RedisCampaignRegistry({ url: redisUrl, keyPrefix: prefix });
  /**
   * Live through the simulated day (the simulator's clock is the campaign clock), overlapping each other on #DeinJob
   * and AXA, and the default campaign on its hashtags and organizations.
   */
  const onTheDay = (id: string, tags: string[], handles: string[]): Campaign =>
    CampaignSchema.parse({
      id,
      name: id,
      timezone: "Europe/Paris",
      start: "2015-02-23T00:00:00+01:00",
      end: "2015-02-26T00:00:00+01:00",
      hashtags: tags.map((tag) => ({ tag, country: tag === "JouwBaan" ? "NL" : "FR" })),
      organizations: handles.map((x) => ({ id: `${id}-${x.toLowerCase()}`, name: x, country: "FR", kind: "company", handles: { x } })),
    });
  const salon = onTheDay("salon-day", ["VotreJob", "DeinJob", "SalonAgri"], ["AXA_Recrute"]);
  const forum = onTheDay("forum-day", ["JouwBaan", "DeinJob", "ForumEmploi"], ["AXA_Recrute", "OrangeRecrute"]);
  const ids = [builtInCampaign.id, salon.id, forum.id];
  let fake: FakeXApi;
  let a: RunningPulse;
  let b: RunningPulse;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    fake = new FakeXApi(X_TOKEN);
    await fake.listen();
    // The campaigns exist before the nodes start, so that every simulated post is routed to them from the first.
    const registry = open();
    await registry.start(builtInCampaign);
    await registry.create(salon);
    await registry.create(forum);
    const env = {
      ...STAFF_ENV,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      SOURCE: "simulator,x",
      // Half an hour of the day a second: about 130 posts a second at night.
      SIM_SPEED: "1800",
      X_BEARER_TOKEN: X_TOKEN,
      X_API_URL: fake.url,
    };
    a = await startPulse(env, { registry });
    b = await startPulse(env, { registry: open() });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all([a?.close(), b?.close()]);
    await fake?.close();
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  /** Pulse's rules on the fake X API, as `{ value, tag }`, sorted by value. */
  const pulseRules = () =>
    fake.rules
      .filter((r) => r.tag?.startsWith("pulse:"))
      .map(({ value, tag }) => ({ value, tag }))
      .sort((x, y) => (x.value < y.value ? -1 : 1));
  const wanted = (...campaigns: Campaign[]) => wantedRules(campaigns.map(campaignTerms)).sort((x, y) => (x.value < y.value ? -1 : 1));

  it("counts each post exactly once in every campaign it matches, and a client never gets the other campaign's posts", async () => {
    const salonClient = new LiveClient({ urls: [b.url], auth: { campaign: salon.id } });
    const forumClient = new LiveClient({ urls: [b.url], auth: { campaign: forum.id } });
    clients.push(salonClient, forumClient);
    await Promise.all([salonClient.ready(), forumClient.ready()]);
    // Both nodes synced the rules at start, at the same time: each wanted rule is there once.
    await waitFor(() => fake.openStreams().length === 2, 10_000, "both nodes' X streams open");
    await waitFor(() => JSON.stringify(pulseRules()) === JSON.stringify(wanted(builtInCampaign, forum, salon)), 10_000, "the rules of the three campaigns");

    // The simulator plays the default campaign's day on both nodes (the same seed: the same posts); stopped once
    // a few hundred are in, so that what it produced can be read back.
    const defaultStore = a.pulse.hub.default().store;
    await waitFor(async () => (await defaultStore.snapshot()).snapshot.totals.posts >= 150, 15_000, "simulated posts");
    await Promise.all([a, b].map((node) => node.pulse.sources.find((s) => s.name === "simulator")!.stop()));
    // Every simulated post matches the default campaign (or nothing, and then goes there), so its store holds them all.
    const simulated: Post[] = [];
    for await (const stored of defaultStore.allPosts()) simulated.push(stored.post);
    const matching = (campaign: Campaign) => simulated.filter((p) => postMatchesCampaign(p, createCampaignIndex(campaign))).length;
    expect(matching(salon)).toBeGreaterThan(0);
    expect(matching(forum)).toBeGreaterThan(0);
    expect(matching(salon)).not.toBe(simulated.length);

    // HTTP ingest: into the campaign named, on either node.
    const ingest = (node: RunningPulse, id: string, posts: Post[]) =>
      request(node.url).post(`/api/ingest?campaign=${id}`).set("Authorization", `Bearer ${INGEST_TOKEN}`).send(posts);
    const toSalon = [post(["ForumEmploi"]), post(["SalonAgri"])];
    const toForum = [post(["VotreJob"])];
    expect((await ingest(a, salon.id, toSalon)).body).toMatchObject({ accepted: 2 });
    expect((await ingest(b, forum.id, toForum)).body).toMatchObject({ accepted: 1 });

    // The X stream: both nodes read the same messages; each post counts once per campaign it matches.
    const at = "2015-02-24T12:00:00.000Z";
    const salonTag = xPost({ id: "1800000000000000001", username: "someone", tags: ["SalonAgri"], createdAt: at });
    const shared = xPost({ id: "1800000000000000002", username: "someone", tags: ["DeinJob"], createdAt: at });
    const byAxa = xPost({ id: "1800000000000000003", username: "AXA_Recrute", tags: [], createdAt: at });
    const forumTag = xPost({ id: "1800000000000000004", username: "someone", tags: ["ForumEmploi"], createdAt: at });
    const unrelated = xPost({ id: "1800000000000000005", username: "someone", tags: ["Unrelated"], createdAt: at });
    for (const message of [salonTag, shared, byAxa, forumTag, unrelated]) fake.broadcast(message);

    const expected = {
      // X: salonTag, shared, byAxa.
      [salon.id]: matching(salon) + toSalon.length + 3,
      // X: shared, byAxa, forumTag.
      [forum.id]: matching(forum) + toForum.length + 3,
      // X: shared (#DeinJob) and byAxa (a built-in organization).
      [builtInCampaign.id]: simulated.length + 2,
    };
    for (const node of [a, b]) await expectCounts(node, expected);
    await waitFor(
      () => salonClient.state?.totals.posts === expected[salon.id] && forumClient.state?.totals.posts === expected[forum.id],
      5_000,
      "the clients' counts",
    );
    for (const id of [...toSalon.map((p) => p.id), "1800000000000000001"]) expect(receivedIds(forumClient)).not.toContain(id);
    for (const id of [...toForum.map((p) => p.id), "1800000000000000004"]) expect(receivedIds(salonClient)).not.toContain(id);
    expect(receivedIds(salonClient) + receivedIds(forumClient)).not.toContain("1800000000000000005");
  });

  it("changes the X rules once for both nodes on a staff edit, and the new hashtag's post counts once", async () => {
    const edited: Campaign = { ...forum, hashtags: [...forum.hashtags, { tag: "NewForum", country: "BE" }] };
    const res = await asStaff(a).put(`/api/staff/campaigns/${forum.id}`).send(edited);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Both nodes compute the same rules: they converge on them, with no rule twice, and no stream reopened.
    await waitFor(() => JSON.stringify(pulseRules()) === JSON.stringify(wanted(builtInCampaign, edited, salon)), 10_000, "the edited rules");
    expect(new Set(fake.rules.map((r) => r.value)).size).toBe(fake.rules.length);
    expect(fake.streams).toHaveLength(2);
    // Neither node saw an error: a rule the other had already deleted or added is no failure.
    for (const node of [a, b]) expect(node.pulse.sources.find((s) => s.name === "x")?.status()).toMatchObject({ state: "connected", errors: 0 });

    const before = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await totalPosts(a, id)] as const)));
    fake.broadcast(xPost({ id: "1800000000000000006", username: "someone", tags: ["NewForum"], createdAt: "2015-02-24T13:00:00.000Z" }));
    for (const node of [a, b]) await expectCounts(node, { ...before, [forum.id]: before[forum.id]! + 1 });
  });
});
