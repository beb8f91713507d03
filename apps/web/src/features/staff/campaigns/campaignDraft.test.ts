import { describe, expect, it } from "vitest";
import { builtInCampaign } from "@pulse/shared";
import { campaignToDraft, draftToCampaign, duplicateDraft, emptyDraft, isoToZoneLocal, zoneLocalToIso } from "./campaignDraft";

describe("campaign times in the campaign's zone", () => {
  it("show an ISO time as wall-clock time in the zone", () => {
    expect(isoToZoneLocal("2015-02-24T00:00:00+01:00", "Europe/Paris")).toBe("2015-02-24T00:00");
    expect(isoToZoneLocal("2015-02-23T23:00:00Z", "Europe/Paris")).toBe("2015-02-24T00:00");
    expect(isoToZoneLocal("2027-07-01T12:00:00Z", "America/New_York")).toBe("2027-07-01T08:00");
    expect(isoToZoneLocal("nonsense", "Europe/Paris")).toBe("");
    expect(isoToZoneLocal("2015-02-24T00:00:00Z", "Mars/Olympus")).toBe("");
  });

  it("give wall-clock time the zone's offset at that date, on both sides of a DST change", () => {
    expect(zoneLocalToIso("2027-02-24T09:00", "Europe/Paris")).toBe("2027-02-24T09:00:00+01:00");
    expect(zoneLocalToIso("2027-07-14T09:00", "Europe/Paris")).toBe("2027-07-14T09:00:00+02:00");
    expect(zoneLocalToIso("2027-03-28T01:30", "Europe/Paris")).toBe("2027-03-28T01:30:00+01:00");
    expect(zoneLocalToIso("2027-03-28T03:30", "Europe/Paris")).toBe("2027-03-28T03:30:00+02:00");
    expect(zoneLocalToIso("2027-01-10T09:00", "Asia/Kolkata")).toBe("2027-01-10T09:00:00+05:30");
    expect(zoneLocalToIso("2027-01-10T09:00", "America/Sao_Paulo")).toBe("2027-01-10T09:00:00-03:00");
    expect(zoneLocalToIso("", "Europe/Paris")).toBeNull();
    expect(zoneLocalToIso("2027-01-10T09:00", "Mars/Olympus")).toBeNull();
  });
});

describe("campaign drafts", () => {
  it("give back the same campaign after a round through the editor", () => {
    const campaign = { ...builtInCampaign, brand: { primary: "#1d9bf0", accent: "#f7b500" }, goal: { posts: 40_000, country: "FR", label: "Objectif" }, feedPace: 5, mediaApproval: "pictures" as const, retentionDays: 90 };
    const back = draftToCampaign(campaignToDraft(campaign));
    expect(back).toEqual({ ...campaign, start: "2015-02-24T00:00:00+01:00", end: "2015-02-25T00:00:00+01:00" });
    expect(Date.parse(back.start)).toBe(Date.parse(campaign.start));
    expect(Date.parse(back.end)).toBe(Date.parse(campaign.end));
  });

  it("leave empty optional fields out, and send what is not a number as typed, for the API to name", () => {
    const draft = { ...emptyDraft(), id: " salon-2027 ", name: "Salon", start: "2027-02-24T09:00", end: "bad", goalPosts: "lots", feedPace: "" };
    const body = draftToCampaign({ ...draft, hashtags: [{ tag: "#Salon2027", country: "fr" }, { tag: "", country: "" }] }) as unknown as Record<string, unknown>;
    expect(body).toEqual({
      id: "salon-2027",
      name: "Salon",
      timezone: "Europe/Paris",
      start: "2027-02-24T09:00:00+01:00",
      end: "bad",
      // Every row is sent, so an issue's index is the row on screen.
      hashtags: [{ tag: "Salon2027", country: "FR" }, { tag: "", country: "" }],
      organizations: [],
      goal: { posts: "lots" },
    });
  });

  it("duplicate a campaign: its organizations, zone, brand and goal, with the id, dates and hashtags to fill", () => {
    const source = { ...builtInCampaign, brand: { primary: "#1d9bf0" }, goal: { posts: 10 } };
    const copy = duplicateDraft(source, "Copie");
    expect(copy).toMatchObject({ id: "", name: "Copie", start: "", end: "", hashtags: [{ tag: "", country: "" }], timezone: source.timezone, brandPrimary: "#1d9bf0", goalPosts: "10" });
    expect(copy.organizations.map((row) => row.id)).toEqual(source.organizations.map((org) => org.id));
    expect(copy.organizations.length).toBeGreaterThan(10);
    // A copy: editing it leaves the original's draft alone.
    const original = campaignToDraft(source);
    copy.organizations[0]!.name = "Changed";
    expect(original.organizations[0]!.name).toBe(source.organizations[0]!.name);
    expect(draftToCampaign(copy).organizations).toHaveLength(source.organizations.length);
  });
});
