/**
 * The X API v1.1 normalizer: turns a v1.1 status (stream, REST or archive) or a stream notice into a result.
 *
 * Decisions beyond the contract:
 * - The post id is `id_str`. The numeric `id` exceeds 2^53 and is already rounded when JSON.parse reads it, so it
 *   is never used, not even as a fallback: a status or delete notice without `id_str` is rejected.
 * - Text: `extended_tweet.full_text` when `truncated`, else `full_text` (REST with `tweet_mode=extended`), else
 *   `text`. A truncated status without `extended_tweet` still counts, with its cut text. X escapes `&`, `<` and `>`
 *   in text, so entities are decoded.
 * - A retweet's own text is cut ("RT @a: …" even when `truncated` is false), so its text is rebuilt as
 *   `RT @<original author>: <original full text>`, and its hashtags, mentions and urls are the retweet's own plus the
 *   original's full ones: a campaign tag past the cut still counts. The embedded `retweeted_status` and
 *   `quoted_status` never make posts of their own, and are read leniently: a malformed one does not cost the post.
 * - Kind: `retweeted_status` wins, then `in_reply_to_status_id_str`, then `quoted_status`/`is_quote_status`, as in
 *   the v2 normalizer.
 * - Extra fields are ignored, and so are malformed optional fields (`name`, `followers_count`, `verified`, `lang`,
 *   `place`, entities): only `id_str`, `created_at`, the text and `user.id_str`/`user.screen_name` are required.
 * - Edits are not keyed: v1.1 has no edit history, so each version of an edited tweet is its own post and
 *   `version` is never set.
 * - Stream notices other than a status delete (`scrub_geo`, `limit`, `status_withheld`, `user_withheld`,
 *   `disconnect`, `warning`, `friends`, `control`, user-stream `event`s, direct-message deletes) are `ignored`.
 * - Media: `extended_tweet.extended_entities.media` of an extended status, else `extended_entities.media`, else
 *   `entities.media` (which holds the first photo only); a retweet's are the original's, as its text is, unless the
 *   original has none. A photo is `media_url_https`; a video or GIF plays its best mp4 `video_info.variants` (highest
 *   `bitrate`) with `media_url_https` as its poster. The size is `original_info`, else the `large` size (same aspect
 *   ratio). `possibly_sensitive` on the status or the original marks every item sensitive. A malformed item is
 *   skipped.
 */
import { decodeHTML } from "entities";
import { z } from "zod";
import { PostSchema, type Author, type MediaItem, type Post, type PostKind } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "./issues.js";
import { bestMp4, mediaItem, mediaList, withMedia, xMediaType } from "./media.js";
import { isRecord, type NormalizeResult } from "./result.js";

const CREATED_AT_EXPECTED = "expected a date like Thu May 10 17:41:57 +0000 2018";
const ID_STR_EXPECTED = "expected the id as a string of digits (id_str); the numeric id loses precision";

/** Top-level keys of v1.1 stream notices that are understood but carry no post. */
const NOTICE_KEYS = [
  "scrub_geo",
  "limit",
  "status_withheld",
  "user_withheld",
  "disconnect",
  "warning",
  "friends",
  "friends_str",
  "control",
] as const;

const UserSchema = z.object(
  {
    id_str: z.string({ error: ID_STR_EXPECTED }).regex(/^\d+$/, ID_STR_EXPECTED),
    screen_name: z.string({ error: "expected the author's screen_name" }).min(1, "expected the author's screen_name"),
    // Optional and cosmetic: a bad value is dropped rather than costing the post.
    name: z.string().optional().catch(undefined),
    followers_count: z.number().int().nonnegative().optional().catch(undefined),
    verified: z.boolean().optional().catch(undefined),
  },
  { error: "expected the author object (user) with id_str and screen_name" },
);

/** The fields of a v1.1 status that Pulse reads; the rest is ignored. */
const StatusSchema = z.object({
  id_str: z.string({ error: ID_STR_EXPECTED }).regex(/^\d+$/, ID_STR_EXPECTED),
  created_at: z
    .string({ error: CREATED_AT_EXPECTED })
    .refine((s) => parseCreatedAt(s) !== undefined, CREATED_AT_EXPECTED),
  text: z.string({ error: "expected the status text as a string" }).optional(),
  full_text: z.string({ error: "expected the status text as a string" }).optional(),
  truncated: z.boolean().optional().catch(undefined),
  extended_tweet: z
    .object({ full_text: z.string({ error: "expected the full text as a string" }) }, { error: "expected an object" })
    .optional(),
  user: UserSchema,
  lang: z.string().optional().catch(undefined),
  in_reply_to_status_id_str: z.string().nullish().catch(undefined),
  is_quote_status: z.boolean().optional().catch(undefined),
});
type Status = z.infer<typeof StatusSchema>;

