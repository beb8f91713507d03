/**
 * The insight counters of one campaign, in process: what the embedded store keeps, and the rules the Redis apply
 * script follows in Lua (both are held to one contract suite). Each post adds its `PostInsight` once; a delete (or
 * the old version of an edit) takes out exactly what it added. Moderation never touches them.
 *
 * Memory: one map entry per distinct hashtag, mention, author, domain and language (the key and a number; an
 * author also keeps how to show them), and for rising terms one entry per term and minute of the last two hours of
 * `createdAt`, plus one per term in each hour's sum. A post adds at most 100 hashtags, 100 mentions, 100 domains and
 * `MAX_TERMS_PER_POST` terms, each at most `MAX_TERM_LENGTH` characters, so the book grows at most linearly with the
 * posts counted, as the posts themselves do.
 */
import { INSIGHT_LIST_LIMIT, type InsightList } from "./insight-lists.js";
import type { InsightsChange, InsightsState } from "./insights.js";
import type { PostInsight } from "./post-insight.js";

/** One hour in ms: the rising window's step. */
export const HOUR_MS = 3_600_000;

/**
 * Orders keys as Redis orders the members of a sorted set with equal scores: by their UTF-8 bytes, which is the
 * order of their code points (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF).
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
    return x - y;
  }
  return a.length - b.length;
}

/** Most first, ties by key. */
function byRank(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || compareKeys(a[0], b[0]);
}

/**
 * Counts by key, with the top `limit` kept as they change: an increment costs a look at the top list; only a
 * decrement of a key in the top (a delete) makes the next read scan every key.
 */
export class RankedCounts {
  readonly counts = new Map<string, number>();
  #top: [string, number][] = [];
  #stale = false;

  constructor(readonly limit = INSIGHT_LIST_LIMIT) {}

