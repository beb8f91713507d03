/**
 * The X API v2 normalizer: turns a filtered-stream message or a tweet lookup response
 * (`{ data, includes, matching_rules }`) into a Post.
 *
 * Decisions beyond the contract:
 * - `data` may be one tweet (stream) or an array (lookup). An array of one tweet is read as that tweet; an empty
 *   array is `ignored`; an array of several is `rejected`, because one item yields one result and dropping tweets
 *   silently would undercount. `splitXV2Message` turns such a response into one message per tweet.
 * - A message with `errors` and no `data` is an in-stream error (operational disconnect, rule problems): `ignored`.
 *   `errors` next to `data` (say, a referenced tweet that was deleted) do not stop the post.
 * - When `includes.users` lacks the author, the post still counts, with `author.handle` = `author_id`. X ids are
 *   digits only, so no organization handle can match by accident. A tweet without `author_id` is rejected.
 * - Kind: `retweeted` wins, then `replied_to`, then `quoted`: a reply that quotes sits in a conversation.
 * - Hashtags, mentions and urls come from `note_tweet.entities` when present, since the top-level
 *   `entities` only cover the truncated `text`. Hashtags and mentions are lower-cased and de-duplicated, as for a
 *   normalized post.
 * - Media: `attachments.media_keys`, each found in `includes.media` of the same message, in the tweet's order (a key
 *   missing from `includes`, or a malformed item, is skipped). A video or GIF plays its best mp4 variant (highest
 *   `bit_rate`) and shows `preview_image_url` as its poster. `possibly_sensitive` marks every item sensitive.
 */
import { z } from "zod";
import { PostSchema, type Author, type MediaItem, type Post, type PostKind } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "./issues.js";
import { bestMp4, mediaItem, mediaList, withMedia, xMediaType } from "./media.js";
import { isRecord, type NormalizeResult } from "./result.js";

const EntitiesSchema = z.object({
  hashtags: z.array(z.object({ tag: z.string() })).optional(),
  mentions: z.array(z.object({ username: z.string() })).optional(),
  urls: z.array(z.object({ url: z.string().optional(), expanded_url: z.string().optional() })).optional(),
});
type Entities = z.infer<typeof EntitiesSchema>;

/** The fields of a v2 tweet that Pulse reads; the rest is ignored. */
const TweetSchema = z.object({
  id: z.string().min(1, "expected the tweet id"),
  text: z.string(),
  author_id: z.string({ error: "expected the author's id (request expansions=author_id)" }).min(1),
  created_at: z
    .string({ error: "expected an ISO 8601 date-time (request tweet.fields=created_at)" })
    .refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO 8601 date-time"),
  lang: z.string().optional(),
  entities: EntitiesSchema.optional(),
  note_tweet: z.object({ text: z.string(), entities: EntitiesSchema.optional() }).optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  geo: z.object({ place_id: z.string().optional() }).optional(),
  edit_history_tweet_ids: z.array(z.string().min(1)).min(1).optional(),
  // Media are read leniently: a malformed attachment list or flag costs the media, not the post.
  attachments: z.object({ media_keys: z.array(z.unknown()).optional() }).optional().catch(undefined),
  possibly_sensitive: z.boolean().optional().catch(undefined),
});
type Tweet = z.infer<typeof TweetSchema>;