const DeleteSchema = z.object({
  delete: z.object({
    status: z.object({ id_str: z.string({ error: ID_STR_EXPECTED }).regex(/^\d+$/, ID_STR_EXPECTED) }),
  }),
});

/**
 * True when an item looks like an X API v1.1 status (`id_str`, a text, and `user` or `created_at`) or a v1.1
 * stream notice (`{"delete": …}`, `{"limit": …}`, a user-stream `event`…). A status missing its `user` is still
 * claimed, so that it is rejected with a message that names the field.
 */
export function isXV1Item(item: unknown): boolean {
  if (!isRecord(item)) return false;
  if (typeof item.id_str === "string") {
    const hasText = Object.hasOwn(item, "text") || Object.hasOwn(item, "full_text");
    return hasText && (Object.hasOwn(item, "user") || Object.hasOwn(item, "created_at"));
  }
  return noticeName(item) !== undefined;
}

/** Normalizes one X API v1.1 status or stream notice. Never throws. */
export function normalizeXV1(item: unknown): NormalizeResult {
  if (!isRecord(item)) return { type: "rejected", error: "X API v1.1 status: expected an object with id_str, text and user" };

  if (typeof item.id_str !== "string") {
    const notice = noticeName(item);
    if (notice === "delete") return normalizeDelete(item);
    if (notice) return { type: "ignored", reason: `X API v1.1 ${notice} notice carries no post` };
  }

  const parsed = StatusSchema.safeParse(item);
  if (!parsed.success) return { type: "rejected", error: `X API v1.1 status: ${describeZodError(parsed.error)}` };
  const status = parsed.data;
  const ownText = fullText(item);
  if (ownText === undefined) {
    return { type: "rejected", error: "X API v1.1 status: text: expected the status text (text or full_text)" };
  }

  const retweeted = isRecord(item.retweeted_status) ? item.retweeted_status : undefined;
  const entityLists = [entitiesOf(item)];
  let text = ownText;
  if (retweeted) {
    entityLists.push(entitiesOf(retweeted));
    const originalText = fullText(retweeted);
    const originalAuthor = isRecord(retweeted.user) ? retweeted.user.screen_name : undefined;
    if (originalText !== undefined && typeof originalAuthor === "string" && originalAuthor.length > 0) {
      text = `RT @${originalAuthor}: ${originalText}`;
    }
  }

  const candidate: Post = {
    network: "x",
    id: status.id_str,
    createdAt: parseCreatedAt(status.created_at) ?? "",
    text: decodeHTML(text),
    author: authorOf(status.user),
    hashtags: unique(entityLists.flatMap((e) => strings(e.hashtags, "text")).map(normalizeTag)),
    mentions: unique(entityLists.flatMap((e) => strings(e.user_mentions, "screen_name")).map(normalizeHandle)),
    urls: unique(entityLists.flatMap((e) => urlsOf(e.urls))),
    kind: kindOf(status, item, retweeted !== undefined),
  };
  if (status.lang) candidate.lang = status.lang;
  const country = countryOf(item.place);
  if (country) candidate.country = country;
  const originalMedia = retweeted ? mediaOf(retweeted, item.possibly_sensitive === true) : [];
  withMedia(candidate, originalMedia.length > 0 ? originalMedia : mediaOf(item, false));

  const checked = PostSchema.safeParse(candidate);
  if (!checked.success) return { type: "rejected", error: `X API v1.1 status: post ${describeZodError(checked.error)}` };
  return { type: "post", post: checked.data };
}

/**
 * Reads a v1.1 `created_at` (`Thu May 10 17:41:57 +0000 2018`) as an ISO string in UTC, or `undefined` when it is not
 * in that form or names no real date (Feb 31 is refused rather than rolled over).
 */
function parseCreatedAt(value: string): string | undefined {
  const match = CREATED_AT_PATTERN.exec(value);
  if (!match) return undefined;
  const [, monthName, day, hour, minute, second, sign, offsetHours, offsetMinutes, year] = match;
  const month = MONTHS.indexOf(monthName ?? "");
  const [d, h, mi, s, y] = [day, hour, minute, second, year].map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59 || Number(offsetMinutes) > 59) return undefined;
  // setUTCFullYear rather than Date.UTC, which reads years 0–99 as 1900–1999.
  const local = new Date(0);
  local.setUTCFullYear(y, month, d);
  local.setUTCHours(h, mi, s, 0);
  if (local.getUTCMonth() !== month || local.getUTCDate() !== d) return undefined;
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === "-" ? -1 : 1);
  const utc = new Date(local.getTime() - offsetMs);
  const year4 = utc.getUTCFullYear();
  // toISOString writes years outside 0000–9999 with six digits, which PostSchema does not take.
  return year4 >= 0 && year4 <= 9999 ? utc.toISOString() : undefined;
}

