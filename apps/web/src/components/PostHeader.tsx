import type { Post } from "@pulse/shared/client";
import type { ReactNode } from "react";
import { authorName } from "../lib/authorName";

/** Props of {@link PostHeader}. */
export interface PostHeaderProps {
  post: Post;
  /** The BEM block of the caller's stylesheet: the parts get `${block}__meta`, `__name`, `__handle`, `__time`. */
  block: string;
  /** The post's time, already formatted (the app and the embeds each format with their own locale). */
  time: string;
  /**
   * The element that groups the name and the handle (`${block}__${who}`). Without it, the header shows the name
   * alone, for lists too narrow for a handle.
   */
  who?: string;
  /** Shown first in the header: an avatar, or a pinned mark. */
  lead?: ReactNode;
  /** The header element: `p` where the header sits inside a list item's paragraph flow. */
  as?: "header" | "p";
}

/**
 * The byline of one post, as every feed and the staff console show it: the author's name, their handle when the
 * name is not already the handle, and the time. Names and handles render as text, never as HTML.
 */
export function PostHeader({ post, block, time, who, lead, as: Element = "header" }: PostHeaderProps) {
  const name = <span className={`${block}__name`}>{authorName(post)}</span>;
  return (
    <Element className={`${block}__meta`}>
      {lead}
      {who ? (
        <span className={`${block}__${who}`}>
          {name}
          {/* A nameless author's name is already their handle: show it once. */}
          {post.author.name?.trim() ? (
            <>
              {" "}
              <span className={`${block}__handle`}>@{post.author.handle}</span>
            </>
          ) : null}
        </span>
      ) : (
        name
      )}
      <time className={`${block}__time`} dateTime={post.createdAt}>
        {time}
      </time>
    </Element>
  );
}
