/**
 * The insight constants and the empty insights, without zod, so `@pulse/shared/client` (the embeds) can take them.
 */
import type { InsightsState } from "./insights.js";

/** Most entries in each insight list. */
export const INSIGHT_LIST_LIMIT = 20;

/** The insight lists that are top-N rankings (sorted by count, most first, ties by key). */
export const INSIGHT_LISTS = ["hashtags", "mentions", "authors", "domains", "rising"] as const;
/** One of the ranked insight lists. */
export type InsightList = (typeof INSIGHT_LISTS)[number];

/** The insight maps (counts by key): a change carries only their entries that moved, as `byCountry`'s. */
export const INSIGHT_MAPS = ["languages", "mentionsByOrganization", "offersByOrganization"] as const;
/** One of the insight maps. */
export type InsightMap = (typeof INSIGHT_MAPS)[number];

/** The language key of the posts that named none. */
export const UNKNOWN_LANGUAGE = "unknown";

/** Insights with nothing counted. */
export function emptyInsights(): InsightsState {
  return {
    hashtags: [],
    mentions: [],
    authors: [],
    domains: [],
    languages: {},
    rising: [],
    mentionsByOrganization: {},
    offersByOrganization: {},
  };
}
