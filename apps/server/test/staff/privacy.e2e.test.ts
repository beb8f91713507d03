/**
 * Erasure end to end (docs/privacy.md), on the embedded store and on Redis: an author's posts go in over HTTP ingest
 * into three campaigns (one archived) and reach live Socket.IO clients; an admin erases the author by id; then the snapshots'
 * counters drop as for deletes, the live clients' feeds and insights lose the posts, posts.csv and insights.csv hold
 * no trace of the author, the audit log keeps the act without the content, and a replay of the posts counts nothing.
 */
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { endpointPath, type AuditLog, type ErasureResult, type Post, type Snapshot } from "@pulse/shared";
import { LiveClient, makePost, startPulse, testPrefix, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { salonCampaign, SALON_ID } from "../support/salon-campaign.js";
import { asStaff, ingest, INGEST_TOKEN, STAFF_ENV } from "./staff-support.js";
import request from "supertest";

/** The author to erase, and what must leave no trace: her handle, her name, her words. */
const zoe = { id: "zoe-4711", handle: "Zoe_Privee", name: "Zoé Confidentielle" };
const TRACES = ["Zoe_Privee", "zoe_privee", "Zoé Confidentielle", "zoe-4711", "mot-secret"];

const zoePosts: Post[] = [
  makePost({ network: "x", id: "8100001", author: zoe, text: "Mon mot-secret #VotreJob #Alternance", hashtags: ["votrejob", "alternance"], lang: "fr" }),
  makePost({ network: "x", id: "8100002", author: zoe, kind: "reply", text: "Encore un mot-secret #VotreJob", country: "BE" }),
];
const anaPost = makePost({ network: "x", id: "8100003", author: { id: "ana-1", handle: "AnaPublic", name: "Ana" }, text: "Bonjour #VotreJob #Alternance", hashtags: ["votrejob", "alternance"] });

const backings = [
  { name: "embedded store", redis: false },
  { name: "Redis", redis: true },
] as const;

describe.each(backings)("erasure end to end on the $name", ({ redis }) => {
  let node: RunningPulse;
  /** On Redis, a second node on the same keys: its screens must follow the erasure too. */
  let other: RunningPulse | undefined;
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();

  beforeAll(async () => {
    const env = { ...STAFF_ENV, ...(redis ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {}) };
    node = await startPulse(env);
    if (redis) other = await startPulse(env);
  });
  afterAll(async () => {
    await other?.close();
    await node.close();
    if (redis) await deleteKeysByPrefix(redisUrl, prefix);
  });

  const csv = async (name: "exportPosts" | "exportInsights", campaign?: string) => {
    const res = await asStaff(node).get(endpointPath(name, campaign ? { query: { campaign } } : undefined));
    expect(res.status).toBe(200);
    return res.text;
  };
  const snapshotOf = async (campaign?: string): Promise<Snapshot> => {
    const res = await request(node.url).get(campaign ? endpointPath("campaignSnapshot", { params: { id: campaign } }) : endpointPath("snapshot"));
    expect(res.status).toBe(200);
    return res.body as Snapshot;
  };

  it("takes the author out of every campaign, an archived one too: counters, live screens, exports and the store; the audit keeps the act only", async () => {
    expect((await asStaff(node).post(endpointPath("createCampaign")).send(salonCampaign())).status).toBe(201);
    await node.pulse.hub.settled();
    const dashboard = new LiveClient({ urls: [node.url], auth: { insights: true } });
    const salon = new LiveClient({ urls: [node.url], auth: { campaign: SALON_ID, insights: true } });
    const elsewhere = other ? [new LiveClient({ urls: [other.url], auth: { campaign: SALON_ID, insights: true } })] : [];
    await Promise.all([dashboard, salon, ...elsewhere].map((client) => client.ready()));

    await ingest(node, [...zoePosts, anaPost]);
    const salonIngest = await request(node.url)
      .post(`/api/ingest?campaign=${SALON_ID}`)
      .set("Authorization", `Bearer ${INGEST_TOKEN}`)
      .send([...zoePosts, anaPost]);
    expect(salonIngest.status).toBe(202);
    for (const client of [dashboard, salon, ...elsewhere]) {
      await waitFor(() => client.state?.recent.length === 3, 5_000, "the three posts on screen");
    }
    // A third campaign holds her posts too, and is archived: erasure reaches it all the same.
    const archivedId = "archived-2026";
    expect((await asStaff(node).post(endpointPath("createCampaign")).send(salonCampaign({ id: archivedId, name: "Archived" }))).status).toBe(201);
    await node.pulse.hub.settled();
    const archivedIngest = await request(node.url).post(`/api/ingest?campaign=${archivedId}`).set("Authorization", `Bearer ${INGEST_TOKEN}`).send(zoePosts);
    expect(archivedIngest.status).toBe(202);
    expect((await asStaff(node).post(endpointPath("archiveCampaign", { params: { id: archivedId } }))).status).toBe(200);
    // Staff hid one of hers: the audit names her, until the erasure.
    expect((await asStaff(node).post(`/api/moderation/posts/x/8100002/hide`)).status).toBe(200);
    expect(await csv("exportPosts")).toContain("Zoé Confidentielle");
    expect(await csv("exportInsights", SALON_ID)).toContain("Zoe_Privee");
    const before = await snapshotOf();

    const res = await asStaff(node).post(endpointPath("eraseAuthor")).send({ network: "x", authorId: zoe.id });
    expect(res.status, res.text).toBe(200);
    const result = res.body as ErasureResult;
    expect(result).toMatchObject({ network: "x", erased: 6 });
    expect(result.ref).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(result.campaigns.sort((a, b) => a.campaign.localeCompare(b.campaign))).toEqual(
      [
        { campaign: node.pulse.campaign.id, posts: 2 },
        { campaign: SALON_ID, posts: 2 },
        { campaign: archivedId, posts: 2 },
      ].sort((a, b) => a.campaign.localeCompare(b.campaign)),
    );

    // The live screens, on every node: the posts leave by the ordinary delta path, and she leaves the insights' posters.
    for (const client of [dashboard, salon, ...elsewhere]) {
      await waitFor(() => client.state?.totals.posts === 1 && client.state.recent.length === 1, 5_000, "the erasure on screen");
      expect(client.state?.recent.map((p) => p.id)).toEqual(["8100003"]);
      expect(client.state?.insights?.authors.map((a) => a.handle)).toEqual(["AnaPublic"]);
      expect(client.state?.insights?.hashtags.find((h) => h.tag === "alternance")).toEqual({ tag: "alternance", posts: 1 });
      expect(JSON.stringify(client.state)).not.toMatch(/Zoe_Privee|Confidentielle|mot-secret/);
    }
    // Counters drop as for deletes (authors, a HyperLogLog, keep counting her), in both campaigns.
    for (const campaign of [undefined, SALON_ID]) {
      const after = await snapshotOf(campaign);
      expect(after.totals).toMatchObject({ posts: 1, originals: 1, replies: 0 });
      expect(after.byCountry).not.toHaveProperty("BE", 1);
      expect(after.recent.map((p) => p.id)).toEqual(["8100003"]);
    }
    expect(before.totals.posts).toBe(3);
    // Every export of both campaigns, and the audit log: no trace of her.
    for (const campaign of [undefined, SALON_ID]) {
      const exported = [await csv("exportPosts", campaign), await csv("exportInsights", campaign)].join("\n");
      expect(exported).toContain("AnaPublic");
      for (const trace of TRACES) expect(exported).not.toContain(trace);
      const audit = (await asStaff(node).get(endpointPath("moderationAudit", campaign ? { query: { campaign } } : undefined))).body as AuditLog;
      expect(audit.entries[0]).toMatchObject({ action: { type: "eraseAuthor", network: "x", ref: result.ref, posts: 2 } });
      for (const trace of TRACES) expect(JSON.stringify(audit)).not.toContain(trace);
    }
    // The archived campaign, brought back, holds nothing of hers.
    expect((await asStaff(node).post(endpointPath("unarchiveCampaign", { params: { id: archivedId } }))).status).toBe(200);
    await node.pulse.hub.settled();
    expect((await snapshotOf(archivedId)).totals.posts).toBe(0);
    for (const trace of TRACES) expect(await csv("exportPosts", archivedId)).not.toContain(trace);
    // The stored post is gone, not hidden.
    expect((await asStaff(node).get(endpointPath("moderatedPost", { params: { network: "x", id: "8100001" } }))).status).toBe(404);
    // A replay of her posts counts nothing: their ids stay as tombstones.
    expect(await ingest(node, zoePosts)).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await snapshotOf()).totals.posts).toBe(1);
    for (const client of [dashboard, salon, ...elsewhere]) client.close();
  });

  it("answers 400 naming what was expected, and 200 with nothing erased for an unknown author", async () => {
    const erase = (body: unknown) => asStaff(node).post(endpointPath("eraseAuthor")).send(body as object);
    const none = await erase({ network: "x" });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/exactly one of "authorId" and "handle"/);
    const both = await erase({ network: "x", authorId: "1", handle: "a" });
    expect(both.status).toBe(400);
    const network = await erase({ network: "myspace", authorId: "1" });
    expect(network.status).toBe(400);
    expect(network.body.error).toMatch(/network/);
    const unknown = await erase({ network: "mastodon", handle: "@nobody@example.social" });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ network: "mastodon", erased: 0, campaigns: [] });
    // The act is logged all the same, in the default campaign.
    const audit = (await asStaff(node).get(endpointPath("moderationAudit"))).body as AuditLog;
    expect(audit.entries[0]).toMatchObject({ action: { type: "eraseAuthor", network: "mastodon", posts: 0 } });
  });
});
