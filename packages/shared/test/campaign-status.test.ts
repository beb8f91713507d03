import { describe, expect, it } from "vitest";
import { builtInCampaign, CampaignSchema, campaignStatus, retentionAt } from "../src/index.js";

describe("campaignStatus", () => {
  const window = { start: "2015-02-24T00:00:00+01:00", end: "2015-02-25T00:00:00+01:00" };

  it("is scheduled before start, live from start, ended from end, reading the offsets", () => {
    expect(campaignStatus(window, Date.parse("2015-02-23T22:59:59Z"))).toBe("scheduled");
    expect(campaignStatus(window, Date.parse("2015-02-23T23:00:00Z"))).toBe("live");
    expect(campaignStatus(window, Date.parse("2015-02-24T22:59:59.999Z"))).toBe("live");
    expect(campaignStatus(window, Date.parse("2015-02-24T23:00:00Z"))).toBe("ended");
  });
});

describe("retentionAt", () => {
  const end = "2015-02-25T00:00:00+01:00";

  it("is retentionDays after the end, reading its offset; undefined without retention", () => {
    expect(retentionAt({ end, retentionDays: 30 })).toBe(Date.parse("2015-03-26T23:00:00Z"));
    expect(retentionAt({ end })).toBeUndefined();
  });

  it("is a campaign field of whole days from 1 to 3650, refused otherwise with what was expected", () => {
    for (const bad of [0, 1.5, 3651, -1]) {
      const parsed = CampaignSchema.safeParse({ ...builtInCampaign, retentionDays: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^expected/);
    }
    expect(CampaignSchema.parse({ ...builtInCampaign, retentionDays: 90 }).retentionDays).toBe(90);
  });
});
