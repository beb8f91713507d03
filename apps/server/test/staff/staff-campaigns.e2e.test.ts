/**
 * The staff API with many campaigns, over real HTTP: every endpoint on one campaign's data acts on `?campaign=`
 * (the default without it; 404 for an unknown or archived id, and nothing changes), every campaign change is in
 * that campaign's audit log with the staff name, and a recount over HTTP re-attributes a campaign's posts.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  endpointPath,
  type AuditLog,
  type Campaign,
  type ModerationState,
  type Post,
  type RecountStatus,
  type Snapshot,
} from "@pulse/shared";
import { makePost, startPulse, useTwoNodesOnRedis, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, INGEST_TOKEN, STAFF_ENV } from "./staff-support.js";
import { SALON_ID, salonCampaign } from "../support/salon-campaign.js";

/** Campaign B: the Salon de l'agriculture, with one organization. */
const SALON = SALON_ID;
const salon = salonCampaign;

describe("the staff API with many campaigns", () => {
  let node: RunningPulse;
  let staff: ReturnType<typeof asStaff>;
  /** The default campaign's id. */
  let main: string;

  /** Ingests posts into one campaign (`undefined`: the default) and waits for its relay to count them. */
  async function ingestInto(campaign: string | undefined, posts: Post[]): Promise<void> {
    const runtime = campaign === undefined ? node.pulse.hub.default() : node.pulse.hub.get(campaign);
    const before = runtime?.relay.snapshot().totals.posts ?? 0;
    const res = await request(node.url)
      .post(endpointPath("ingest", { query: { campaign } }))
      .set("Authorization", `Bearer ${INGEST_TOKEN}`)
      .send(posts);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitFor(() => runtime?.relay.snapshot().totals.posts === before + res.body.accepted, 5_000, "the posts on the relay");
  }

  /** The audit log of one campaign, newest first, as the staff API answers it. */
  async function audit(campaign: string): Promise<AuditLog["entries"]> {
    const res = await staff.get(endpointPath("moderationAudit", { query: { campaign } }));
    expect(res.status, res.text).toBe(200);
    return (res.body as AuditLog).entries;
  }

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
    staff = asStaff(node);
    main = node.pulse.campaign.id;
    const created = await staff.post(endpointPath("createCampaign")).set("X-Pulse-Actor", encodeURIComponent("Zoé")).send(salon());
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await node?.close();
  });

  it("logs the creation in the new campaign's audit log with the staff name and every field", async () => {
    const entries = await audit(SALON);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: "staff:bearer:Zoé",
      action: { type: "editCampaign", change: "created", fields: Object.keys(salon()) },
    });
    expect((await audit(main)).some((e) => e.action.type === "editCampaign")).toBe(false);
  });

  it("moderates campaign B with ?campaign= and leaves the default campaign untouched", async () => {
    const shared = makePost({ network: "x", id: "9001", hashtags: ["votrejob", "salondelagriculture"] });
    const onlyA = makePost({ network: "x", id: "9002" });
    const onlyB = makePost({ network: "x", id: "9003", hashtags: ["salondelagriculture"] });
    await ingestInto(undefined, [shared, onlyA]);
    await ingestInto(SALON, [shared, onlyB]);
    const auditA = await audit(main);

    const hide = await staff.post(endpointPath("postAction", { params: { network: "x", id: "9001", action: "hide" }, query: { campaign: SALON } }));
    expect(hide.status, hide.text).toBe(200);
    expect(hide.body).toMatchObject({ outcome: "changed" });
    const mode = await staff.put(endpointPath("moderationMode", { query: { campaign: SALON } })).send({ mode: "approve" });
    expect(mode.status, mode.text).toBe(200);
    const saved = await staff.put(endpointPath("saveBlocklist", { query: { campaign: SALON } })).send({ words: ["tracteur volé"] });
    expect(saved.status, saved.text).toBe(200);
    const hires = await staff.put(endpointPath("organizationHires", { params: { id: "ferme" }, query: { campaign: SALON } })).send({ hires: 4 });
    expect(hires.status, hires.text).toBe(200);

    const stateB = (await staff.get(endpointPath("moderationState", { query: { campaign: SALON } }))).body as ModerationState;
    expect(stateB).toMatchObject({ mode: "approve", hidden: ["x:9001"] });
    const stateA = (await staff.get(endpointPath("moderationState"))).body as ModerationState;
    expect(stateA).toMatchObject({ mode: "auto", hidden: [] });
    // Named or not, the default campaign is the same.
    expect((await staff.get(endpointPath("moderationState", { query: { campaign: main } }))).body).toEqual(stateA);
    expect((await staff.get(endpointPath("blocklist", { query: { campaign: SALON } }))).body.words).toEqual(["tracteur volé"]);
    expect((await staff.get(endpointPath("blocklist"))).body.words).not.toContain("tracteur volé");
    expect(await audit(main)).toEqual(auditA);
    expect((await audit(SALON)).map((e) => e.action.type)).toEqual(["setHires", "setBlocklist", "setMode", "hide", "editCampaign"]);
    const post = await staff.get(endpointPath("moderatedPost", { params: { network: "x", id: "9003" }, query: { campaign: SALON } }));
    expect(post.status).toBe(200);
    expect((await staff.get(endpointPath("moderatedPost", { params: { network: "x", id: "9003" } }))).status).toBe(404);
    const roi = await staff.get(endpointPath("roi", { query: { campaign: SALON } }));
    expect(roi.status, roi.text).toBe(200);
    expect(JSON.stringify(roi.body)).toContain("ferme");
    // Back to auto, so the posts below come on screen.
    await staff.put(endpointPath("moderationMode", { query: { campaign: SALON } })).send({ mode: "auto", held: "release" });
  });

  it("exports campaign B's posts and aggregates", async () => {
    const posts = await staff.get(endpointPath("exportPosts", { query: { campaign: SALON } }));
    expect(posts.status, posts.text).toBe(200);
    expect(posts.headers["content-disposition"]).toContain(SALON);
    expect(posts.text).toContain("9001");
    expect(posts.text).toContain("9003");
    expect(posts.text).not.toContain("9002");
    const all = await staff.get(endpointPath("exportPosts"));
    expect(all.text).toContain("9002");
    expect(all.text).not.toContain("9003");
    const aggregates = await staff.get(endpointPath("exportAggregates", { query: { campaign: SALON } }));
    expect(aggregates.status, aggregates.text).toBe(200);
    expect(aggregates.text).toContain("Ferme des Quatre Vents");
  });

  it("answers 404 naming an unknown or archived campaign on every campaign endpoint, and changes nothing", async () => {
    const archived = salon({ id: "salon-archived", name: "Archived" });
    expect((await staff.post(endpointPath("createCampaign")).send(archived)).status).toBe(201);
    expect((await staff.post(endpointPath("archiveCampaign", { params: { id: archived.id } }))).status).toBe(200);
    const blocklistA = (await staff.get(endpointPath("blocklist"))).body;
    const auditA = await audit(main);
    for (const campaign of ["nope", archived.id]) {
      const asks = [
        staff.get(endpointPath("moderationQueue", { query: { campaign } })),
        staff.get(endpointPath("moderationAudit", { query: { campaign } })),
        staff.post(endpointPath("postAction", { params: { network: "x", id: "9002", action: "hide" }, query: { campaign } })),
        staff.put(endpointPath("saveBlocklist", { query: { campaign } })).send({ words: ["rien"] }),
        staff.put(endpointPath("moderationMode", { query: { campaign } })).send({ mode: "approve" }),
        staff.put(endpointPath("organizationHires", { params: { id: "ferme" }, query: { campaign } })).send({ hires: 9 }),
        staff.get(endpointPath("leaderboard", { query: { campaign } })),
        staff.get(endpointPath("exportPosts", { query: { campaign } })),
        staff.get(endpointPath("exportAggregates", { query: { campaign } })),
        staff.get(`/api/moderation/state?campaign=${campaign}`),
      ];
      for (const res of await Promise.all(asks)) {
        expect(res.status, res.text).toBe(404);
        expect(res.body.error).toContain(JSON.stringify(campaign));
      }
    }
    expect((await staff.get(endpointPath("blocklist"))).body).toEqual(blocklistA);
    expect(await audit(main)).toEqual(auditA);
    expect((await staff.get(endpointPath("moderationState"))).body).toMatchObject({ mode: "auto", hidden: [] });
    // A repeated parameter names no one campaign.
    expect((await staff.get(`${endpointPath("moderationQueue")}?campaign=a&campaign=b`)).status).toBe(400);
    // Unarchived, it kept its log: the archive, and nothing of the refused requests.
    expect((await staff.post(endpointPath("unarchiveCampaign", { params: { id: archived.id } }))).status).toBe(200);
    expect((await audit(archived.id)).map((e) => e.action)).toEqual([
      { type: "editCampaign", change: "unarchived", fields: [] },
      { type: "editCampaign", change: "archived", fields: [] },
      { type: "editCampaign", change: "created", fields: Object.keys(archived) },
    ]);
  });

  it("logs an edit with the fields that changed; a refused or empty change logs nothing", async () => {
    const before = await audit(SALON);
    const edited = salon({ name: "Salon 2026", goal: { posts: 1000 } });
    const res = await staff.put(endpointPath("updateCampaign", { params: { id: SALON } })).set("X-Pulse-Actor", "Sam").send(edited);
    expect(res.status, res.text).toBe(200);
    const [entry] = await audit(SALON);
    expect(entry).toMatchObject({ actor: "staff:bearer:Sam", action: { type: "editCampaign", change: "edited" } });
    expect([...(entry?.action as { fields: string[] }).fields].sort()).toEqual(["goal", "name"]);
    const after = await audit(SALON);
    // The same body again, a 400, a 409, archiving the default (409), unarchiving what is not archived.
    expect((await staff.put(endpointPath("updateCampaign", { params: { id: SALON } })).send(edited)).status).toBe(200);
    expect((await staff.put(endpointPath("updateCampaign", { params: { id: SALON } })).send({ ...edited, end: "2020-01-01T00:00:00Z" })).status).toBe(400);
    expect((await staff.post(endpointPath("createCampaign")).send(edited)).status).toBe(409);
    expect((await staff.post(endpointPath("archiveCampaign", { params: { id: main } }))).status).toBe(409);
    expect((await staff.post(endpointPath("unarchiveCampaign", { params: { id: SALON } }))).status).toBe(200);
    expect(await audit(SALON)).toEqual(after);
    expect(after).toHaveLength(before.length + 1);
  });

  it("recounts a campaign over HTTP: 202, progress, the posts moved to the new hashtag's country, and an audit entry", async () => {
    const posts = Array.from({ length: 6 }, (_, i) =>
      makePost({ network: "x", id: String(9100 + i), hashtags: ["agri2026"], author: { id: `farmer-${i}`, handle: `farmer${i}` } }),
    );
    await ingestInto(SALON, posts);
    const byCountry = async () => ((await request(node.url).get(endpointPath("campaignSnapshot", { params: { id: SALON } }))).body as Snapshot).byCountry;
    const unknownBefore = (await byCountry()).unknown ?? 0;
    expect(unknownBefore).toBeGreaterThanOrEqual(6);
    const current = (await request(node.url).get(endpointPath("campaignById", { params: { id: SALON } }))).body as Campaign;
    const edit = await staff
      .put(endpointPath("updateCampaign", { params: { id: SALON } }))
      .send({ ...current, hashtags: [...current.hashtags, { tag: "Agri2026", country: "BE" }] });
    expect(edit.status, edit.text).toBe(200);

    const started = await staff.post(endpointPath("recountCampaign", { params: { id: SALON } })).set("X-Pulse-Actor", "Zoé");
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({ campaign: SALON, state: "running", done: 0, actor: "staff:bearer:Zoé" } satisfies Partial<RecountStatus>);
    let status: RecountStatus | undefined;
    await waitFor(
      async () => {
        status = (await staff.get(endpointPath("recountStatus", { params: { id: SALON } }))).body as RecountStatus;
        return status.state === "done";
      },
      5_000,
      "the recount's end",
    );
    expect(status).toMatchObject({ state: "done", total: status?.done });
    await waitFor(async () => (await byCountry()).BE === 6, 5_000, "the moved posts on the relay");
    expect((await byCountry()).unknown).toBe(unknownBefore - 6);
    expect((await audit(SALON))[0]).toMatchObject({ actor: "staff:bearer:Zoé", action: { type: "recount", posts: status?.done } });
    // The default campaign's counts did not move.
    expect((await audit(main)).some((e) => e.action.type === "recount")).toBe(false);

    expect((await staff.post(endpointPath("recountCampaign", { params: { id: "nope" } }))).status).toBe(404);
    expect((await staff.get(endpointPath("recountStatus", { params: { id: "salon-archived" } }))).status).toBe(200);
    expect((await request(node.url).post(endpointPath("recountCampaign", { params: { id: SALON } }))).status).toBe(401);
  });
});

