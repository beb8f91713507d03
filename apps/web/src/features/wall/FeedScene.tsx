import { postKey, type Post } from "@pulse/shared/client";
import { memo, useState } from "react";
import { Flag } from "../../components/Flag";
import { MediaTile } from "../../components/media/MediaTile";
import { firstPicture, postMediaShown } from "../../components/media/mediaView";
import { PinIcon } from "../../components/PinIcon";
import { PostHeader } from "../../components/PostHeader";
import { useI18n } from "../../hooks/useI18n";
import { authorName } from "../../lib/authorName";
import { SceneHeading } from "./SceneHeading";
import { createHighlightTurns, type HighlightTurns } from "./highlightTurns";
import { useAfterFirstFrame } from "./useAfterFirstFrame";
import { useHighlight } from "./useHighlight";
import { feedBeside } from "./wallData";

/** How long one post stays highlighted; pinned posts take turns of this length too. */
export const HIGHLIGHT_MS = 8_000;

/**
 * The feed scene's turns, for the wall to hold across the scene's comings and goings: each time the scene comes
 * back, the spotlight goes on from the pin (or post) it showed last, so with more pins than fit in one showing
 * of the scene, every pin still gets its turns.
 */
export function useFeedTurns(): HighlightTurns {
  const [turns] = useState(() => createHighlightTurns(HIGHLIGHT_MS));
  return turns;
}

/** Up to two initials of a name, for the author's badge. */
export function initialsOf(name: string): string {
  const words = name.replace(/^@/, "").split(/[\s._-]+/u).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? "")
    .join("");
}

/** The size class of a highlighted text: short posts get larger type. */
function textSize(text: string): "short" | "medium" | "long" {
  if (text.length <= 110) return "short";
  return text.length <= 200 ? "medium" : "long";
}

/**
 * One large post, marked when staff pinned it. Post text, names and handles are rendered as text (React
 * escapes them), never as HTML: a post holding markup shows the markup.
 */
function Highlight({ post, pinned }: { post: Post; pinned: boolean }) {
  const { t, format } = useI18n();
  const author = authorName(post);
  const network = t(`network.${post.network}`);
  // The first item: a picture, or the labelled blur of one the server withheld (sensitive, awaiting approval).
  const picture = postMediaShown(post, null)[0];
  return (
    <article
      className={picture ? "wall-highlight wall-highlight--picture" : "wall-highlight"}
      data-testid="wall-highlight"
      data-post={postKey(post)}
      data-pinned={pinned}
      aria-label={t(pinned ? "feed.pinnedPostBy" : "feed.postBy", { author, network })}
    >
      {pinned ? (
        <p className="wall-highlight__kicker wall-highlight__kicker--pinned" data-testid="wall-pinned-mark">
          <PinIcon className="wall-pin" /> {t("feed.pinned")}
        </p>
      ) : (
        <p className="wall-highlight__kicker">{t("wall.feed.highlight")}</p>
      )}
      <header className="wall-highlight__who">
        <span className="wall-highlight__avatar" aria-hidden="true">
          {initialsOf(author)}
        </span>
        <span className="wall-highlight__names">
          <span className="wall-highlight__name">{author}</span>
          <span className="wall-highlight__handle">
            @{post.author.handle} · {network} · <time dateTime={post.createdAt}>{format.time(post.createdAt)}</time>
          </span>
        </span>
      </header>
      <p className={`wall-highlight__text wall-highlight__text--${textSize(post.text)}`} lang={post.lang}>
        {post.text}
      </p>
      <footer className="wall-highlight__tags">
        <span className={`wall-tag wall-tag--${post.kind}`}>{t(`kind.${post.kind}`)}</span>
        {post.country ? (
          <span className="wall-tag">
            <Flag code={post.country} className="wall-flag" />{" "}
            {format.country(post.country, t("countries.unknown"))}
          </span>
        ) : null}
      </footer>
      {picture ? (
        <div className="wall-highlight__picture">
          <MediaTile shown={picture} say={t} fill />
        </div>
      ) : null}
    </article>
  );
}

/**
 * The feed scene: the highlighted post and a few beside it. Pinned posts stay on the scene until they are
 * unpinned: they take turns in the highlight, and the others lead the list beside it, each marked as pinned.
 * Without pins, recent posts take turns in the highlight. The list comes a frame after the highlight (the
 * scene's first frame was the wall's longest task at 4K).
 */
export const FeedScene = memo(function FeedScene({
  recent,
  pinned,
  turns,
  besideLimit,
}: {
  recent: readonly Post[];
  pinned: readonly Post[];
  turns: HighlightTurns;
  /** How many posts the list beside may hold: by default the few that fit (the benchmark's baseline lists all). */
  besideLimit?: number;
}) {
  const { t, format } = useI18n();
  const highlight = useHighlight(recent, pinned, turns);
  const listShown = useAfterFirstFrame();
  const beside = listShown ? feedBeside(recent, highlight, pinned, besideLimit) : [];
  const pinnedKeys = new Set(pinned.map(postKey));
  return (
    <div className="wall-feed">
      <div className="wall-feed__main">
        {highlight ? (
          <Highlight key={postKey(highlight)} post={highlight} pinned={pinnedKeys.has(postKey(highlight))} />
        ) : (
          <SceneHeading title={t("feed.title")} subtitle={t("feed.empty")} />
        )}
      </div>
      <section className="wall-feed__aside" aria-labelledby="wall-feed-latest">
        <h2 className="wall-feed__title" id="wall-feed-latest">
          {t("wall.feed.latest")}
        </h2>
        <ol className="wall-feed__list">
          {beside.map((post) => {
            const isPinned = pinnedKeys.has(postKey(post));
            const thumbnail = firstPicture(post, null, true);
            return (
              <li
                key={postKey(post)}
                className={`wall-mini${isPinned ? " wall-mini--pinned" : ""}${thumbnail ? " wall-mini--picture" : ""}`}
                data-testid="wall-feed-item"
                data-post={postKey(post)}
                data-pinned={isPinned}
              >
                <PostHeader
                  as="p"
                  post={post}
                  block="wall-mini"
                  time={format.time(post.createdAt)}
                  lead={
                    isPinned ? (
                      <span className="wall-mini__pinned">
                        <PinIcon className="wall-pin" /> {t("feed.pinned")}
                      </span>
                    ) : null
                  }
                />
                <p className="wall-mini__text" lang={post.lang}>
                  {post.text}
                </p>
                {thumbnail ? (
                  <div className="wall-mini__picture">
                    <MediaTile shown={thumbnail} say={t} fill />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
});
