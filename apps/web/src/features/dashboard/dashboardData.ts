/** Pure selectors that turn a Snapshot and the campaign into what the dashboard draws. */
import type { Organization, Post, TimelinePoint, Totals } from "@pulse/shared/client";
import { clockTicks, MINUTE_MS } from "../../lib/timelineSeries";
import { pinnedFirst, type FeedEntry } from "../../lib/pinnedFirst";
import { rankedCounts } from "../../lib/rankedCounts";

/** The row key that gathers the countries past the chart's limit. */
export const OTHER_COUNTRIES = "others";

/** One bar of the country chart. `code` is a country code, `"unknown"` or {@link OTHER_COUNTRIES}. */
export interface CountryRow {
  code: string;
  posts: number;
}

/** One row of the top organizations. */
export interface OrganizationRow {
  id: string;
  name: string;
  country?: string;
  kind?: Organization["kind"];
  posts: number;
}

/** Posts per minute now: the latest timeline bucket, or 0 before the first post. */
export function postsPerMinuteNow(timeline: readonly TimelinePoint[]): number {
  return timeline.at(-1)?.posts ?? 0;
}

/** At most this many spaces between the timeline's time labels: a day gets one every 4 hours, also on a phone. */
export const TIMELINE_MAX_TICKS = 6;

/** The dashboard timeline's x axis: its span and where it is labelled. */
export interface TimelineAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * The x axis for `points` (one per minute, oldest first): from the first minute to the latest (one minute wide
 * for a single point), labelled on round times of the campaign's clock (`timeZone`; the browser's when none).
 */
export function timelineAxis(points: readonly TimelinePoint[], timeZone?: string): TimelineAxis {
  const from = points[0]?.t ?? 0;
  const last = points.at(-1)?.t ?? from;
  const to = last > from ? last : from + MINUTE_MS;
  return { domain: [from, to], ticks: clockTicks(from, to, TIMELINE_MAX_TICKS, timeZone) };
}

/**
 * Countries with posts, most first (ties by code, so the order is stable). Past `limit` bars the rest are
 * summed into one {@link OTHER_COUNTRIES} bar.
 */
export function countryRows(byCountry: Readonly<Record<string, number>>, limit = 12): CountryRow[] {
  const rows = rankedCounts(byCountry).map(([code, posts]) => ({ code, posts }));
  if (rows.length <= limit) return rows;
  const kept = rows.slice(0, limit - 1);
  const rest = rows.slice(limit - 1).reduce((sum, row) => sum + row.posts, 0);
  return [...kept, { code: OTHER_COUNTRIES, posts: rest }];
}

/** The organizations with the most posts, named from the campaign (the id stands in while it loads). */
export function topOrganizations(
  byOrganization: Readonly<Record<string, number>>,
  organizations: readonly Organization[],
  limit = 8,
): OrganizationRow[] {
  const known = new Map(organizations.map((org) => [org.id, org]));
  return rankedCounts(byOrganization)
    .slice(0, limit)
    .map(([id, posts]) => {
      const org = known.get(id);
      return org ? { id, name: org.name, country: org.country, kind: org.kind, posts } : { id, name: id, posts };
    });
}

/** The four kinds of post with their counts. */
export function kindRows(totals: Totals): { key: "originals" | "retweets" | "replies" | "quotes"; posts: number }[] {
  return (["originals", "retweets", "replies", "quotes"] as const).map((key) => ({ key, posts: totals[key] }));
}

/** The live feed: the pinned posts lead, newest pin first, then the newest posts; each post once. */
export function liveFeedEntries(recent: readonly Post[], pinned: readonly Post[] = []): FeedEntry[] {
  return pinnedFirst(recent, pinned);
}
