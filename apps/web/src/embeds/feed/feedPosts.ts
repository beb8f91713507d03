/** Pure selectors of the feed widget, tested without a browser. */
import type { Post } from "@pulse/shared/client";
import { pinnedFirst, type FeedEntry } from "../../lib/pinnedFirst";

/** Posts in the feed when the URL asks no `limit`. */
export const DEFAULT_FEED_POSTS = 5;

/**
 * The first `limit` posts of the feed: the pinned ones first (newest pin first), then the newest of `recent`,
 * each post once; only `country`'s when one is asked, pins included (the partner asked for that country).
 */
export function feedPosts(recent: readonly Post[], country: string | null, limit: number, pinned: readonly Post[] = []): FeedEntry[] {
  const ofCountry = (posts: readonly Post[]) => (country === null ? posts : posts.filter((post) => post.country === country));
  return pinnedFirst(ofCountry(recent), ofCountry(pinned)).slice(0, Math.max(1, limit));
}

/** The letter in an author's avatar: the first letter or digit of their name, else of their handle, upper case. */
export function avatarLetter(post: Post): string {
  for (const text of [post.author.name ?? "", post.author.handle]) {
    const match = /[\p{L}\p{N}]/u.exec(text);
    if (match) return match[0].toLocaleUpperCase();
  }
  return "?";
}
