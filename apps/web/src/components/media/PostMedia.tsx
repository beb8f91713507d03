import type { Post } from "@pulse/shared/client";
import type { ReactNode } from "react";
import { MediaTile } from "./MediaTile";
import { postMediaShown, type MediaHosts, type MediaSay } from "./mediaView";

/** Props of {@link PostMedia}. */
export interface PostMediaProps {
  post: Pick<Post, "media">;
  hosts: MediaHosts;
  say: MediaSay;
  /** Thumbnails: the items' smaller previews where the network gives them. */
  small?: boolean;
  /** Sensitive items shown (the console, after "Reveal"); withheld ones stay blurred. */
  revealed?: boolean;
  /** At most this many items. */
  max?: number;
  /** Drawn over each blur (the console's "Reveal" button). */
  overBlur?: ReactNode;
  className?: string;
}

/** A post's pictures, in the network's order, side by side; nothing when it has none a screen may show. */
export function PostMedia({ post, hosts, say, small = false, revealed = false, max = 4, overBlur, className }: PostMediaProps) {
  const items = postMediaShown(post, hosts, { small, revealed }).slice(0, max);
  if (items.length === 0) return null;
  return (
    <div className={`post-media post-media--${Math.min(items.length, 4)}${className ? ` ${className}` : ""}`} data-testid="post-media">
      {items.map((shown, i) => (
        <MediaTile key={`${i}:${shown.kind === "picture" ? shown.src : shown.kind}`} shown={shown} say={say}>
          {shown.kind === "blur" ? overBlur : null}
        </MediaTile>
      ))}
    </div>
  );
}
