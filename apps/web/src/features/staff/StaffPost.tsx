import { postKey, type Post, type PostModerationState } from "@pulse/shared/client";
import type { ReactNode } from "react";
import { CountryTag } from "../../components/CountryTag";
import { PostHeader } from "../../components/PostHeader";
import { useI18n } from "../../hooks/useI18n";
import { authorName } from "../../lib/authorName";
import { StaffMedia } from "./StaffMedia";

/** Props of {@link StaffPost}. */
export interface StaffPostProps {
  post: Post;
  /** The moderation state, when known; visible posts show no badge. */
  state?: PostModerationState | undefined;
  pinned?: boolean | undefined;
  /** True for a post a held feed still shows that has left the screens since (hidden, blocked or pushed out). */
  gone?: boolean | undefined;
  /** The action buttons. */
  children?: ReactNode;
  testId?: string;
}

/** One post as staff see it: author, text (as text, never HTML), pictures, tags, its moderation state and actions. */
export function StaffPost({ post, state, pinned, gone, children, testId = "staff-post" }: StaffPostProps) {
  const { t, format } = useI18n();
  const author = authorName(post);
  const network = t(`network.${post.network}`);
  return (
    <article
      className={`staff-post${state && state !== "visible" ? ` staff-post--${state}` : ""}${gone ? " staff-post--gone" : ""}`}
      aria-label={t("feed.postBy", { author, network })}
      data-testid={testId}
      data-post={postKey(post)}
      data-gone={gone ? "true" : undefined}
    >
      <PostHeader post={post} block="staff-post" who="author" time={format.time(post.createdAt)} />
      <p className="staff-post__text" lang={post.lang}>
        {post.text}
      </p>
      <StaffMedia post={post} />
      <footer className="staff-post__footer">
        <span className="staff-post__tags">
          <span className={`tag tag--network tag--${post.network}`}>{network}</span>
          <span className={`tag tag--kind tag--${post.kind}`}>{t(`kind.${post.kind}`)}</span>
          <CountryTag code={post.country ?? "unknown"} />
          {state && state !== "visible" ? (
            <span className={`staff-badge staff-badge--${state}`}>{t(`staff.state.${state}`)}</span>
          ) : null}
          {pinned ? <span className="staff-badge staff-badge--pinned">{t("staff.state.pinned")}</span> : null}
          {gone ? <span className="staff-badge staff-badge--gone">{t("staff.state.gone")}</span> : null}
        </span>
        {children ? <span className="staff-post__actions">{children}</span> : null}
      </footer>
    </article>
  );
}
