/**
 * What both stores share for privacy: which stored posts an erasure takes, how an audit entry about an erased author
 * loses what named them, and what a post keeps once retention has reduced it (docs/privacy.md). The stores run the
 * deletes themselves, through their ordinary delete path, so counters, insights and screens follow as for a delete.
 */
import { authorKey, normalizeHandle, postKey, type ModerationLogEntry, type Post } from "@pulse/shared";

/** Who an erasure is about in one store: network and author id, or network and handle (compared as `normalizeHandle`). */
export type ErasureTarget = { network: string; authorId: string; handle?: undefined } | { network: string; handle: string; authorId?: undefined };

/** True when `post` is by the erased author. */
export function isByTarget(post: Pick<Post, "network" | "author">, target: ErasureTarget): boolean {
  if (post.network !== target.network) return false;
  if (target.authorId !== undefined) return post.author.id === target.authorId;
  return normalizeHandle(post.author.handle) === normalizeHandle(target.handle);
}

/**
 * The posts an erasure takes, read from `posts` (a store's stored posts, read again for a second pass), and the
 * author keys `network:authorId` it covers. By id: that author's posts. By handle: the posts under that handle, and
 * then every post of the authors found, so that their posts under an earlier handle go too.
 */
export async function findErased(
  posts: () => Iterable<Post> | AsyncIterable<Post>,
  target: ErasureTarget,
): Promise<{ keys: Set<string>; authors: Set<string> }> {
  const authors = new Set<string>();
  const keys = new Set<string>();
  if (target.authorId !== undefined) authors.add(`${target.network}:${target.authorId}`);
  for await (const post of posts()) {
    if (!isByTarget(post, target)) continue;
    keys.add(postKey(post));
    authors.add(authorKey(post));
  }
  if (target.handle !== undefined && authors.size > 0) {
    for await (const post of posts()) if (authors.has(authorKey(post))) keys.add(postKey(post));
  }
  return { keys, authors };
}

/**
 * The audit entry without what named the erased author, when it is about them: an action on one of their posts
 * (`keys`), on them (`authors`), or an entry whose subject has their handle. It loses its `about` (handle, name,
 * excerpt), and an action on them names them by `network:ref` instead of their author key. Undefined when the entry
 * is not about them. The act itself (who did what, when) stays.
 */
export function scrubbedEntry(
  entry: ModerationLogEntry,
  keys: ReadonlySet<string>,
  authors: ReadonlySet<string>,
  target: ErasureTarget,
  ref: string,
): ModerationLogEntry | undefined {
  const action = entry.action as { key?: unknown; author?: unknown };
  const onAuthor = typeof action.author === "string" && authors.has(action.author);
  const concerns =
    onAuthor ||
    (typeof action.key === "string" && keys.has(action.key)) ||
    (target.handle !== undefined && entry.about !== undefined && normalizeHandle(entry.about.handle) === normalizeHandle(target.handle) && sameNetwork(action, target.network));
  if (!concerns || (!onAuthor && !entry.about)) return undefined;
  const { about: _about, ...rest } = entry;
  return onAuthor ? ({ ...rest, action: { ...entry.action, author: `${target.network}:${ref}` } } as ModerationLogEntry) : rest;
}

/** Whether a post or author action's key is on `network` (a key is `network:…`). */
function sameNetwork(action: { key?: unknown; author?: unknown }, network: string): boolean {
  const key = typeof action.key === "string" ? action.key : typeof action.author === "string" ? action.author : "";
  return key.startsWith(`${network}:`);
}

/**
 * A post as retention keeps it: no text, no author name, no media, no profile extras; what counts it stays (network,
 * id, time, kind, hashtags, mentions, links, language, country, organization, the author's id and handle, which
 * attribution and recounts need). The same object when there is nothing to drop.
 */
export function reducedPost(post: Post): Post {
  const { author } = post;
  if (post.text === "" && author.name === undefined && post.media === undefined && post.mediaApproved === undefined) return post;
  const { media: _media, mediaApproved: _approved, ...rest } = post;
  const { name: _name, ...kept } = author;
  return { ...rest, text: "", author: kept };
}

/** Who a moderation action was about, as retention keeps it: the handle, without the name and the excerpt. */
export function reducedSubject<S extends { handle: string; name?: string; excerpt?: string }>(subject: S): S {
  if (subject.name === undefined && subject.excerpt === undefined) return subject;
  const { name: _name, excerpt: _excerpt, ...kept } = subject;
  return kept as S;
}

/** An audit entry as retention keeps it (`reducedSubject`); the same object when there is nothing to drop. */
export function reducedEntry(entry: ModerationLogEntry): ModerationLogEntry {
  if (!entry.about) return entry;
  const about = reducedSubject(entry.about);
  return about === entry.about ? entry : { ...entry, about };
}
