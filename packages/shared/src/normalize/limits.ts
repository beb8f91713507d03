import { POST_LIMITS, type Post } from "../models.js";
import type { NormalizeResult } from "./result.js";

/**
 * True when `s` has more than `max` characters (Unicode code points). Free unless its UTF-16 length is over `max`:
 * a code point is one or two UTF-16 units, so only a length between `max` and `2 × max` needs counting.
 */
export function longerThan(s: string, max: number): boolean {
  if (s.length <= max) return false;
  if (s.length > 2 * max) return true;
  let chars = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character; a lone surrogate counts as one.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    chars += 1;
    if (chars > max) return true;
  }
  return false;
}

/** The rejection of a post that breaks a limit, for `problem` as `checkPostLimits` words it. */
export function overLimits(problem: string): NormalizeResult {
  return { type: "rejected", error: `over the limits of one item: ${problem}` };
}

/**
 * The problem with a post's text, checked before a normalizer does work in proportion to its length (the Bluesky
 * one maps every character's byte offset), or undefined.
 */
export function checkText(text: string): string | undefined {
  return longerThan(text, POST_LIMITS.text) ? tooLong("text", POST_LIMITS.text) : undefined;
}

function tooLong(field: string, max: number): string {
  return `${field}: too long; expected at most ${max} characters`;
}

function tooMany(field: string, count: number): string {
  return `${field}: ${count} entries; expected at most ${POST_LIMITS.entries}`;
}

/** The first string of `list` over `max` characters, as an error naming its position, or undefined. */
function longEntry(field: string, list: readonly unknown[], max: number, what: string): string | undefined {
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (typeof value === "string" && longerThan(value, max)) return `${field}.${i}: too long; expected ${what} of at most ${max} characters`;
  }
  return undefined;
}

/** Entry count, then each entry's length, of one of the post's lists. */
function checkList(field: string, list: readonly unknown[], max: number, what: string): string | undefined {
  if (list.length > POST_LIMITS.entries) return tooMany(field, list.length);
  return longEntry(field, list, max, what);
}

/**
 * `media` (contract v2), checked as soon as a post carries it: the entry count and each item's URLs, and (Pulse's own
 * bounds, since the networks send them now) its alt text as long as a post's text and its blurhash as a key.
 */
function checkMedia(media: unknown): string | undefined {
  if (!Array.isArray(media)) return undefined;
  if (media.length > POST_LIMITS.entries) return tooMany("media", media.length);
  for (let i = 0; i < media.length; i++) {
    const item = media[i] as { url?: unknown; previewUrl?: unknown; alt?: unknown; blurhash?: unknown } | null;
    if (typeof item?.url === "string" && longerThan(item.url, POST_LIMITS.url)) return tooLong(`media.${i}.url`, POST_LIMITS.url);
    if (typeof item?.previewUrl === "string" && longerThan(item.previewUrl, POST_LIMITS.url)) return tooLong(`media.${i}.previewUrl`, POST_LIMITS.url);
    if (typeof item?.alt === "string" && longerThan(item.alt, POST_LIMITS.text)) return tooLong(`media.${i}.alt`, POST_LIMITS.text);
    if (typeof item?.blurhash === "string" && longerThan(item.blurhash, POST_LIMITS.key)) return tooLong(`media.${i}.blurhash`, POST_LIMITS.key);
  }
  return undefined;
}

/**
 * What makes a normalized post break the limits of one item (`POST_LIMITS`), as `field: problem; expected …`, or
 * undefined when it keeps to them. Reads lengths only and allocates nothing for a post within the limits.
 */
export function checkPostLimits(post: Post): string | undefined {
  const { key, authorName, url } = POST_LIMITS;
  const text = checkText(post.text);
  if (text !== undefined) return text;
  if (longerThan(post.id, key)) return tooLong("id", key);
  if (longerThan(post.author.id, key)) return tooLong("author.id", key);
  if (longerThan(post.author.handle, key)) return tooLong("author.handle", key);
  if (post.author.name !== undefined && longerThan(post.author.name, authorName)) return tooLong("author.name", authorName);
  if (post.lang !== undefined && longerThan(post.lang, key)) return tooLong("lang", key);
  return (
    checkList("hashtags", post.hashtags, key, "a hashtag") ??
    checkList("mentions", post.mentions, key, "a mention") ??
    checkList("urls", post.urls, url, "a URL") ??
    checkMedia((post as { media?: unknown }).media)
  );
}