  /** Adds `by` to `key` and returns its new count; a count that reaches 0 is dropped. */
  add(key: string, by: number): number {
    const count = (this.counts.get(key) ?? 0) + by;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
    const at = this.#top.findIndex(([k]) => k === key);
    if (by < 0) {
      if (at >= 0) this.#stale = true;
      return count;
    }
    if (this.#stale) return count;
    if (at >= 0) {
      (this.#top[at] as [string, number])[1] = count;
    } else {
      const last = this.#top[this.#top.length - 1];
      if (this.#top.length >= this.limit && last && byRank([key, count], last) >= 0) return count;
      this.#top.push([key, count]);
    }
    this.#top.sort(byRank);
    if (this.#top.length > this.limit) this.#top.length = this.limit;
    return count;
  }

  /** The top `limit` keys and counts, most first, ties by key. */
  top(): [string, number][] {
    if (this.#stale) {
      this.#top = [...this.counts].sort(byRank).slice(0, this.limit);
      this.#stale = false;
    }
    return this.#top;
  }
}

/**
 * Rising terms: posts per term and `createdAt` minute over the last two hours, counted back from the newest
 * post's minute (a high-water mark: a delete does not move it back), summed per hour as they come.
 */
export class RisingWindow {
  /** The newest minute counted (epoch ms); -Infinity before any. */
  newest = Number.NEGATIVE_INFINITY;
  /** Term counts per minute, only for minutes after `newest - 2 h`. */
  readonly minutes = new Map<number, Map<string, number>>();
  /** Sums of the minutes after `newest - 1 h`, and of the hour before. */
  readonly lastHour = new Map<string, number>();
  readonly previousHour = new Map<string, number>();

  /** Counts (`by` 1) or takes out (`by` -1) a post's terms at its minute. */
  add(terms: readonly string[], minute: number, by: number): void {
    if (terms.length === 0) return;
    if (by > 0 && minute > this.newest) this.#advance(minute);
    if (minute <= this.newest - 2 * HOUR_MS) return;
    let bucket = this.minutes.get(minute);
    if (!bucket) this.minutes.set(minute, (bucket = new Map()));
    const hour = minute > this.newest - HOUR_MS ? this.lastHour : this.previousHour;
    for (const term of terms) {
      bump(bucket, term, by);
      bump(hour, term, by);
    }
    if (bucket.size === 0) this.minutes.delete(minute);
  }

  /** Moves the window's end to `newest`: minutes leave the last hour for the one before, or leave the window. */
  #advance(newest: number): void {
    const lastFrom = this.newest - HOUR_MS;
    for (const [minute, bucket] of this.minutes) {
      const wasLast = minute > lastFrom;
      if (minute <= newest - 2 * HOUR_MS) {
        for (const [term, n] of bucket) bump(wasLast ? this.lastHour : this.previousHour, term, -n);
        this.minutes.delete(minute);
      } else if (wasLast && minute <= newest - HOUR_MS) {
        for (const [term, n] of bucket) {
          bump(this.lastHour, term, -n);
          bump(this.previousHour, term, n);
        }
      }
    }
    this.newest = newest;
  }

  /** The terms whose last hour most exceeds the hour before (only those it exceeds), ties by term. */
  top(limit = INSIGHT_LIST_LIMIT): InsightsState["rising"] {
    const rising: InsightsState["rising"] = [];
    for (const [term, lastHour] of this.lastHour) {
      const previousHour = this.previousHour.get(term) ?? 0;
      if (lastHour > previousHour) rising.push({ term, lastHour, previousHour });
    }
    rising.sort((a, b) => b.lastHour - b.previousHour - (a.lastHour - a.previousHour) || compareKeys(a.term, b.term));
    return rising.slice(0, limit);
  }
}

/** A campaign's insight counters. */
export interface InsightBook {
  hashtags: RankedCounts;
  mentions: RankedCounts;
  /** By author key (`network:handle` in lower case). */
  authors: RankedCounts;
  /** How to show each author, as the latest post that counted them names them (a recount sets their organization). */
  authorInfo: Map<string, PostInsight["author"]>;
  domains: RankedCounts;
  languages: Map<string, number>;
  mentionsByOrganization: Map<string, number>;
  offersByOrganization: Map<string, number>;
  rising: RisingWindow;
  /** The lists whose counts moved since `takeInsightChanges` last ran. */
  dirty: Set<InsightList>;
  /** The map entries that moved since then, at their new values. */
  moved: Pick<InsightsChange, "languages" | "mentionsByOrganization" | "offersByOrganization">;
}

/** An empty book. */
export function createInsightBook(): InsightBook {
  return {
    hashtags: new RankedCounts(),
    mentions: new RankedCounts(),
    authors: new RankedCounts(),
    authorInfo: new Map(),
    domains: new RankedCounts(),
    languages: new Map(),
    mentionsByOrganization: new Map(),
    offersByOrganization: new Map(),
    rising: new RisingWindow(),
    dirty: new Set(),
    moved: {},
  };
}

/** Adds `by` to a count; one that reaches 0 is dropped (the rising window's sums and minutes). */
function bump(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
  return next;
}

/** Adds `by` to a count that stays at 0 once there, as `byCountry` does (languages, organizations). */
function tally(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  map.set(key, next);
  return next;
}

/**
 * Counts a post's insight (`by` 1) or takes it out (`by` -1), `minute` being its `createdAt` minute, and notes what
 * moved for `takeInsightChanges`.
 */
export function addInsight(book: InsightBook, insight: PostInsight, minute: number, by: 1 | -1): void {
  const change = book.moved;
  for (const tag of insight.hashtags) book.hashtags.add(tag, by);
  for (const handle of insight.mentions) book.mentions.add(handle, by);
  for (const domain of insight.domains) book.domains.add(domain, by);
  const authored = book.authors.add(insight.author.key, by);
  // Shown as the latest post that counted them names them.
  if (by > 0) book.authorInfo.set(insight.author.key, insight.author);
  else if (authored <= 0) book.authorInfo.delete(insight.author.key);
  if (insight.hashtags.length > 0) book.dirty.add("hashtags");
  if (insight.mentions.length > 0) book.dirty.add("mentions");
  if (insight.domains.length > 0) book.dirty.add("domains");
  book.dirty.add("authors");
  if (insight.terms.length > 0) {
    book.rising.add(insight.terms, minute, by);
    book.dirty.add("rising");
  }
  (change.languages ??= {})[insight.lang] = tally(book.languages, insight.lang, by);
  for (const orgId of insight.mentionedOrgs) {
    (change.mentionsByOrganization ??= {})[orgId] = tally(book.mentionsByOrganization, orgId, by);
  }
  if (insight.offerBy) {
    (change.offersByOrganization ??= {})[insight.offerBy] = tally(book.offersByOrganization, insight.offerBy, by);
  }
}

function authorList(book: InsightBook): InsightsState["authors"] {
  return book.authors.top().map(([key, posts]) => {
    const info = book.authorInfo.get(key);
    const entry: InsightsState["authors"][number] = { handle: info?.handle ?? key.slice(key.indexOf(":") + 1), posts };
    if (info?.name) entry.name = info.name;
    if (info?.orgId) entry.orgId = info.orgId;
    if (info) entry.network = info.network;
    return entry;
  });
}

/**
 * What moved since the last call, as a change carries it: the ranked lists whose counts moved, whole, as they stand
 * now, and the map entries that moved, at their new values. Clears the marks. A store calls it once per batch.
 */
export function takeInsightChanges(book: InsightBook): InsightsChange {
  const change: InsightsChange = book.moved;
  book.moved = {};
  for (const list of book.dirty) {
    if (list === "hashtags") change.hashtags = book.hashtags.top().map(([tag, posts]) => ({ tag, posts }));
    else if (list === "mentions") change.mentions = book.mentions.top().map(([handle, posts]) => ({ handle, posts }));
    else if (list === "domains") change.domains = book.domains.top().map(([domain, posts]) => ({ domain, posts }));
    else if (list === "authors") change.authors = authorList(book);
    else change.rising = book.rising.top();
  }
  book.dirty.clear();
  return change;
}

/** The book as snapshots carry it. */
export function readInsights(book: InsightBook): InsightsState {
  return {
    hashtags: book.hashtags.top().map(([tag, posts]) => ({ tag, posts })),
    mentions: book.mentions.top().map(([handle, posts]) => ({ handle, posts })),
    authors: authorList(book),
    domains: book.domains.top().map(([domain, posts]) => ({ domain, posts })),
    languages: Object.fromEntries(book.languages),
    rising: book.rising.top(),
    mentionsByOrganization: Object.fromEntries(book.mentionsByOrganization),
    offersByOrganization: Object.fromEntries(book.offersByOrganization),
  };
}
