import type { Post } from "./models.js";

/** The key that makes a post unique across networks: `network:id`. */
export function postKey(post: Pick<Post, "network" | "id">): string {
  return `${post.network}:${post.id}`;
}

/** The key that makes an author unique across networks: `network:authorId`. */
export function authorKey(post: Pick<Post, "network" | "author">): string {
  return `${post.network}:${post.author.id}`;
}

/** Epoch-ms start of the UTC minute that holds `iso`. */
export function minuteOf(iso: string): number {
  const ms = Date.parse(iso);
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
