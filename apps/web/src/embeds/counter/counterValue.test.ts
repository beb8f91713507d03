import type { Snapshot } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { counterContext, counterValue } from "./counterValue";

const snapshot: Snapshot = {
  seq: 3,
  campaign: "c",
  totals: { posts: 120, authors: 40, originals: 100, retweets: 10, replies: 5, quotes: 5 },
  byCountry: { FR: 80, DE: 30, unknown: 10 },
  byOrganization: {},
  timeline: [],
  recent: [],
};

describe("counterValue", () => {
  it("counts every post, or one country's", () => {
    expect(counterValue(snapshot, null)).toBe(120);
    expect(counterValue(snapshot, "FR")).toBe(80);
    expect(counterValue(snapshot, "IE")).toBe(0);
  });
});

describe("counterContext", () => {
  const campaign = {
    name: "European Jobs Day 2015 (#VotreJob)",
    hashtags: [
      { tag: "VotreJob", country: "FR" },
      { tag: "DeinJob", country: "DE" },
      { tag: "YourJobDE", country: "DE" },
    ],
  };
  it("names the country's hashtags, else the campaign", () => {
    expect(counterContext(campaign, "DE")).toBe("#DeinJob · #YourJobDE");
    expect(counterContext(campaign, "IT")).toBe(campaign.name);
    expect(counterContext(campaign, null)).toBe(campaign.name);
  });
});
