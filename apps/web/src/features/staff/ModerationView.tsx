import { postKey, type ModeratedPostList, type ModerationState, type Snapshot } from "@pulse/shared/client";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { usePostActions } from "./postActions";
import { StaffLoadError } from "./StaffLoadError";
import { StaffPost } from "./StaffPost";
import { authorKeyOf, moderatedPostsPath, splitAuthorKey } from "./staffApi";
import { useStaffResource } from "./useStaffResource";

/** The lists beside the live feed refresh this often (and at once after every action). */
const LISTS_POLL_MS = 5_000;

/** Hidden or pinned posts from `GET /api/moderation/posts?state=…`, each with the action that undoes it. */
function ModeratedList({ state }: { state: "hidden" | "pinned" }) {
  const { t } = useI18n();
  const actions = usePostActions();
  const { data, error } = useStaffResource<ModeratedPostList>(moderatedPostsPath(state), LISTS_POLL_MS);
  const posts = data?.posts ?? [];
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
                {state === "hidden" ? (
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

/** Blocked authors, from `GET /api/moderation/state`, each with an unblock button. */
function BlockedAuthors() {
  const { t } = useI18n();
  const actions = usePostActions();
  const { data, error } = useStaffResource<ModerationState>("/api/moderation/state", LISTS_POLL_MS);
  const blocked = data?.blockedAuthors ?? [];
  return (
    <Panel title={t("staff.moderation.blocked")} testId="staff-blocked" className="staff-panel">
      <StaffLoadError error={error} />
      {blocked.length === 0 ? (
        <p className="panel__empty">{t("staff.moderation.blockedEmpty")}</p>
      ) : (
        <ul className="staff-list staff-list--compact">
          {blocked.map((key) => {
            const { network, authorId } = splitAuthorKey(key);
            return (
              <li key={key} className="staff-row" data-testid="staff-blocked-item" data-author={key}>
                <span className="staff-row__label">
                  <code>{authorId}</code> <span className="tag tag--network">{network}</span>
                </span>
                <button type="button" className="staff-button" onClick={() => void actions.author("unblock", network, authorId, key)} data-testid="staff-unblock">
                  {t("staff.action.unblock")}
                </button>
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
  const { t } = useI18n();
  const actions = usePostActions();
  const recent = snapshot?.recent ?? [];
  const pinnedKeys = new Set((snapshot?.pinned ?? []).map(postKey));
  return (
    <div className="staff-grid staff-grid--moderation">
      <Panel title={t("staff.moderation.live")} subtitle={t("staff.moderation.liveHint")} testId="staff-live" className="staff-panel staff-panel--feed">
        {recent.length === 0 ? (
          <p className="panel__empty">{t("feed.empty")}</p>
        ) : (
          <ol className="staff-list">
            {recent.map((post) => {
              const key = postKey(post);
              const pinned = pinnedKeys.has(key);
              const author = `@${post.author.handle}`;
              return (
                <li key={key}>
                  <StaffPost post={post} pinned={pinned} testId="staff-live-item">
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
                      onClick={() => void actions.author("block", post.network, post.author.id, author)}
                      data-testid="staff-block"
                      data-author={authorKeyOf(post)}
                    >
                      {t("staff.action.block", { author })}
                    </button>
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
