import { postKey, type Post } from "@pulse/shared/client";
import { PostMedia } from "../../components/media/PostMedia";
import { PinIcon } from "../../components/PinIcon";
import { PostHeader } from "../../components/PostHeader";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { EmbedCard } from "../react/EmbedCard";
import { useEmbed } from "../react/useEmbed";
import { authorName } from "../../lib/authorName";
import { avatarLetter, DEFAULT_FEED_POSTS, feedPosts } from "./feedPosts";

function FeedPost({ post, pinned, media }: { post: Post; pinned: boolean; media: boolean }) {
  const { t, format } = useEmbed().i18n;
  const author = authorName(post);
  const network = t(`network.${post.network}`);
  return (
    <li className={pinned ? "post post--pinned" : "post"} data-testid="feed-post" data-post={postKey(post)} data-pinned={pinned}>
      <article aria-label={t(pinned ? "feed.pinnedPostBy" : "feed.postBy", { author, network })}>
        {pinned ? (
          <p className="post__pinned">
            <PinIcon /> {t("feed.pinned")}
          </p>
        ) : null}
        <PostHeader
          post={post}
          block="post"
          who="who"
          time={format.time(post.createdAt)}
          lead={
            <span className="post__avatar" aria-hidden="true">
              {avatarLetter(post)}
            </span>
          }
        />
        {/* Plain text only: React escapes it, so markup in a post shows as written and never runs. */}
        <p className="post__text" lang={post.lang}>
          {post.text}
        </p>
        {media ? <PostMedia post={post} hosts={null} say={t} small className="post__media" /> : null}
        <footer className="post__tags">
          <span>{network}</span>
          {post.kind === "original" ? null : <span>{t(`kind.${post.kind}`)}</span>}
          {post.country ? <span>{format.country(post.country, post.country)}</span> : null}
        </footer>
      </article>
    </li>
  );
}

/**
 * The pinned posts, marked and newest pin first, then the newest visible posts; one country's when `country` is
 * asked, with their pictures when `media=on` is. Not a live region: it moves too fast.
 */
export function FeedWidget() {
  const { params, i18n } = useEmbed();
  const { t, format } = i18n;
  const { snapshot, status } = useLiveSnapshot();
  const posts = snapshot ? feedPosts(snapshot.recent, params.country, params.limit ?? DEFAULT_FEED_POSTS, snapshot.pinned) : [];
  return (
    <EmbedCard
      title={t("feed.title")}
      subtitle={params.country ? format.country(params.country, params.country) : null}
      status={status}
      testId="embed-feed"
      className="feed"
    >
      {posts.length === 0 ? (
        <p className="card__empty">{t("feed.empty")}</p>
      ) : (
        <ol className="feed__list" aria-label={t("feed.list")}>
          {posts.map(({ post, pinned }) => (
            <FeedPost key={postKey(post)} post={post} pinned={pinned} media={params.media} />
          ))}
        </ol>
      )}
    </EmbedCard>
  );
}