describe("campaign changes and recounts on two nodes over Redis", () => {
  const redisUrl = inject("redisUrl");
  let a: RunningPulse;
  let b: RunningPulse;
  useTwoNodesOnRedis(redisUrl, STAFF_ENV, (nodeA, nodeB) => ([a, b] = [nodeA, nodeB]));

  it("logs a change once, on the node that took it; a recount started on one node shows its status on the other", async () => {
    expect((await asStaff(a).post(endpointPath("createCampaign")).send(salon())).status).toBe(201);
    const edited = salon({ hashtags: [...salon().hashtags, { tag: "Agri2026", country: "BE" }] });
    expect((await asStaff(b).put(endpointPath("updateCampaign", { params: { id: SALON } })).send(edited)).status).toBe(200);
    await waitFor(() => a.pulse.hub.get(SALON)?.campaign().hashtags.length === 2, 5_000, "the edit on node A");
    const log = async (node: RunningPulse) =>
      ((await asStaff(node).get(endpointPath("moderationAudit", { query: { campaign: SALON } }))).body as AuditLog).entries.map((e) => e.action);
    const expected = [
      { type: "editCampaign", change: "edited", fields: ["hashtags"] },
      { type: "editCampaign", change: "created", fields: Object.keys(salon()) },
    ];
    expect(await log(a)).toEqual(expected);
    expect(await log(b)).toEqual(expected);

    const res = await request(a.url)
      .post(endpointPath("ingest", { query: { campaign: SALON } }))
      .set("Authorization", `Bearer ${INGEST_TOKEN}`)
      .send(Array.from({ length: 30 }, (_, i) => makePost({ network: "x", id: String(9200 + i), hashtags: ["agri2026"] })));
    expect(res.status, res.text).toBe(202);
    const started = await asStaff(a).post(endpointPath("recountCampaign", { params: { id: SALON } }));
    expect(started.status, started.text).toBe(202);
    await waitFor(
      async () => ((await asStaff(b).get(endpointPath("recountStatus", { params: { id: SALON } }))).body as RecountStatus).state === "done",
      5_000,
      "the recount's end, seen from node B",
    );
    await a.pulse.recounts.settled();
    const snapshot = (await request(b.url).get(endpointPath("campaignSnapshot", { params: { id: SALON } }))).body as Snapshot;
    expect(snapshot.byCountry.BE).toBe(30);
    expect((await log(b)).filter((e) => e.type === "recount")).toEqual([{ type: "recount", posts: 30 }]);
  });
});
