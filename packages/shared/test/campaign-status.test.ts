import { describe, expect, it } from "vitest";
import { campaignStatus } from "../src/index.js";

describe("campaignStatus", () => {
  const window = { start: "2015-02-24T00:00:00+01:00", end: "2015-02-25T00:00:00+01:00" };

  it("is scheduled before start, live from start, ended from end, reading the offsets", () => {
    expect(campaignStatus(window, Date.parse("2015-02-23T22:59:59Z"))).toBe("scheduled");
    expect(campaignStatus(window, Date.parse("2015-02-23T23:00:00Z"))).toBe("live");
    expect(campaignStatus(window, Date.parse("2015-02-24T22:59:59.999Z"))).toBe("live");
    expect(campaignStatus(window, Date.parse("2015-02-24T23:00:00Z"))).toBe("ended");
  });
});
