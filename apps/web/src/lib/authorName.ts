import type { Post } from "@pulse/shared/client";

/** The name to show for an author: their display name, else their handle. The one rule of every feed and console. */
export function authorName(post: Pick<Post, "author">): string {
  return post.author.name?.trim() || `@${post.author.handle}`;
}
