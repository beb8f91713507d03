/**
 * Pure selectors that turn a campaign's insights (`InsightsState`, contract v2 "Insights") into what the dashboard
 * panel, the wall scene and the staff view draw, and the hashtag filter of the live feed.
 */
import { normalizeTag, UNKNOWN_LANGUAGE, type InsightsState, type Post } from "@pulse/shared/client";
import type { FeedEntry } from "../../lib/pinnedFirst";
import { rankedCounts } from "../../lib/rankedCounts";

export { UNKNOWN_LANGUAGE };
/** The row key that gathers the languages past a list's limit. */
export const OTHER_LANGUAGES = "others";

/** One row of a ranked insight list: what it counts, its posts, and its bar's length relative to the leader (0–1). */
export interface InsightRow {
  key: string;
  posts: number;
  share: number;
}

/** One language: its code (or {@link UNKNOWN_LANGUAGE}, {@link OTHER_LANGUAGES}), its posts and its share of all posts (0–1). */
export interface LanguageRow {
  lang: string;
  posts: number;
  share: number;
}

/** A rising term: its posts in the last hour and the hour before, the gain, and whether it is new this hour. */
export interface RisingRow {
  term: string;
  lastHour: number;
  previousHour: number;
  gain: number;
  fresh: boolean;
}

/**
 * The first `limit` entries with posts of a ranked list (already sorted by the server), each with its key, its
 * bar's length relative to the leader, and the entry itself.
 */
export function insightRows<T extends { posts: number }>(
  list: readonly T[],
  keyOf: (entry: T) => string,
  limit: number,
): (InsightRow & { entry: T })[] {
  const kept = list.filter((entry) => entry.posts > 0).slice(0, limit);
  const max = Math.max(1, ...kept.map((entry) => entry.posts));
  return kept.map((entry) => ({ key: keyOf(entry), posts: entry.posts, share: entry.posts / max, entry }));
}

/**
 * Languages with posts, most first (ties by code), each with its share of all posts. Past `limit` rows the rest
 * are summed into one {@link OTHER_LANGUAGES} row, so the shares still add up to the whole.
 */
export function languageRows(languages: Readonly<Record<string, number>>, limit = 6): LanguageRow[] {
  const ranked = rankedCounts(languages);
  const total = ranked.reduce((sum, [, posts]) => sum + posts, 0);
  const rows = ranked.map(([lang, posts]) => ({ lang, posts, share: total > 0 ? posts / total : 0 }));
  if (rows.length <= limit) return rows;
  const rest = rows.slice(limit - 1);
  const posts = rest.reduce((sum, row) => sum + row.posts, 0);
  return [...rows.slice(0, limit - 1), { lang: OTHER_LANGUAGES, posts, share: total > 0 ? posts / total : 0 }];
}

/** The terms that gained posts this hour, in the server's order (most gained first), at most `limit`. */
export function risingRows(rising: InsightsState["rising"], limit: number): RisingRow[] {
  return rising
    .map(({ term, lastHour, previousHour }) => ({ term, lastHour, previousHour, gain: lastHour - previousHour, fresh: previousHour === 0 }))
    .filter((row) => row.gain > 0)
    .slice(0, limit);
}

/**
 * A language's name in the UI's locale (`fr` → "français"), `unknownLabel` for {@link UNKNOWN_LANGUAGE}, the code
 * itself when the browser does not know it.
 */
export function languageName(lang: string, locale: string, unknownLabel: string): string {
  if (lang === UNKNOWN_LANGUAGE || lang.trim() === "") return unknownLabel;
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "code" }).of(lang) ?? lang;
  } catch {
    // Not a well-formed language tag.
    return lang;
  }
}

/** True when the insights count at least one post: before that, the screens say they wait for data. */
export function hasInsightData(insights: InsightsState | undefined): insights is InsightsState {
  return insights !== undefined && Object.values(insights.languages).some((posts) => posts > 0);
}

/** A hashtag in the form the server counts it: lower case, without its leading `#` (the shared `normalizeTag`). */
export const hashtagKey = normalizeTag;

/** True when `post` carries hashtag `tag`, whatever its case or `#`. */
export function carriesHashtag(post: Pick<Post, "hashtags">, tag: string): boolean {
  const wanted = hashtagKey(tag);
  return post.hashtags.some((own) => hashtagKey(own) === wanted);
}

/** The feed entries that carry hashtag `tag`, pinned ones included; all of them when `tag` is null. */
export function entriesWithHashtag(entries: readonly FeedEntry[], tag: string | null): readonly FeedEntry[] {
  if (tag === null) return entries;
  return entries.filter(({ post }) => carriesHashtag(post, tag));
}