/** Users and places are read one by one and leniently, so a malformed stranger in `includes` does not cost the post. */
const UserSchema = z.object({
  id: z.string(),
  username: z.string().min(1).optional(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
  public_metrics: z.object({ followers_count: z.number().int().nonnegative().optional() }).optional(),
});
const PlaceSchema = z.object({ id: z.string(), country_code: z.string().optional() });

/**
 * True when an item looks like an X API v2 message: `data` is a tweet object or an array of them, or the item
 * carries only `errors` (an in-stream error).
 */
export function isXV2Message(item: unknown): boolean {
  if (!isRecord(item)) return false;
  if (Object.hasOwn(item, "data")) return isRecord(item.data) || Array.isArray(item.data);
  return Array.isArray(item.errors) && item.errors.length > 0;
}

/**
 * Splits a lookup response whose `data` holds several tweets into one message per tweet, each with the shared
 * `includes`. Any other item comes back alone, unchanged.
 */
export function splitXV2Message(item: unknown): unknown[] {
  if (!isRecord(item) || !Array.isArray(item.data) || item.data.length < 2) return [item];
  return item.data.map((data: unknown) => ({ ...item, data }));
}

/** Normalizes one X API v2 message. Never throws. */
export function normalizeXV2(item: unknown): NormalizeResult {
  if (!isRecord(item)) return { type: "rejected", error: "X API v2 message: expected an object { data, includes }" };
  if (!Object.hasOwn(item, "data")) {
    if (Array.isArray(item.errors) && item.errors.length > 0) {
      return { type: "ignored", reason: `X API v2 stream error: ${describeStreamError(item.errors[0])}` };
    }
    return { type: "rejected", error: "X API v2 message: expected data, a tweet object" };
  }

  let data: unknown = item.data;
  let path = "data";
  if (Array.isArray(data)) {
    if (data.length === 0) return { type: "ignored", reason: "X API v2 lookup response with no tweets" };
    if (data.length > 1) {
      return {
        type: "rejected",
        error: `X API v2 lookup response holds ${data.length} tweets: expected one tweet per item, { data: {...}, includes }`,
      };
    }
    data = data[0];
    path = "data.0";
  }

  const parsed = TweetSchema.safeParse(data);
  if (!parsed.success) return { type: "rejected", error: `X API v2 message: ${describeAt(path, parsed.error)}` };
  const tweet = parsed.data;
  const includes = isRecord(item.includes) ? item.includes : {};

  const edits = tweet.edit_history_tweet_ids;
  let id = tweet.id;
  let version: number | undefined;
  if (edits) {
    version = edits.indexOf(tweet.id);
    if (version < 0) {
      return {
        type: "rejected",
        error: `X API v2 message: ${path}.edit_history_tweet_ids: expected to contain the tweet's own id ${tweet.id}`,
      };
    }
    // Every version of an edited tweet shares the key of its first id, so an edit counts once.
    id = edits[0] ?? tweet.id;
  }

  const entities: Entities = tweet.note_tweet?.entities ?? tweet.entities ?? {};
  const candidate: Post = {
    network: "x",
    id,
    createdAt: new Date(tweet.created_at).toISOString(),
    text: tweet.note_tweet?.text ?? tweet.text,
    author: findAuthor(tweet.author_id, includes.users),
    hashtags: unique((entities.hashtags ?? []).map((h) => normalizeTag(h.tag))),
    mentions: unique((entities.mentions ?? []).map((m) => normalizeHandle(m.username))),
    urls: unique((entities.urls ?? []).map((u) => u.expanded_url || u.url || "")),
    kind: kindOf(tweet),
  };
  if (tweet.lang) candidate.lang = tweet.lang;
  const country = findCountry(tweet.geo?.place_id, includes.places);
  if (country) candidate.country = country;
  if (version !== undefined) candidate.version = version;
  withMedia(candidate, mediaOf(tweet, includes.media));

  const checked = PostSchema.safeParse(candidate);
  if (!checked.success) return { type: "rejected", error: `X API v2 message: post ${describeZodError(checked.error)}` };
  return { type: "post", post: checked.data };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function kindOf(tweet: Tweet): PostKind {
  const types = new Set((tweet.referenced_tweets ?? []).map((r) => r.type));
  if (types.has("retweeted")) return "retweet";
  if (types.has("replied_to")) return "reply";
  if (types.has("quoted")) return "quote";
  return "original";
}

function findAuthor(authorId: string, users: unknown): Author {
  const raw = Array.isArray(users) ? users.find((u) => isRecord(u) && u.id === authorId) : undefined;
  const user = UserSchema.safeParse(raw);
  if (!user.success) return { id: authorId, handle: authorId };
  const author: Author = { id: authorId, handle: user.data.username ?? authorId };
  if (user.data.name !== undefined) author.name = user.data.name;
  const followers = user.data.public_metrics?.followers_count;
  if (followers !== undefined) author.followers = followers;
  if (user.data.verified !== undefined) author.verified = user.data.verified;
  return author;
}

/** The tweet's media, by its `attachments.media_keys` in `includes.media`. */
function mediaOf(tweet: Tweet, media: unknown): MediaItem[] {
  const keys = tweet.attachments?.media_keys ?? [];
  if (keys.length === 0 || !Array.isArray(media)) return [];
  const byKey = new Map<unknown, Record<string, unknown>>();
  for (const entry of media) if (isRecord(entry) && typeof entry.media_key === "string") byKey.set(entry.media_key, entry);
  const sensitive = tweet.possibly_sensitive === true;
  return mediaList(
    keys.map((key) => byKey.get(key)),
    (entry) => {
      const type = xMediaType(entry.type);
      const moving = type === "video" || type === "gif";
      return mediaItem(
        {
          type,
          url: moving ? bestMp4(entry.variants, "bit_rate") : entry.url,
          previewUrl: moving ? entry.preview_image_url : undefined,
          alt: entry.alt_text,
          width: entry.width,
          height: entry.height,
        },
        sensitive,
      );
    },
  );
}

function findCountry(placeId: string | undefined, places: unknown): string | undefined {
  if (!placeId || !Array.isArray(places)) return undefined;
  const place = PlaceSchema.safeParse(places.find((p) => isRecord(p) && p.id === placeId));
  const code = place.success ? place.data.country_code?.toUpperCase() : undefined;
  // A place without a usable code leaves the country to the other attribution rules.
  return code && /^[A-Z]{2}$/.test(code) ? code : undefined;
}

/** Like `describeZodError`, with the issue's path under `base` (such as `data.0`). */
function describeAt(base: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${base}: invalid tweet`;
  return `${[base, ...issue.path.map(String)].join(".")}: ${issue.message}`;
}

function describeStreamError(error: unknown): string {
  if (!isRecord(error)) return "unknown error";
  const parts = [error.title, error.detail ?? error.message].filter((p): p is string => typeof p === "string");
  return parts.length > 0 ? parts.join(": ") : "unknown error";
}
