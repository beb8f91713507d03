import type { Organization } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { testPost as post } from "../../lib/testFixtures";
import { countryRows, liveFeedEntries, OTHER_COUNTRIES, postsPerMinuteNow, timelineAxis, TIMELINE_MAX_TICKS, topOrganizations } from "./dashboardData";

const T0 = Date.UTC(2015, 4, 5, 8, 0);
const MIN = 60_000;

describe("dashboard selectors", () => {
  it("reads posts per minute from the latest bucket", () => {
    expect(postsPerMinuteNow([])).toBe(0);
    expect(postsPerMinuteNow([{ t: T0, posts: 5 }, { t: T0 + MIN, posts: 9 }])).toBe(9);
  });

  it("sorts countries, drops empty ones and folds the tail into one bar", () => {
    expect(countryRows({ FR: 5, BE: 9, unknown: 2, DE: 0 })).toEqual([
      { code: "BE", posts: 9 },
      { code: "FR", posts: 5 },
      { code: "unknown", posts: 2 },
    ]);
    const rows = countryRows({ FR: 50, BE: 40, DE: 30, IT: 20, ES: 10 }, 3);
    expect(rows).toEqual([
      { code: "FR", posts: 50 },
      { code: "BE", posts: 40 },
      { code: OTHER_COUNTRIES, posts: 60 },
    ]);
  });

  it("names the top organizations from the campaign", () => {
    const orgs: Organization[] = [
      { id: "pole-emploi", name: "Pôle emploi", country: "FR", kind: "agency", handles: { x: "pole_emploi" } },
    ];
    expect(topOrganizations({ "pole-emploi": 7, "not-in-campaign": 9, zero: 0 }, orgs)).toEqual([
      { id: "not-in-campaign", name: "not-in-campaign", posts: 9 },
      { id: "pole-emploi", name: "Pôle emploi", country: "FR", kind: "agency", posts: 7 },
    ]);
  });
});

describe("the live feed", () => {
  it("leads with the pinned posts, newest pin first, and shows a pinned recent post only once", () => {
    const recent = [post("5"), post("4"), post("3")];
    const entries = liveFeedEntries(recent, [post("4"), post("1")]);
    expect(entries.map((e) => [e.post.id, e.pinned])).toEqual([
      ["4", true],
      ["1", true],
      ["5", false],
      ["3", false],
    ]);
    expect(liveFeedEntries(recent).map((e) => e.pinned)).toEqual([false, false, false]);
  });

  it("spans the timeline's axis over its minutes and labels it on round hours of the campaign's clock", () => {
    // Jobs Day in Paris: from midnight (23:00 UTC the day before) to 23:59.
    const midnight = Date.UTC(2015, 1, 23, 23, 0);
    const day = Array.from({ length: 24 * 60 }, (_, i) => ({ t: midnight + i * MIN, posts: i % 7 }));
    const axis = timelineAxis(day, "Europe/Paris");
    expect(axis.domain).toEqual([midnight, midnight + (24 * 60 - 1) * MIN]);
    const hours = axis.ticks.map((t) => new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" }).format(t));
    expect(hours).toEqual(["00:00", "04:00", "08:00", "12:00", "16:00", "20:00"]);
    expect(axis.ticks.length - 1).toBeLessThanOrEqual(TIMELINE_MAX_TICKS);
    // In a zone half an hour off UTC, still whole hours there.
    const india = timelineAxis(day, "Asia/Kolkata");
    expect(india.ticks.every((t) => new Date(t + 5.5 * 60 * MIN).getUTCMinutes() === 0)).toBe(true);
  });

  it("gives a single minute an axis one minute wide, and a short span labels of a few minutes", () => {
    expect(timelineAxis([{ t: T0, posts: 3 }], "UTC")).toEqual({ domain: [T0, T0 + MIN], ticks: [T0] });
    const halfHour = Array.from({ length: 30 }, (_, i) => ({ t: T0 + i * MIN, posts: 1 }));
    expect(timelineAxis(halfHour, "UTC").ticks).toEqual([0, 5, 10, 15, 20, 25].map((m) => T0 + m * MIN));
  });
});
