/**
 * The campaign router with stand-in campaigns: which campaigns receive (live on the campaign clock, and the default
 * whatever its dates), what each is sent, and the result the source gets back.
 */
import { describe, expect, it } from "vitest";
import { CampaignSchema, createCampaignIndex, type Campaign, type IngestResult } from "@pulse/shared";
import { CampaignRouter } from "../../src/campaigns/campaign-router.js";
import type { CampaignRuntime } from "../../src/campaigns/campaign-runtime.js";
import type { NormalizedItem } from "../../src/ingest/ingest-service.js";
import { makePost } from "../support/start-pulse.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function campaign(id: string, start: string, end: string, tags: string[]): Campaign {
  return CampaignSchema.parse({
    id,
    name: id,
    timezone: "Europe/Paris",
    start,
    end,
    hashtags: tags.map((tag) => ({ tag, country: "FR" })),
    organizations: [],
  });
}

/** A runtime that records what it is sent and accepts every post. */
function runtime(definition: Campaign): CampaignRuntime & { received: NormalizedItem[] } {
  const index = createCampaignIndex(definition);
  const received: NormalizedItem[] = [];
  const ingest = {
    async ingestNormalized(items: readonly NormalizedItem[]): Promise<IngestResult> {
      received.push(...items);
      const posts = items.filter((item) => item.normalized.type === "post").length;
      return { accepted: posts, duplicates: 0, deleted: items.length - posts, ignored: 0, rejected: [] };
    },
  };
  return { id: definition.id, campaign: () => definition, index: () => index, ingest, received } as unknown as CampaignRuntime & {
    received: NormalizedItem[];
  };
}

const byDefault = runtime(campaign("jobs-2015", "2015-02-24T00:00:00+01:00", "2015-02-25T00:00:00+01:00", ["VotreJob"]));
const live = runtime(campaign("live", "2026-03-01T00:00:00+01:00", "2026-03-02T00:00:00+01:00", ["VotreJob", "Salon"]));
const scheduled = runtime(campaign("scheduled", "2026-04-01T00:00:00+02:00", "2026-04-02T00:00:00+02:00", ["VotreJob"]));
const ended = runtime(campaign("ended", "2026-01-01T00:00:00+01:00", "2026-01-02T00:00:00+01:00", ["VotreJob"]));
const all = [byDefault, live, scheduled, ended];

function router(now = NOW): CampaignRouter {
  for (const r of all) r.received.length = 0;
  return new CampaignRouter({ campaigns: { all: () => all, default: () => byDefault }, now: () => now });
}

const ids = (r: { received: NormalizedItem[] }) => r.received.map((item) => (item.normalized.type === "post" ? item.normalized.post.id : item.normalized.type));

describe("CampaignRouter", () => {
  it("sends a post to the live campaigns it matches and to the default one, never to a scheduled or ended one", async () => {
    const shared = makePost({ hashtags: ["votrejob"] });
    const salonOnly = makePost({ hashtags: ["salon"] });
    const result = await router().ingest([shared, salonOnly], "x", { campaignOnly: true });
    expect(ids(byDefault)).toEqual([shared.id]);
    expect(ids(live)).toEqual([shared.id, salonOnly.id]);
    expect(ids(scheduled)).toEqual([]);
    expect(ids(ended)).toEqual([]);
    expect(result).toEqual({ accepted: 3, duplicates: 0, deleted: 0, ignored: 0, rejected: [] });
  });

  it("follows the campaign clock: on the simulated 2015 day, the 2026 campaigns are scheduled", async () => {
    const shared = makePost({ hashtags: ["votrejob"] });
    await router(Date.parse("2015-02-24T12:00:00+01:00")).ingest([shared], "simulator");
    expect(ids(byDefault)).toEqual([shared.id]);
    expect([...ids(live), ...ids(scheduled), ...ids(ended)]).toEqual([]);
  });

  it("ignores a connector's post that matches nothing, and sends a simulator's to the default campaign", async () => {
    const stray = makePost({ hashtags: ["unrelated"] });
    expect(await router().ingest([stray], "x", { campaignOnly: true })).toMatchObject({ accepted: 0, ignored: 1 });
    expect([...ids(byDefault), ...ids(live)]).toEqual([]);
    expect(await router().ingest([stray], "simulator")).toMatchObject({ accepted: 1, ignored: 0 });
    expect(ids(byDefault)).toEqual([stray.id]);
  });

  it("sends a deletion to every campaign, ended ones included, and keeps the index of each rejected item", async () => {
    const deletion = { delete: { status: { id: "123", id_str: "123", user_id: "1", user_id_str: "1" } } };
    const result = await router().ingest([42, deletion], "x", { campaignOnly: true });
    for (const r of all) expect(ids(r)).toEqual(["delete"]);
    expect(result.deleted).toBe(4);
    expect(result.rejected.map((r) => r.index)).toEqual([0]);
  });
});
