import { afterEach, describe, expect, it, vi } from "vitest";
import { campaignFromPath, campaignPath, isCampaignId, pageCampaign } from "./campaignPath";

describe("campaignFromPath", () => {
  it.each([
    ["/c/salon-agriculture-2027/", "salon-agriculture-2027", "/"],
    ["/c/salon-agriculture-2027", "salon-agriculture-2027", "/"],
    ["/c/jobs-day/wall", "jobs-day", "/wall"],
    ["/c/jobs-day/wall/", "jobs-day", "/wall/"],
    ["/c/2027/embed/counter", "2027", "/embed/counter"],
  ])("reads %j as campaign %j, page %j", (path, campaign, page) => {
    expect(campaignFromPath(path)).toEqual({ campaign, page });
  });

  it.each(["/", "/wall", "/embed/counter", "/staff", "", "/campaigns/x", "/c", "/c/"])("reads the v1 path %j as no campaign", (path) => {
    expect(campaignFromPath(path)).toEqual({ campaign: null, page: path });
  });

  it.each(["/c/Jobs-Day/wall", "/c/-x/", "/c/a_b/", "/c/%2e%2e/wall", `/c/${"a".repeat(64)}/`])(
    "names no campaign for the malformed id in %j",
    (path) => {
      expect(campaignFromPath(path).campaign).toBeNull();
    },
  );
});

describe("campaignPath", () => {
  it("builds a campaign's page paths, and the v1 paths for none", () => {
    expect(campaignPath("jobs-day")).toBe("/c/jobs-day/");
    expect(campaignPath("jobs-day", "/wall")).toBe("/c/jobs-day/wall");
    expect(campaignPath("jobs-day", "/embed/counter")).toBe("/c/jobs-day/embed/counter");
    expect(campaignPath(null)).toBe("/");
    expect(campaignPath(null, "/wall")).toBe("/wall");
  });

  it("round-trips through campaignFromPath", () => {
    for (const page of ["/", "/wall", "/embed/feed"]) expect(campaignFromPath(campaignPath("a-1", page))).toEqual({ campaign: "a-1", page });
  });
});

describe("isCampaignId", () => {
  it("takes slugs of 1 to 63 characters only", () => {
    expect(isCampaignId("a")).toBe(true);
    expect(isCampaignId(`a${"-".repeat(62)}`)).toBe(true);
    expect(isCampaignId(`a${"-".repeat(63)}`)).toBe(false);
    expect(isCampaignId("")).toBe(false);
    expect(isCampaignId("A")).toBe(false);
    expect(isCampaignId(7)).toBe(false);
  });
});

describe("the page's campaign", () => {
  afterEach(() => vi.unstubAllGlobals());
  const at = (pathname: string, search = "") => vi.stubGlobal("location", { pathname, search });

  it("is the one its path names, or the default campaign's (null) on a v1 path", () => {
    at("/c/salon-2027/wall");
    expect(pageCampaign()).toBe("salon-2027");
    at("/wall", "?campaign=salon-2027");
    expect(pageCampaign()).toBeNull();
  });

  it("is the staff console's ?campaign=, when it is an id", () => {
    at("/staff", "?view=audit&campaign=salon-2027");
    expect(pageCampaign()).toBe("salon-2027");
    at("/staff/", "?campaign=salon-2027");
    expect(pageCampaign()).toBe("salon-2027");
    at("/staff", "?campaign=Not%20An%20Id");
    expect(pageCampaign()).toBeNull();
    at("/staff");
    expect(pageCampaign()).toBeNull();
  });
});
