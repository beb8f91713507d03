import { postKey, type Post } from "@pulse/shared/client";
import { CountryTag } from "../../components/CountryTag";
import { PostMedia } from "../../components/media/PostMedia";
import { Panel } from "../../components/Panel";
import { PinIcon } from "../../components/PinIcon";
import { PostHeader } from "../../components/PostHeader";
import { useI18n } from "../../hooks/useI18n";
import { authorName } from "../../lib/authorName";
import { entriesWithHashtag } from "../insights/insightsData";
import { liveFeedEntries } from "./dashboardData";

function FeedItem({ post, pinned }: { post: Post; pinned: boolean }) {
  const { t, format } = useI18n();
  const network = t(`network.${post.network}`);
  const author = authorName(post);
  return (
    <li className={pinned ? "feed__item feed__item--pinned" : "feed__item"} data-testid="feed-item" data-post={postKey(post)} data-pinned={pinned}>
      <article aria-label={t(pinned ? "feed.pinnedPostBy" : "feed.postBy", { author, network })}>
        {pinned ? (
          <p className="feed__pinned">
            <PinIcon /> {t("feed.pinned")}
          </p>
        ) : null}
        <PostHeader post={post} block="feed" who="author" time={format.time(post.createdAt)} />
        <p className="feed__text" lang={post.lang}>
          {post.text}
        </p>
        {/* Thumbnails; the server already withheld what a public screen may not show. */}
        <PostMedia post={post} hosts={null} say={t} small className="feed__media" />
        <footer className="feed__tags">
          <span className={`tag tag--network tag--${post.network}`}>{network}</span>
          <span className={`tag tag--kind tag--${post.kind}`}>{t(`kind.${post.kind}`)}</span>
          <CountryTag code={post.country ?? "unknown"} />
        </footer>
      </article>
    </li>
  );
}

/** Props of {@link LiveFeed}. */
export interface LiveFeedProps {
  posts: readonly Post[];
  pinned?: readonly Post[];
  /** Only the posts carrying this hashtag show, under a line that names it and clears it (`onClearHashtag`). */
  hashtag?: string | null;
  onClearHashtag?: () => void;
}

/**
 * The pinned posts, marked and newest pin first, then the newest visible posts, or those of them that carry
 * `hashtag`. Not a live region: it changes too often to be read out.
 */
export function LiveFeed({ posts, pinned = [], hashtag = null, onClearHashtag }: LiveFeedProps) {
  const { t } = useI18n();
  const entries = entriesWithHashtag(liveFeedEntries(posts, pinned), hashtag);
  return (
    <Panel title={t("feed.title")} testId="live-feed" className="area-feed panel--feed">
      {hashtag !== null ? (
        <div className="feed-filter" data-testid="feed-filter" data-tag={hashtag}>
          <span>{t("feed.filtered", { tag: hashtag })}</span>
          {onClearHashtag ? (
            <button type="button" className="feed-filter__clear" onClick={onClearHashtag} data-testid="feed-filter-clear">
              {t("feed.clearFilter")}
            </button>
          ) : null}
        </div>
      ) : null}
      {entries.length === 0 ? (
        <p className="panel__empty">{hashtag !== null ? t("feed.filteredEmpty", { tag: hashtag }) : t("feed.empty")}</p>
      ) : (
        <ol className="feed" tabIndex={0} aria-label={t("feed.title")}>
          {entries.map(({ post, pinned: isPinned }) => (
            <FeedItem key={postKey(post)} post={post} pinned={isPinned} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
