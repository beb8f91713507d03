import { postKey, type Post } from "@pulse/shared/client";

/** What the live feed shows while it is held still, and how many posts wait behind it. */
export interface HeldFeed {
  /** The posts shown: those on screen when the feed was held, in their places, at their latest version. */
  shown: Post[];
  /** Posts that came on screen since, shown when the feed is let go. */
  waiting: number;
}

/**
 * The live feed held still: `held` is the list as it stood when the pointer or focus came onto it, `live` the
 * list as it stands now. Nothing moves: new posts are only counted, and a post that left the screens (hidden,
 * blocked, pushed out) keeps its place so the post under the pointer is still the one acted on.
 */
export function holdFeed(held: readonly Post[], live: readonly Post[]): HeldFeed {
  const current = new Map(live.map((post) => [postKey(post), post]));
  const known = new Set(held.map(postKey));
  let waiting = 0;
  for (const key of current.keys()) if (!known.has(key)) waiting += 1;
  return { shown: held.map((post) => current.get(postKey(post)) ?? post), waiting };
}
