/**
 * The campaign API over real HTTP against createApp: the public list and campaign, the staff list, create, edit,
 * archive and unarchive, with every status code, a 400 naming each bad field and nothing half-saved; then two
 * nodes over Redis that see each other's campaigns.
 */
import request from "supertest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { builtInCampaign, endpointPath, type CampaignSummary, type StaffCampaignEntry } from "@pulse/shared";
import { startPulse, testPrefix, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, STAFF_ENV } from "../staff/staff-support.js";
import { salonCampaign } from "../support/salon-campaign.js";

/** A campaign the tests create. */
const salon = salonCampaign;

describe("the campaign API", () => {
  let node: RunningPulse;
  let staff: ReturnType<typeof asStaff>;

  beforeAll(async () => {
    node = await startPulse({ ...STAFF_ENV, EMBED_ORIGINS: "https://partner.example" });
    staff = asStaff(node);
  });
  afterAll(async () => {
    await node?.close();
  });

  it("lists the built-in campaign, imported on the first start, as the default", async () => {
    const res = await request(node.url).get(endpointPath("campaigns"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: builtInCampaign.id,
        name: builtInCampaign.name,
        start: builtInCampaign.start,
        end: builtInCampaign.end,
        timezone: builtInCampaign.timezone,
        status: "ended",
        default: true,
      },
    ] satisfies CampaignSummary[]);
    const one = await request(node.url).get(endpointPath("campaignById", { params: { id: builtInCampaign.id } }));
    expect(one.status).toBe(200);
    expect(one.body).toEqual(builtInCampaign);
    // The same revision as the v1 path's.
    expect(one.headers.etag).toBe((await request(node.url).get(endpointPath("campaign"))).headers.etag);
  });

  it("creates a campaign: 201 with the stored campaign, then listed and public", async () => {
    const res = await staff.post(endpointPath("createCampaign")).send(salon());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual(salon());
    const listed = (await request(node.url).get(endpointPath("campaigns"))).body as CampaignSummary[];
    expect(listed.find((c) => c.id === "salon-2026")).toEqual({
      id: "salon-2026",
      name: salon().name,
      start: salon().start,
      end: salon().end,
      timezone: "Europe/Paris",
      status: expect.stringMatching(/^(scheduled|live|ended)$/),
      default: false,
    });
    const one = await request(node.url).get("/api/c/salon-2026/campaign");
    expect(one.status).toBe(200);
    expect(one.body).toEqual(salon());
    const entries = (await staff.get(endpointPath("staffCampaigns"))).body as StaffCampaignEntry[];
    expect(entries.find((e) => e.campaign.id === "salon-2026")).toMatchObject({ campaign: salon(), archived: false, version: 1, default: false });
  });

  it("answers 409 for a taken id, and changes nothing", async () => {
    const res = await staff.post(endpointPath("createCampaign")).send(salon({ name: "Another salon" }));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/salon-2026 already exists/);
    expect((await request(node.url).get("/api/c/salon-2026/campaign")).body.name).toBe(salon().name);
  });

  it("answers 400 naming every bad field, and saves nothing", async () => {
    const bad = {
      ...salon({ id: "Salon_2027" }),
      timezone: "Europe/Atlantis",
      end: "2026-02-20T00:00:00+01:00",
      hashtags: [
        { tag: "Salon", country: "FR" },
        { tag: "#salon", country: "FR" },
      ],
      organizations: [
        { id: "ferme", name: "A", country: "FR", kind: "company", handles: {} },
        { id: "ferme", name: "B", country: "FR", kind: "company", handles: {} },
      ],
      brand: { primary: "green", accent: "#12345" },
    };
    const res = await staff.post(endpointPath("createCampaign")).send(bad);
    expect(res.status).toBe(400);
    const paths = (res.body.issues as { path: string; message: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(["brand.accent", "brand.primary", "end", "hashtags.1.tag", "id", "organizations.1.id", "timezone"]);
    for (const issue of res.body.issues as { path: string; message: string }[]) expect(issue.message.length).toBeGreaterThan(5);
    expect(res.body.error).toMatch(/^invalid campaign: /);
    const ids = ((await staff.get(endpointPath("staffCampaigns"))).body as StaffCampaignEntry[]).map((e) => e.campaign.id);
    expect(ids).toEqual([builtInCampaign.id, "salon-2026"]);

    const none = await staff.post(endpointPath("createCampaign"));
    expect(none.status).toBe(400);
    expect(none.body.issues).toEqual([{ path: "", message: expect.any(String) }]);
  });

  it("edits a campaign: 200 with the stored campaign; 400 for a bad body or another id, 404 for an unknown one", async () => {
    const edited = salon({ name: "Salon 2026, edited", hashtags: [{ tag: "SIA2026", country: "FR" }] });
    const res = await staff.put(endpointPath("updateCampaign", { params: { id: "salon-2026" } })).send(edited);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(edited);
    expect((await request(node.url).get("/api/c/salon-2026/campaign")).body).toEqual(edited);

    const bad = await staff.put("/api/staff/campaigns/salon-2026").send({ ...edited, timezone: "Mars/Olympus", brand: { primary: "#12" } });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(["brand.primary", "timezone"]);
    const moved = await staff.put("/api/staff/campaigns/salon-2026").send({ ...edited, id: "salon-2027" });
    expect(moved.status).toBe(400);
    expect(moved.body.issues).toEqual([{ path: "id", message: expect.stringContaining('"salon-2026"') }]);
    const unknown = await staff.put("/api/staff/campaigns/salon-2030").send(salon({ id: "salon-2030" }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/salon-2030/);
    // Nothing half-saved: the last good edit stands, at version 2.
    const entries = (await staff.get(endpointPath("staffCampaigns"))).body as StaffCampaignEntry[];
    expect(entries.find((e) => e.campaign.id === "salon-2026")).toMatchObject({ campaign: edited, version: 2 });
    expect(entries.map((e) => e.campaign.id)).not.toContain("salon-2030");
  });

  it("archives and unarchives: archived campaigns leave the public side, 404 for unknown ids", async () => {
    const archived = await staff.post(endpointPath("archiveCampaign", { params: { id: "salon-2026" } }));
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ campaign: { id: "salon-2026" }, archived: true, version: 3 });
    // Again: it already is, nothing changes.
    expect((await staff.post("/api/staff/campaigns/salon-2026/archive")).body).toMatchObject({ archived: true, version: 3 });
    expect(((await request(node.url).get(endpointPath("campaigns"))).body as CampaignSummary[]).map((c) => c.id)).toEqual([builtInCampaign.id]);
    const gone = await request(node.url).get("/api/c/salon-2026/campaign");
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 'no campaign "salon-2026"' });
    const entries = (await staff.get(endpointPath("staffCampaigns"))).body as StaffCampaignEntry[];
    expect(entries.find((e) => e.campaign.id === "salon-2026")?.archived).toBe(true);

    const back = await staff.post(endpointPath("unarchiveCampaign", { params: { id: "salon-2026" } }));
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ archived: false, version: 4 });
    expect((await request(node.url).get("/api/c/salon-2026/campaign")).status).toBe(200);

    for (const action of ["archive", "unarchive"]) {
      const res = await staff.post(`/api/staff/campaigns/nothing-here/${action}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/nothing-here/);
    }
  });

  it("refuses to archive the default campaign with 409", async () => {
    const res = await staff.post(`/api/staff/campaigns/${builtInCampaign.id}/archive`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/is the default campaign, which cannot be archived/);
    expect((await request(node.url).get(`/api/c/${builtInCampaign.id}/campaign`)).status).toBe(200);
  });

  it("answers 404 for an unknown campaign, and asks for staff credentials on the staff routes", async () => {
    expect((await request(node.url).get("/api/c/nothing-here/campaign")).status).toBe(404);
    for (const [method, path] of [
      ["get", "/api/staff/campaigns"],
      ["post", "/api/staff/campaigns"],
      ["put", "/api/staff/campaigns/salon-2026"],
      ["post", "/api/staff/campaigns/salon-2026/archive"],
      ["post", "/api/staff/campaigns/salon-2026/unarchive"],
    ] as const) {
      expect((await request(node.url)[method](path).send(salon())).status, `${method} ${path}`).toBe(401);
    }
  });

  it("gives the public reads the same CORS as /api/campaign", async () => {
    for (const path of ["/api/campaign", "/api/campaigns", `/api/c/${builtInCampaign.id}/campaign`]) {
      const res = await request(node.url).get(path).set("Origin", "https://partner.example");
      expect(res.headers["access-control-allow-origin"], path).toBe("https://partner.example");
    }
  });
});

describe("the campaign API with DEFAULT_CAMPAIGN", () => {
  it("refuses to start when DEFAULT_CAMPAIGN names no stored campaign, naming the stored ones", async () => {
    await expect(startPulse({ DEFAULT_CAMPAIGN: "nothing-here" })).rejects.toThrow(
      `DEFAULT_CAMPAIGN=nothing-here names no stored campaign; the campaigns are: ${builtInCampaign.id}`,
    );
  });
});

describe("the campaign API on two nodes over Redis", () => {
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();
  const nodes: RunningPulse[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  it("runs the campaign the first node imported on both, and each node sees a campaign created on the other", async () => {
    // One after the other: the first imports the built-in campaign into the empty Redis, the second finds it.
    for (const _ of [1, 2]) nodes.push(await startPulse({ ...STAFF_ENV, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix }));
    const [a, b] = nodes as [RunningPulse, RunningPulse];
    expect(b.pulse.campaign).toEqual(builtInCampaign);
    const heard: string[] = [];
    await b.pulse.campaigns.subscribe({ onCampaign: (record) => void heard.push(record.campaign.id) });
    expect((await asStaff(a).post("/api/staff/campaigns").send(salon())).status).toBe(201);
    await waitFor(() => heard.includes("salon-2026"), 5_000, "node B hears of the campaign");
    expect((await request(b.url).get("/api/c/salon-2026/campaign")).body).toEqual(salon());
    expect(((await request(b.url).get("/api/campaigns")).body as CampaignSummary[]).map((c) => c.id)).toEqual([builtInCampaign.id, "salon-2026"]);
    // The id is taken on every node.
    expect((await asStaff(b).post("/api/staff/campaigns").send(salon({ name: "Again" }))).status).toBe(409);
    expect((await asStaff(b).post("/api/staff/campaigns/salon-2026/archive")).status).toBe(200);
    expect((await request(a.url).get("/api/c/salon-2026/campaign")).status).toBe(404);
  });
});