/** `Thu May 10 17:41:57 +0000 2018`: weekday, month, day, time, offset, year. */
const CREATED_AT_PATTERN =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function normalizeDelete(item: Record<string, unknown>): NormalizeResult {
  const notice = item.delete;
  // User streams also delete direct messages; those are no posts.
  if (isRecord(notice) && !Object.hasOwn(notice, "status") && Object.hasOwn(notice, "direct_message")) {
    return { type: "ignored", reason: "X API v1.1 direct message delete carries no post" };
  }
  const parsed = DeleteSchema.safeParse(item);
  if (!parsed.success) return { type: "rejected", error: `X API v1.1 delete notice: ${describeZodError(parsed.error)}` };
  return { type: "delete", key: `x:${parsed.data.delete.status.id_str}` };
}

/** The name of the v1.1 stream notice an item is, if any. */
function noticeName(item: Record<string, unknown>): string | undefined {
  if (isRecord(item.delete)) return "delete";
  for (const key of NOTICE_KEYS) {
    if (Object.hasOwn(item, key) && (isRecord(item[key]) || Array.isArray(item[key]))) return key;
  }
  // User-stream events (favorite, follow…) name a source and a target; Mastodon events carry a payload instead.
  if (typeof item.event === "string" && isRecord(item.source) && isRecord(item.target)) return `${item.event} event`;
  return undefined;
}

/** The full text of a status, by the rules in the module comment, or `undefined` when it has none. */
function fullText(status: Record<string, unknown>): string | undefined {
  const extended = status.extended_tweet;
  if (status.truncated === true && isRecord(extended) && typeof extended.full_text === "string") {
    return extended.full_text;
  }
  if (typeof status.full_text === "string") return status.full_text;
  if (typeof status.text === "string") return status.text;
  return undefined;
}

/** `extended_tweet.entities` when present (they cover the full text), else `entities`. */
function entitiesOf(status: Record<string, unknown>): Record<string, unknown> {
  const extended = status.extended_tweet;
  if (isRecord(extended) && isRecord(extended.entities)) return extended.entities;
  return isRecord(status.entities) ? status.entities : {};
}

/** A status's media, by the rules in the module comment; `sensitive` adds to its own `possibly_sensitive`. */
function mediaOf(status: Record<string, unknown>, sensitive: boolean): MediaItem[] {
  const extended = isRecord(status.extended_tweet) ? status.extended_tweet.extended_entities : undefined;
  const list = [extended, status.extended_entities, status.entities]
    .map((entities) => (isRecord(entities) && Array.isArray(entities.media) ? entities.media : []))
    .find((media) => media.length > 0);
  const marked = sensitive || status.possibly_sensitive === true;
  return mediaList(list, (entry) => {
    const type = xMediaType(entry.type);
    const moving = type === "video" || type === "gif";
    const videoInfo = isRecord(entry.video_info) ? entry.video_info : {};
    const original = isRecord(entry.original_info) ? entry.original_info : {};
    const sizes = isRecord(entry.sizes) && isRecord(entry.sizes.large) ? entry.sizes.large : {};
    const hasOriginal = original.width !== undefined && original.height !== undefined;
    return mediaItem(
      {
        type,
        url: moving ? bestMp4(videoInfo.variants, "bitrate") : entry.media_url_https,
        previewUrl: moving ? entry.media_url_https : undefined,
        alt: entry.ext_alt_text,
        width: hasOriginal ? original.width : sizes.w,
        height: hasOriginal ? original.height : sizes.h,
      },
      marked,
    );
  });
}

/** The string `key` of each object in `list`, skipping anything malformed. */
function strings(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => (isRecord(entry) && typeof entry[key] === "string" ? [entry[key]] : []));
}

function urlsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (!isRecord(entry)) return [];
    const url = typeof entry.expanded_url === "string" && entry.expanded_url ? entry.expanded_url : entry.url;
    return typeof url === "string" ? [url] : [];
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function authorOf(user: Status["user"]): Author {
  const author: Author = { id: user.id_str, handle: user.screen_name };
  if (user.name !== undefined) author.name = user.name;
  if (user.followers_count !== undefined) author.followers = user.followers_count;
  if (user.verified !== undefined) author.verified = user.verified;
  return author;
}

function kindOf(status: Status, item: Record<string, unknown>, isRetweet: boolean): PostKind {
  if (isRetweet) return "retweet";
  if (status.in_reply_to_status_id_str) return "reply";
  if (isRecord(item.quoted_status) || status.is_quote_status === true) return "quote";
  return "original";
}

function countryOf(place: unknown): string | undefined {
  if (!isRecord(place) || typeof place.country_code !== "string") return undefined;
  const code = place.country_code.toUpperCase();
  // A place without a usable code leaves the country to the other attribution rules.
  return /^[A-Z]{2}$/.test(code) ? code : undefined;
}
