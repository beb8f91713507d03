/**
 * What the network normalizers share to read a post's pictures and videos (contract v2 `Post.media`). Media are
 * read leniently, item by item: an item without a usable type or URL is skipped, a malformed optional field (alt
 * text, size, preview) is dropped, and neither ever costs the post. `withheld` is the server's, never set here.
 */
import { MEDIA_TYPES, type MediaItem } from "../models.js";
import { isRecord } from "./result.js";

/** One of `MEDIA_TYPES`. */
export type MediaType = MediaItem["type"];

/** A media item's fields as a network gives them, before they are checked. */
export interface MediaFields {
  type: MediaType | undefined;
  url: unknown;
  previewUrl?: unknown;
  alt?: unknown;
  width?: unknown;
  height?: unknown;
  blurhash?: unknown;
}

/** An absolute http(s) URL without spaces: anything else is no address a screen could load. */
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** `value` when it is an http(s) URL, else undefined. */
export function httpUrl(value: unknown): string | undefined {
  return typeof value === "string" && HTTP_URL.test(value) ? value : undefined;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim().length > 0 ? value : undefined;
}

/**
 * A MediaItem from a network's fields, or undefined when its type is unknown or its URL unusable (the item is
 * skipped). `sensitive` is set only when true.
 */
export function mediaItem(fields: MediaFields, sensitive: boolean): MediaItem | undefined {
  const url = httpUrl(fields.url);
  if (fields.type === undefined || !MEDIA_TYPES.includes(fields.type) || url === undefined) return undefined;
  const item: MediaItem = { type: fields.type, url };
  const previewUrl = httpUrl(fields.previewUrl);
  if (previewUrl !== undefined) item.previewUrl = previewUrl;
  const alt = nonEmpty(fields.alt);
  if (alt !== undefined) item.alt = alt;
  const width = positiveInt(fields.width);
  const height = positiveInt(fields.height);
  // A size is only of use as a box: one side alone is dropped.
  if (width !== undefined && height !== undefined) {
    item.width = width;
    item.height = height;
  }
  if (sensitive) item.sensitive = true;
  const blurhash = nonEmpty(fields.blurhash);
  if (blurhash !== undefined) item.blurhash = blurhash;
  return item;
}

/** The items of `list` that `read` makes a MediaItem of, in order; anything but an array gives none. */
export function mediaList(list: unknown, read: (entry: Record<string, unknown>) => MediaItem | undefined): MediaItem[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const item = isRecord(entry) ? read(entry) : undefined;
    return item ? [item] : [];
  });
}

/**
 * The URL of the mp4 variant with the highest bit rate among X's `variants` (`bitrateKey` is `bit_rate` in v2,
 * `bitrate` in v1.1; a GIF's single variant has 0 or none). HLS playlists are left out: an mp4 plays everywhere.
 */
export function bestMp4(variants: unknown, bitrateKey: "bit_rate" | "bitrate"): string | undefined {
  let best: { url: string; rate: number } | undefined;
  for (const variant of Array.isArray(variants) ? variants : []) {
    if (!isRecord(variant) || variant.content_type !== "video/mp4") continue;
    const url = httpUrl(variant.url);
    if (url === undefined) continue;
    const rate = typeof variant[bitrateKey] === "number" && Number.isFinite(variant[bitrateKey]) ? variant[bitrateKey] : 0;
    if (!best || rate > best.rate) best = { url, rate };
  }
  return best?.url;
}

/** X's media types (v2 and v1.1 alike) as Pulse's; anything else is undefined. */
export function xMediaType(type: unknown): MediaType | undefined {
  if (type === "photo") return "photo";
  if (type === "video") return "video";
  if (type === "animated_gif") return "gif";
  return undefined;
}

/** Sets `post.media` when there is any: a post without media has no `media` field (contract v2). */
export function withMedia<T extends { media?: MediaItem[] }>(post: T, media: MediaItem[]): T {
  if (media.length > 0) post.media = media;
  return post;
}
