import { describe, expect, it } from "vitest";
import { campaignDates } from "./reportDates";

const day = { start: "2015-02-24T00:00:00+01:00", end: "2015-02-25T00:00:00+01:00", timezone: "Europe/Paris" };

describe("the report's campaign dates", () => {
  it("name the campaign's own day in its time zone, whatever day the report is made", () => {
    expect(campaignDates(day, "en-GB")).toBe("Tuesday, 24 February 2015");
    expect(campaignDates(day, "fr-FR")).toBe("mardi 24 février 2015");
  });

  it("give a range of days, or the times when the campaign does not keep to whole days", () => {
    expect(campaignDates({ ...day, end: "2015-02-27T00:00:00+01:00" }, "en-GB")).toMatch(/^Tuesday.*24.*Thursday.*26 February 2015$/);
    const hours = campaignDates({ ...day, start: "2015-02-24T09:00:00+01:00", end: "2015-02-24T18:00:00+01:00" }, "en-GB");
    expect(hours).toContain("24 February 2015");
    expect(hours).toMatch(/09:00.*18:00/);
    // Midnight in Paris is not midnight in New York.
    expect(campaignDates({ ...day, timezone: "America/New_York" }, "en-GB")).toMatch(/18:00.*18:00/);
    expect(campaignDates({ ...day, end: day.start }, "en-GB")).toBeNull();
  });
});
