import { postKey, type Post } from "@pulse/shared/client";
import { CountryTag } from "../../components/CountryTag";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";

function FeedItem({ post }: { post: Post }) {
  const { t, format } = useI18n();
  const network = t(`network.${post.network}`);
  const author = post.author.name?.trim() || `@${post.author.handle}`;
  return (
    <li className="feed__item">
      <article aria-label={t("feed.postBy", { author, network })}>
        <header className="feed__meta">
          <span className="feed__author">
            <span className="feed__name">{author}</span>
            {post.author.name ? <span className="feed__handle">@{post.author.handle}</span> : null}
          </span>
          <time className="feed__time" dateTime={post.createdAt}>
            {format.time(post.createdAt)}
          </time>
        </header>
        <p className="feed__text" lang={post.lang}>
          {post.text}
        </p>
        <footer className="feed__tags">
          <span className={`tag tag--network tag--${post.network}`}>{network}</span>
          <span className={`tag tag--kind tag--${post.kind}`}>{t(`kind.${post.kind}`)}</span>
          <CountryTag code={post.country ?? "unknown"} />
        </footer>
      </article>
    </li>
  );
}

/** The newest visible posts, newest first. Not a live region: it changes too often to be read out. */
export function LiveFeed({ posts }: { posts: Post[] }) {
  const { t } = useI18n();
  return (
    <Panel title={t("feed.title")} testId="live-feed" className="area-feed panel--feed">
      {posts.length === 0 ? (
        <p className="panel__empty">{t("feed.empty")}</p>
      ) : (
        <ol className="feed" tabIndex={0} aria-label={t("feed.title")}>
          {posts.map((post) => (
            <FeedItem key={postKey(post)} post={post} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
