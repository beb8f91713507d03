import type { Post, Snapshot } from "@pulse/shared/client";

/**
 * A test post: an original on X, numbered `id`, by author `a{id}` (handle `h{id}`), written on 24 Feb 2015 at
 * 10:00 UTC, with `extra` on top. For the web app's unit tests.
 */
export function testPost(id: string, extra: Partial<Post> = {}): Post {
  return {
    network: "x",
    id,
    createdAt: "2015-02-24T10:00:00Z",
    text: `post ${id}`,
    author: { id: `a${id}`, handle: `h${id}` },
    hashtags: [],
    mentions: [],
    urls: [],
    kind: "original",
    ...extra,
  };
}

/** A test snapshot at `seq` with `posts` posts in all, all French originals in one minute. For unit tests. */
export function testSnapshot(seq: number, posts = 0): Snapshot {
  return {
    seq,
    campaign: "ejd-2015",
    totals: { posts, authors: posts, originals: posts, retweets: 0, replies: 0, quotes: 0 },
    byCountry: posts ? { FR: posts } : {},
    byOrganization: {},
    timeline: posts ? [{ t: 1_430_000_000_000, posts }] : [],
    recent: [],
  };
}
