import { authorKey, postKey, RECENT_LIMIT, type Network, type Post, type Snapshot } from "@pulse/shared/client";
import { useRef, useState, type FocusEvent } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { holdFeed } from "./feedHold";
import { authorLabel, shortExcerpt } from "./moderationSubject";
import { usePostActions } from "./postActions";
import { StaffLoadError } from "./StaffLoadError";
import { StaffPost } from "./StaffPost";
import { splitAuthorKey } from "./staffApi";
import { useStaffResource } from "./useStaffResource";
import { useCan } from "./StaffContext";

/** The lists beside the live feed refresh this often (and at once after every action). */
const LISTS_POLL_MS = 5_000;

/** Hidden or pinned posts from `GET /api/staff/moderation/posts?state=…`, each with the action that undoes it. */
function ModeratedList({ state }: { state: "hidden" | "pinned" }) {
  const { t } = useI18n();
  const actions = usePostActions();
  const { data, error } = useStaffResource("moderatedPosts", { query: { state, limit: "100" } }, LISTS_POLL_MS);
  const posts = data?.posts ?? [];
  const mayAct = useCan()("postAction");
  return (
    <Panel title={t(`staff.moderation.${state}`)} testId={`staff-${state}`} className="staff-panel">
      <StaffLoadError error={error} />
      {posts.length === 0 ? (
        <p className="panel__empty">{t(`staff.moderation.${state}Empty`)}</p>
      ) : (
        <ul className="staff-list">
          {posts.map((item) => (
            <li key={postKey(item.post)}>
              <StaffPost post={item.post} state={item.state} pinned={item.pinned} testId={`staff-${state}-item`}>
                {!mayAct ? null : state === "hidden" ? (
                  <button type="button" className="staff-button" onClick={() => void actions.post("unhide", item.post)} data-testid="staff-unhide">
                    {t("staff.action.unhide")}
                  </button>
                ) : (
                  <button type="button" className="staff-button" onClick={() => void actions.post("unpin", item.post)} data-testid="staff-unpin">
                    {t("staff.action.unpin")}
                  </button>
                )}
              </StaffPost>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** Blocked authors, from `GET /api/staff/moderation/state`, each with an unblock button. */
function BlockedAuthors() {
  const { t } = useI18n();
  const actions = usePostActions();
  const { data, error } = useStaffResource("moderationState", {}, LISTS_POLL_MS);
  const blocked = data?.blockedAuthors ?? [];
  const mayUnblock = useCan()("authorAction");
  return (
    <Panel title={t("staff.moderation.blocked")} testId="staff-blocked" className="staff-panel">
      <StaffLoadError error={error} />
      {blocked.length === 0 ? (
        <p className="panel__empty">{t("staff.moderation.blockedEmpty")}</p>
      ) : (
        <ul className="staff-list staff-list--compact">
          {blocked.map((key) => {
            const { network, authorId } = splitAuthorKey(key);
            const profile = data?.blockedProfiles?.[key];
            const label = profile ? authorLabel(profile) : authorId;
            return (
              <li key={key} className="staff-row" data-testid="staff-blocked-item" data-author={key}>
                <span className="staff-row__label">
                  {profile ? (
                    <span className="staff-subject">
                      <span className="staff-subject__who" data-testid="staff-blocked-who">
                        <span className="staff-post__name">{profile.name?.trim() || `@${profile.handle}`}</span>{" "}
                        <span className="staff-post__handle">@{profile.handle}</span>{" "}
                        <span className={`tag tag--network tag--${network}`}>{t(`network.${network as Network}`)}</span>
                      </span>
                      {profile.excerpt ? <q className="staff-subject__excerpt">{shortExcerpt(profile.excerpt)}</q> : null}
                    </span>
                  ) : (
                    // Blocked by id alone, or before who they were was recorded.
                    <span className="staff-subject" title={t("staff.moderation.blockedUnknown")}>
                      <code>{authorId}</code> <span className={`tag tag--network tag--${network}`}>{t(`network.${network as Network}`)}</span>{" "}
                      <span className="staff-subject__excerpt">{t("staff.moderation.blockedUnknown")}</span>
                    </span>
                  )}
                </span>
                {mayUnblock ? (
                  <button type="button" className="staff-button" onClick={() => void actions.author("unblock", network, authorId, label)} data-testid="staff-unblock">
                    {t("staff.action.unblock")}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

/**
 * The moderation view: the live feed as the walls show it, with hide, pin and block on each post, and the
 * hidden posts, pins and blocked authors with the actions that undo them.
 */
export function ModerationView({ snapshot }: { snapshot: Snapshot | null }) {
  const mayModerate = useCan()("postAction");
  const { t, plural } = useI18n();
  const actions = usePostActions();
  const live = snapshot?.recent ?? [];
  const pinnedKeys = new Set((snapshot?.pinned ?? []).map(postKey));
  // The feed holds still while the pointer or keyboard focus is on it, so the post under the pointer stays the
  // one acted on; posts that come meanwhile wait and show when both have left.
  const [held, setHeld] = useState<Post[] | null>(null);
  const on = useRef({ pointer: false, focus: false });
  const hold = (what: "pointer" | "focus") => {
    on.current[what] = true;
    // The handlers are made anew at every render, so `live` is the list on screen now.
    setHeld((current) => current ?? live);
  };
  const release = (what: "pointer" | "focus") => {
    on.current[what] = false;
    if (!on.current.pointer && !on.current.focus) setHeld(null);
  };
  const { shown: recent, waiting } = held ? holdFeed(held, live) : { shown: live, waiting: 0 };
  const onScreen = new Set(live.map(postKey));
  // A held post missing from the live list left the screens (hidden, blocked), unless the list is full and it is
  // older than every post in it: then newer posts only pushed it out, as they do every post in time.
  const oldestLive = Math.min(...live.map((post) => post.arrival ?? Number.POSITIVE_INFINITY));
  const pushedOut = (post: Post) => live.length >= RECENT_LIMIT && post.arrival !== undefined && post.arrival < oldestLive;
  const left = (post: Post) => !onScreen.has(postKey(post)) && !pushedOut(post);
  return (
    <div className="staff-grid staff-grid--moderation">
      <Panel title={t("staff.moderation.live")} subtitle={t("staff.moderation.liveHint")} testId="staff-live" className="staff-panel staff-panel--feed">
        <p className="staff-live-paused" aria-live="polite" data-testid="staff-live-paused" data-paused={held !== null} data-waiting={waiting}>
          {held ? plural("staff.moderation.paused", waiting) : ""}
        </p>
        {recent.length === 0 ? (
          <p className="panel__empty">{t("feed.empty")}</p>
        ) : (
          <ol
            className="staff-list"
            data-testid="staff-live-list"
            onPointerEnter={() => hold("pointer")}
            onPointerLeave={() => release("pointer")}
            // Keyboard focus holds the feed; the focus a mouse click leaves on a button does not outlast the pointer.
            onFocus={(event: FocusEvent<HTMLOListElement>) => {
              if (event.target.matches(":focus-visible")) hold("focus");
            }}
            onBlur={(event: FocusEvent<HTMLOListElement>) => {
              if (!event.currentTarget.contains(event.relatedTarget)) release("focus");
            }}
          >
            {recent.map((post) => {
              const key = postKey(post);
              const pinned = pinnedKeys.has(key);
              const author = `@${post.author.handle}`;
              return (
                <li key={key}>
                  <StaffPost post={post} pinned={pinned} gone={left(post)} testId="staff-live-item">
                    {mayModerate ? (
                    <>
                    <button type="button" className="staff-button" onClick={() => void actions.post("hide", post)} data-testid="staff-hide">
                      {t("staff.action.hide")}
                    </button>
                    <button
                      type="button"
                      className="staff-button"
                      aria-pressed={pinned}
                      onClick={() => void actions.post(pinned ? "unpin" : "pin", post)}
                      data-testid="staff-pin"
                    >
                      {pinned ? t("staff.action.unpin") : t("staff.action.pin")}
                    </button>
                    <button
                      type="button"
                      className="staff-button staff-button--danger"
                      onClick={() => void actions.author("block", post.network, post.author.id, authorLabel(post.author), post)}
                      data-testid="staff-block"
                      data-author={authorKey(post)}
                    >
                      {t("staff.action.block", { author })}
                    </button>
                    </>
                    ) : null}
                  </StaffPost>
                </li>
              );
            })}
          </ol>
        )}
      </Panel>
      <div className="staff-stack">
        <ModeratedList state="pinned" />
        <ModeratedList state="hidden" />
        <BlockedAuthors />
      </div>
    </div>
  );
}
