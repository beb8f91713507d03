/**
 * What each screen draws of a post's media, decided without a browser: a picture (a photo, or a video's or GIF's
 * poster), a blur with its reason, or nothing at all for a URL outside the allowlist.
 */
import { isAllowedMediaUrl, type MediaItem, type Post } from "@pulse/shared/client";
import type { CommonMessageKey } from "../../i18n/commonMessages";

/**
 * The hosts a screen may load media from: the console has them from its session (`mediaHosts`); public screens
 * pass `null`, as the server already dropped every URL outside the allowlist there (and its CSP blocks them), so
 * only the URL's form is checked again: `https:`, or `http:` on a loopback host.
 */
export type MediaHosts = readonly string[] | null;

/** The media strings, said alike by the app and the widgets (`i18n/commonMessages.ts`). */
export type MediaMessageKey = Extract<CommonMessageKey, `media.${string}`>;

/** A translator that knows the media strings: the app's `t` and the widgets' `t` both are one. */
export type MediaSay = (key: MediaMessageKey, values?: Record<string, string>) => string;

/** One item as a screen draws it. */
export type MediaShown =
  | { kind: "picture"; item: MediaItem; src: string; moving: boolean }
  /** A still with no picture to load (a video without a poster): the placeholder, with the play mark. */
  | { kind: "placeholder"; item: MediaItem; moving: boolean }
  | { kind: "blur"; item: MediaItem; reason: "sensitive" | "approval" };

/** Whether `url` may be rendered on a screen that knows `hosts` (see {@link MediaHosts}). */
export function mediaUrlAllowed(url: string, hosts: MediaHosts): boolean {
  if (hosts !== null) return isAllowedMediaUrl(url, hosts);
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return false;
  }
  return isAllowedMediaUrl(url, [host]);
}

/**
 * How `item` is drawn: withheld by the server, or sensitive and not revealed, as a blur; a video or GIF as its
 * poster (`previewUrl`), never as the moving file; a photo at `url`, or at `previewUrl` when `small` (thumbnails)
 * and it has one. Null when the URL it would load is outside the allowlist: it is not drawn at all.
 */
export function mediaShown(item: MediaItem, hosts: MediaHosts, options: { revealed?: boolean; small?: boolean } = {}): MediaShown | null {
  if (item.withheld) return { kind: "blur", item, reason: item.withheld };
  if (item.sensitive && !options.revealed) return { kind: "blur", item, reason: "sensitive" };
  const moving = item.type !== "photo";
  const src = moving ? item.previewUrl : options.small && item.previewUrl ? item.previewUrl : item.url;
  if (!src) return moving ? { kind: "placeholder", item, moving } : null;
  return mediaUrlAllowed(src, hosts) ? { kind: "picture", item, src, moving } : null;
}

/** The items of `post` a screen draws, in the network's order, the disallowed ones left out. */
export function postMediaShown(post: Pick<Post, "media">, hosts: MediaHosts, options: { revealed?: boolean; small?: boolean } = {}): MediaShown[] {
  return (post.media ?? []).flatMap((item) => mediaShown(item, hosts, options) ?? []);
}

/** The first picture a public screen can show of `post` (no blur, no placeholder), or null. */
export function firstPicture(post: Pick<Post, "media">, hosts: MediaHosts, small = false): Extract<MediaShown, { kind: "picture" }> | null {
  for (const shown of postMediaShown(post, hosts, { small })) if (shown.kind === "picture") return shown;
  return null;
}

/** The item's accessible name: its alt text, or a spoken "no description"; a video or GIF says what it is first. */
export function mediaName(item: MediaItem, say: MediaSay): string {
  const alt = item.alt?.trim() || say("media.noDescription");
  if (item.type === "photo") return alt;
  return say("media.moving", { kind: say(item.type === "video" ? "media.video" : "media.gif"), description: alt });
}

/** The CSS `aspect-ratio` of an item's box from its size, so the box keeps its place before the picture loads. */
export function mediaAspect(item: Pick<MediaItem, "width" | "height">, fallback = "4 / 3"): string {
  return item.width && item.height ? `${item.width} / ${item.height}` : fallback;
}
