import { postKey, type Post } from "@pulse/shared/client";

/** A post of a feed, and whether staff pinned it. */
export interface FeedEntry {
  post: Post;
  pinned: boolean;
}

/**
 * A feed as the screens list it: the pinned posts first, newest pin first (the order `Snapshot.pinned` has),
 * then the recent posts, newest first, each post once (a pinned post also in `recent` shows only at the top).
 */
export function pinnedFirst(recent: readonly Post[], pinned: readonly Post[] = []): FeedEntry[] {
  const pinnedKeys = new Set(pinned.map(postKey));
  return [
    ...pinned.map((post) => ({ post, pinned: true })),
    ...recent.filter((post) => !pinnedKeys.has(postKey(post))).map((post) => ({ post, pinned: false })),
  ];
}
