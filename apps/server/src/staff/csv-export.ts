/**
 * The CSV exports: UTF-8, comma-separated, a header row, RFC 4180 quoting (csv-stringify). Cells that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`
 * (csv-stringify's `escape_formulas`; numbers are left alone). `bom: true` starts the file with a byte order mark,
 * which Excel needs to read UTF-8 accents.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Response } from "express";
import { stringify } from "csv-stringify";
import { detectJobOffer, UNKNOWN_COUNTRY, type Campaign, type InsightsState, type ModeratedPost, type OrganizationEntry } from "@pulse/shared";
import type { CampaignTally } from "./organization-stats.js";

/** The columns of `posts.csv`, in order. */
export const POSTS_COLUMNS = [
  "network",
  "id",
  "created_at",
  "author_handle",
  "author_id",
  "author_name",
  "country",
  "organization_id",
  "organization_name",
  "kind",
  "moderation_state",
  "pinned",
  "job_offer",
  "lang",
  "text",
] as const;

/** The columns of `aggregates.csv`, in order; each row fills the ones its `section` uses and leaves the rest empty. */
export const AGGREGATES_COLUMNS = [
  "section",
  "minute_utc",
  "t",
  "country",
  "organization_id",
  "organization_name",
  "posts",
  "offers",
  "mentions",
  "retweets_of_its_posts",
  "engagement",
  "hires",
] as const;

/** The columns of `insights.csv`, in order; each row fills the ones its `section` uses. */
export const INSIGHTS_COLUMNS = ["section", "rank", "key", "name", "organization_id", "posts", "last_hour", "previous_hour"] as const;

type InsightsRow = Partial<Record<(typeof INSIGHTS_COLUMNS)[number], string | number>>;

/**
 * Rows of `insights.csv`, section by section as `GET /api/insights` answers (each ranked list in its order, `rank`
 * from 1): `hashtag`, `mention`, `author` (handle, name, organization), `domain`, `rising` (posts in the last hour
 * and the hour before), then `language` (most first), and `organization_mentions` and `organization_offers` per
 * organization id.
 */
export function insightsRows(insights: InsightsState): InsightsRow[] {
  const ranked = (section: string, entries: { key: string; posts: number }[]) =>
    entries.map(({ key, posts }, i) => ({ section, rank: i + 1, key, posts }));
  const counts = (section: string, map: Record<string, number>) =>
    Object.entries(map)
      .filter(([, posts]) => posts !== 0)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, posts], i) => ({ section, rank: i + 1, key, posts }));
  return [
    ...ranked("hashtag", insights.hashtags.map((e) => ({ key: e.tag, posts: e.posts }))),
    ...ranked("mention", insights.mentions.map((e) => ({ key: e.handle, posts: e.posts }))),
    ...insights.authors.map((e, i) => ({ section: "author", rank: i + 1, key: e.handle, name: e.name ?? "", organization_id: e.orgId ?? "", posts: e.posts })),
    ...ranked("domain", insights.domains.map((e) => ({ key: e.domain, posts: e.posts }))),
    ...insights.rising.map((e, i) => ({ section: "rising", rank: i + 1, key: e.term, last_hour: e.lastHour, previous_hour: e.previousHour })),
    ...counts("language", insights.languages),
    ...counts("organization_mentions", insights.mentionsByOrganization),
    ...counts("organization_offers", insights.offersByOrganization),
  ];
}

type PostsRow = Record<(typeof POSTS_COLUMNS)[number], string | number>;
type AggregatesRow = Partial<Record<(typeof AGGREGATES_COLUMNS)[number], string | number>>;

/** One `posts.csv` row: a post, its attribution and its moderation state. */
export function postRow(item: ModeratedPost, orgNames: ReadonlyMap<string, string>): PostsRow {
  const { post } = item;
  return {
    network: post.network,
    id: post.id,
    created_at: post.createdAt,
    author_handle: post.author.handle,
    author_id: post.author.id,
    author_name: post.author.name ?? "",
    country: post.country ?? UNKNOWN_COUNTRY,
    organization_id: post.orgId ?? "",
    organization_name: post.orgId ? (orgNames.get(post.orgId) ?? "") : "",
    kind: post.kind,
    moderation_state: item.state,
    pinned: item.pinned ? "true" : "false",
    job_offer: detectJobOffer(post).isOffer ? "true" : "false",
    lang: post.lang ?? "",
    text: post.text,
  };
}

/** Rows of `posts.csv`, one a stored post in arrival order. */
export async function* postsRows(posts: AsyncIterable<ModeratedPost>, campaign: Campaign): AsyncGenerator<PostsRow> {
  const names = new Map(campaign.organizations.map((org) => [org.id, org.name]));
  for await (const item of posts) yield postRow(item, names);
}

/**
 * Rows of `aggregates.csv`: first `minute_country` rows (posts per UTC minute and country, by minute then country;
 * `minute_utc` is ISO 8601, `t` the same minute in epoch ms as in the snapshot's `timeline`), then one
 * `organization` row per campaign organization in leaderboard order, with its country and ROI figures.
 */
export function aggregatesRows(tally: CampaignTally, organizations: OrganizationEntry[]): AggregatesRow[] {
  const rows: AggregatesRow[] = [];
  for (const t of [...tally.minuteCountry.keys()].sort((a, b) => a - b)) {
    const countries = tally.minuteCountry.get(t) as Map<string, number>;
    for (const country of [...countries.keys()].sort()) {
      rows.push({ section: "minute_country", minute_utc: new Date(t).toISOString().replace(".000Z", "Z"), t, country, posts: countries.get(country) ?? 0 });
    }
  }
  for (const o of organizations) {
    rows.push({
      section: "organization",
      country: o.country,
      organization_id: o.id,
      organization_name: o.name,
      posts: o.posts,
      offers: o.offers,
      mentions: o.mentions,
      retweets_of_its_posts: o.retweetsOfItsPosts,
      engagement: o.engagement,
      hires: o.hires,
    });
  }
  return rows;
}

/** A file name for an export: `<campaign>-<what>-<UTC time>.csv`. */
export function exportFileName(campaign: Campaign, what: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return `${campaign.id}-${what}-${stamp}.csv`;
}

/**
 * Streams rows to the response as a CSV attachment. The first row is read before anything is sent, so a store
 * that cannot be read still gets its 503; a failure later cuts the download short (the response is destroyed).
 */
export async function sendCsv(
  res: Response,
  options: { fileName: string; columns: readonly string[]; rows: AsyncIterable<object> | Iterable<object>; bom?: boolean },
): Promise<void> {
  const iterator = (Symbol.asyncIterator in options.rows ? options.rows[Symbol.asyncIterator]() : toAsync(options.rows)) as AsyncIterator<object>;
  const first = await iterator.next();
  async function* all(): AsyncGenerator<object> {
    if (first.done) return;
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  res.status(200);
  res.attachment(options.fileName);
  res.set("Content-Type", "text/csv; charset=utf-8");
  res.set("Cache-Control", "no-store");
  await pipeline(
    Readable.from(all()),
    stringify({ header: true, columns: [...options.columns], escape_formulas: true, bom: options.bom ?? false }),
    res,
  );
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
