/**
 * The X connector follows the campaigns, live: a node with SOURCE=x against a local X API. Creating, editing and
 * archiving a campaign through the staff API changes the filtered stream's rules (tagged with the campaign's
 * id, one add or delete call for each change) while the stream stays open, and a post that matches the edit
 * then counts in the campaign, without a restart.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, CampaignSchema, endpointPath, type Campaign } from "@pulse/shared";
import { campaignTerms } from "../../src/sources/subscription-terms.js";
import { campaignRules, ruleTag, wantedRules } from "../../src/sources/x-stream-rules.js";
import { FakeXApi, xPost } from "../support/fake-x-api.js";
import { startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, STAFF_ENV } from "../staff/staff-support.js";

const TOKEN = "x-test-bearer";
const DAY = 24 * 60 * 60 * 1000;

/** Live now on the real clock (the node runs no simulator), sharing #VotreJob with the default campaign. */
const salon: Campaign = CampaignSchema.parse({
  id: "salon",
  name: "Salon",
  timezone: "Europe/Paris",
  start: new Date(Date.now() - DAY).toISOString(),
  end: new Date(Date.now() + DAY).toISOString(),
  hashtags: [
    { tag: "VotreJob", country: "FR" },
    { tag: "SalonAgri", country: "FR" },
  ],
  organizations: [{ id: "ferme", name: "Ferme", country: "FR", kind: "company", handles: { x: "@Ferme_Salon" } }],
});

async function totalPosts(node: RunningPulse, id: string): Promise<number> {
  const res = await request(node.url).get(`/api/c/${id}/snapshot`);
  return (res.body as { totals: { posts: number } }).totals.posts;
}

describe("the X connector follows the campaigns, live", () => {
  let fake: FakeXApi;
  let node: RunningPulse;
  let staff: ReturnType<typeof asStaff>;

  beforeAll(async () => {
    fake = new FakeXApi(TOKEN, [{ id: "1", value: "cats has:images", tag: "someone else's rule" }]);
    await fake.listen();
    node = await startPulse({ ...STAFF_ENV, SOURCE: "x", X_BEARER_TOKEN: TOKEN, X_API_URL: fake.url });
    staff = asStaff(node);
    await waitFor(() => fake.openStreams().length === 1, 10_000, "the stream open");
  });
  afterAll(async () => {
    await node?.close();
    await fake?.close();
  });

  /** The rules calls made since `from`, once `count` of them arrived. */
  async function ruleChangesSince(from: number, count: number): Promise<unknown[]> {
    await waitFor(() => fake.ruleChanges.length >= from + count, 10_000, `${count} rules call(s)`);
    return fake.ruleChanges.slice(from);
  }

  it("subscribes at start to the default campaign, its rules tagged with its id, others' rules left alone", () => {
    expect(fake.ruleChanges).toEqual([{ add: wantedRules([campaignTerms(builtInCampaign)]) }]);
    expect(fake.rules.filter((r) => r.tag === ruleTag(builtInCampaign.id)).length).toBeGreaterThan(0);
    expect(fake.rules[0]).toEqual({ id: "1", value: "cats has:images", tag: "someone else's rule" });
  });

  it("adds a created campaign's rules in one call, on the open stream", async () => {
    const from = fake.ruleChanges.length;
    const res = await staff.post(endpointPath("createCampaign")).send(salon);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await ruleChangesSince(from, 1)).toEqual([
      {
        add: [
          { value: "#salonagri OR #votrejob", tag: "pulse:salon" },
          { value: "from:ferme_salon", tag: "pulse:salon" },
        ],
      },
    ]);
    expect(fake.streams).toHaveLength(1);
  });

  it("changes the rules when staff edit the hashtags (one delete, one add), and a matching post then counts", async () => {
    const from = fake.ruleChanges.length;
    const old = fake.rules.find((r) => r.value === "#salonagri OR #votrejob");
    const edited: Campaign = { ...salon, hashtags: [...salon.hashtags, { tag: "#NewTag", country: "BE" }] };
    const res = await staff.put("/api/staff/campaigns/salon").send(edited);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect(await ruleChangesSince(from, 2)).toEqual([
      { delete: { ids: [old?.id] } },
      { add: [{ value: "#newtag OR #salonagri OR #votrejob", tag: "pulse:salon" }] },
    ]);
    // The organizations' rule stayed; every Pulse rule is what the campaigns want, once each.
    const wanted = wantedRules([campaignTerms(builtInCampaign), campaignTerms(edited)]);
    expect(fake.rules.filter((r) => r.tag?.startsWith("pulse:")).map(({ value, tag }) => ({ value, tag }))).toEqual(
      expect.arrayContaining(wanted),
    );
    expect(fake.rules.filter((r) => r.tag?.startsWith("pulse:"))).toHaveLength(wanted.length);
    // No reconnect: the stream opened at start is still the only one, and open.
    expect(fake.streams).toHaveLength(1);
    expect(fake.streams[0]!.isOpen).toBe(true);

    const before = await totalPosts(node, builtInCampaign.id);
    fake.broadcast(xPost({ id: "1900000000000000001", username: "someone", tags: ["NewTag"] }));
    await waitFor(async () => (await totalPosts(node, "salon")) === 1, 10_000, "the #NewTag post counted in salon");
    const snapshot = (await request(node.url).get("/api/c/salon/snapshot")).body as { byCountry: Record<string, number> };
    expect(snapshot.byCountry).toEqual({ BE: 1 });
    // The default campaign does not have #NewTag.
    expect(await totalPosts(node, builtInCampaign.id)).toBe(before);
    expect(fake.ruleChanges).toHaveLength(from + 2);
  });

  it("deletes an archived campaign's rules in one call", async () => {
    const from = fake.ruleChanges.length;
    const ids = fake.rules.filter((r) => r.tag === "pulse:salon").map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect((await staff.post("/api/staff/campaigns/salon/archive")).status).toBe(200);
    expect(await ruleChangesSince(from, 1)).toEqual([{ delete: { ids } }]);
    expect(fake.rules.some((r) => r.tag === "pulse:salon")).toBe(false);
    expect(campaignRules(campaignTerms(builtInCampaign)).every((rule) => fake.rules.some((r) => r.value === rule.value))).toBe(true);
    expect(fake.streams).toHaveLength(1);
  });
});
