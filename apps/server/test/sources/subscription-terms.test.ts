import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import { LiveSubscriptionTerms, allHashtags, campaignTerms } from "../../src/sources/subscription-terms.js";

function campaign(id: string, tags: string[], handles: Campaign["organizations"][number]["handles"][] = []): Campaign {
  return {
    ...builtInCampaign,
    id,
    hashtags: tags.map((tag) => ({ tag, country: "FR" })),
    organizations: handles.map((h, i) => ({ id: `${id}-${i}`, name: `${id} ${i}`, country: "FR", kind: "company" as const, handles: h })),
  };
}

describe("campaignTerms", () => {
  it("gives each hashtag and handle once, as they are compared, sorted, networks in a fixed order", () => {
    const terms = campaignTerms(campaign("c", ["VotreJob", "#votrejob", "DeinJob"], [{ x: "@Zed", mastodon: "a@b.social" }, { x: "alpha", bluesky: "c.bsky.social" }]));
    expect(terms).toEqual({
      campaign: "c",
      hashtags: ["deinjob", "votrejob"],
      handles: { bluesky: ["c.bsky.social"], mastodon: ["a@b.social"], x: ["alpha", "zed"] },
    });
    expect(Object.keys(terms.handles)).toEqual(["bluesky", "mastodon", "x"]);
    expect(allHashtags([terms, campaignTerms(campaign("d", ["Other", "VotreJob"]))])).toEqual(["deinjob", "other", "votrejob"]);
  });
});

describe("LiveSubscriptionTerms", () => {
  let campaigns: Campaign[];
  let terms: LiveSubscriptionTerms;
  let calls: number;

  beforeEach(() => {
    vi.useFakeTimers();
    campaigns = [campaign("b", ["Two"]), campaign("a", ["One"])];
    terms = new LiveSubscriptionTerms({ campaigns: () => campaigns, debounceMs: 1_000, maxWaitMs: 10_000, recheckMs: 5_000 });
    calls = 0;
    terms.subscribe(() => (calls += 1));
    terms.start();
  });
  afterEach(() => {
    terms.stop();
    vi.useRealTimers();
  });

  it("reads the campaigns at start, sorted by id, without telling anyone", () => {
    expect(terms.current().map((t) => t.campaign)).toEqual(["a", "b"]);
    expect(calls).toBe(0);
  });

  it("tells its listeners once for a burst of edits, after they settled", () => {
    for (const tag of ["Three", "Four", "Five"]) {
      campaigns = [campaigns[0]!, campaign("a", ["One", tag])];
      terms.changed();
      vi.advanceTimersByTime(500);
    }
    expect(calls).toBe(0);
    expect(terms.current().find((t) => t.campaign === "a")?.hashtags).toEqual(["one"]);
    vi.advanceTimersByTime(500);
    expect(calls).toBe(1);
    expect(terms.current().find((t) => t.campaign === "a")?.hashtags).toEqual(["five", "one"]);
  });

  it("stays silent when a change leaves the terms as they were (a goal, a colour)", () => {
    campaigns = campaigns.map((c) => ({ ...c, goal: { posts: 10 } }));
    terms.changed();
    vi.advanceTimersByTime(2_000);
    expect(calls).toBe(0);
  });

  it("publishes within maxWaitMs even while edits keep coming", () => {
    for (let i = 0; i < 30; i++) {
      campaigns = [campaign("a", ["One", `tag${i}`])];
      terms.changed();
      vi.advanceTimersByTime(500);
    }
    // 15 s of edits every 0.5 s: published at 10 s, then again once they stop.
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(calls).toBe(2);
    expect(terms.current()[0]?.hashtags).toEqual(["one", "tag29"]);
  });

  it("notices without being told, within recheckMs and the debounce, a campaign that went live by the clock", () => {
    campaigns = [...campaigns, campaign("c", ["Three"])];
    vi.advanceTimersByTime(5_999);
    expect(calls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(1);
    expect(terms.current().map((t) => t.campaign)).toEqual(["a", "b", "c"]);
  });

  it("stops telling after stop", () => {
    terms.stop();
    campaigns = [campaign("a", ["Other"])];
    terms.changed();
    vi.advanceTimersByTime(20_000);
    expect(calls).toBe(0);
  });
});
