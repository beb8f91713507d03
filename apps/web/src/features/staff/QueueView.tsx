import { postKey, type HeldPosts, type ModerationMode, type Post } from "@pulse/shared/client";
import { useEffect, useId, useRef, useState } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { usePostActions } from "./postActions";
import { isTypingTarget, moveSelection, queueCommand, QUEUE_SHORTCUTS, reconcileSelection, selectionAfterRemoving, type QueueCommand } from "./queueKeys";
import { StaffLoadError } from "./StaffLoadError";
import { StaffPost } from "./StaffPost";
import { staffCall } from "./staffApi";
import { useStaffAction } from "./useStaffAction";
import { useCan } from "./StaffContext";
import { useStaffResource } from "./useStaffResource";

/** The queue is polled this often while it shows. */
export const QUEUE_POLL_MS = 2_000;

/**
 * Auto or approve-before-display, with `PUT /api/staff/moderation/mode`. Leaving approve mode while posts wait asks,
 * in a dialog, whether to show them all now or keep them held for one-by-one decisions.
 */
function ModeSwitch({ mode, queued }: { mode: ModerationMode | null; queued: number }) {
  const mayChoose = useCan()("moderationMode");
  const { t, plural } = useI18n();
  const run = useStaffAction();
  const hintId = useId();
  const dialogIds = { title: useId(), body: useId() };
  const dialog = useRef<HTMLDialogElement>(null);
  // The mode asked for shows at once; the server's answer (the next poll) confirms it.
  const [asked, setAsked] = useState<ModerationMode | null>(null);
  if (asked !== null && asked === mode) setAsked(null);
  const shown = asked ?? mode;
  const set = (next: ModerationMode, held?: HeldPosts) => {
    setAsked(next);
    const body = held ? { mode: next, held } : { mode: next };
    const done = held ? t(`staff.done.mode.auto.${held}`) : t(`staff.done.mode.${next}`);
    void run(() => staffCall("moderationMode", { body }), done).then((ok) => {
      if (!ok) setAsked(null);
    });
  };
  const choose = (next: ModerationMode) => {
    if (next === "auto" && mode === "approve") {
      if (queued > 0) dialog.current?.showModal();
      // Posts that came since the last poll are kept: none is shown unseen.
      else set("auto", "keep");
      return;
    }
    set(next);
  };
  const leave = (held: HeldPosts | null) => {
    dialog.current?.close();
    if (held) set("auto", held);
  };
  return (
    <fieldset className="staff-mode" aria-describedby={hintId} disabled={!mayChoose} data-testid="staff-mode" data-mode={mode ?? ""}>
      <legend>{t("staff.mode.title")}</legend>
      {(["auto", "approve"] as const).map((value) => (
        <label key={value} className="staff-mode__option">
          <input
            type="radio"
            name="staff-mode"
            value={value}
            checked={shown === value}
            disabled={mode === null}
            onChange={() => choose(value)}
            data-testid={`staff-mode-${value}`}
          />
          {t(`staff.mode.${value}`)}
        </label>
      ))}
      <p className="staff-field__hint" id={hintId}>
        {t("staff.mode.hint")}
      </p>
      <dialog ref={dialog} className="staff-dialog" aria-labelledby={dialogIds.title} aria-describedby={dialogIds.body} data-testid="staff-leave-approve">
        <h2 id={dialogIds.title} className="panel__title">
          {t("staff.mode.leave.title")}
        </h2>
        <p id={dialogIds.body}>{plural("staff.mode.leave.waiting", queued)}</p>
        <div className="staff-buttons">
          <button type="button" className="staff-button staff-button--primary" onClick={() => leave("release")} data-testid="staff-leave-release">
            {plural("staff.mode.leave.release", queued)}
          </button>
          <button type="button" className="staff-button" onClick={() => leave("keep")} data-testid="staff-leave-keep">
            {t("staff.mode.leave.keep")}
          </button>
          <button type="button" className="staff-link-button" onClick={() => leave(null)} data-testid="staff-leave-cancel">
            {t("staff.mode.leave.cancel")}
          </button>
        </div>
      </dialog>
    </fieldset>
  );
}

/** The selection, and the queue it was made against (to hand over when the selected post leaves). */
interface Selection {
  keys: readonly string[];
  selected: string | null;
}

/** The buttons of a queued post, one a decision, each also a shortcut; approving is the primary one. */
const QUEUE_DECISIONS = [
  { command: "approve", className: "staff-button staff-button--primary", testId: "staff-approve" },
  { command: "hide", className: "staff-button", testId: "staff-queue-hide" },
] as const;

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * The approve queue, oldest first, polled every 2 s. Keyboard: `a` approves the selected post, `h` hides it,
 * `j`/`k` (or the arrow keys) move the selection. Keys typed in a field or with Ctrl, Alt or Meta are left alone.
 */
export function QueueView() {
  const { t, format } = useI18n();
  const actions = usePostActions();
  const { data, error } = useStaffResource("moderationQueue", {}, QUEUE_POLL_MS);
  const mayDecide = useCan()("postAction");
  // Posts acted on leave the list at once, before the next poll confirms it.
  const [gone, setGone] = useState<ReadonlySet<string>>(() => new Set());
  const posts = (data?.queue ?? []).filter((post) => !gone.has(postKey(post)));
  const keys = posts.map(postKey);

  const [selection, setSelection] = useState<Selection>({ keys: [], selected: null });
  let selected = selection.selected;
  if (!sameKeys(selection.keys, keys)) {
    // Adjusting state while rendering, as React documents for state derived from props.
    selected = reconcileSelection(selection.keys, keys, selection.selected);
    setSelection({ keys, selected });
  }

  const listRef = useRef<HTMLOListElement>(null);
  const focusWanted = useRef(false);
  useEffect(() => {
    if (!focusWanted.current || selected === null) return;
    focusWanted.current = false;
    listRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(selected)}"]`)?.focus();
  }, [selected]);

  const act = (command: "approve" | "hide", post: Post) => {
    const key = postKey(post);
    focusWanted.current = true;
    setGone((current) => new Set(current).add(key));
    setSelection({ keys: keys.filter((k) => k !== key), selected: selectionAfterRemoving(keys, key) });
    void actions.post(command, post).then((ok) => {
      if (ok) return;
      // Back in the list when the action failed.
      setGone((current) => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
    });
  };

  const latest = useRef({ posts, keys, selected, act });
  useEffect(() => {
    latest.current = { posts, keys, selected, act };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command: QueueCommand | null = queueCommand({
        key: event.key,
        altKey: event.altKey,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        typing: isTypingTarget(event.target),
      });
      if (!command) return;
      const { posts, keys, selected, act } = latest.current;
      if (keys.length === 0) return;
      event.preventDefault();
      if (command === "next" || command === "previous") {
        focusWanted.current = true;
        setSelection({ keys, selected: moveSelection(keys, selected, command === "next" ? 1 : -1) });
        return;
      }
      // A held key repeats: one press, one decision.
      if (event.repeat) return;
      const post = posts.find((p) => postKey(p) === selected);
      if (post) act(command, post);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const mode = data?.mode ?? null;
  const queued = data ? Math.max(0, data.queued - (data.queue.length - posts.length)) : 0;
  return (
    <div className="staff-grid staff-grid--queue">
      <div className="staff-stack">
        <ModeSwitch mode={mode} queued={queued} />
        <section className="staff-card staff-shortcuts" aria-labelledby="staff-shortcuts-title">
          <h2 id="staff-shortcuts-title" className="panel__title">
            {t("staff.queue.shortcuts")}
          </h2>
          <dl>
            {(Object.keys(QUEUE_SHORTCUTS) as QueueCommand[]).map((command) => (
              <div key={command}>
                <dt>
                  <kbd>{QUEUE_SHORTCUTS[command]}</kbd>
                </dt>
                <dd>{t(`staff.queue.key.${command}`)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <Panel
        title={t("staff.queue.title")}
        subtitle={data ? t("staff.queue.count", { count: format.number(queued) }) : undefined}
        testId="staff-queue"
        className="staff-panel staff-panel--queue"
      >
        <StaffLoadError error={error} />
        {mode === "auto" && posts.length === 0 ? <p className="panel__empty">{t("staff.queue.autoMode")}</p> : null}
        {mode === "approve" && posts.length === 0 ? <p className="panel__empty">{t("staff.queue.empty")}</p> : null}
        {posts.length > 0 ? (
          <ol
            ref={listRef}
            className="staff-list staff-queue"
            aria-label={t("staff.queue.title")}
            aria-keyshortcuts="a h j k"
            data-testid="staff-queue-list"
          >
            {posts.map((post) => {
              const key = postKey(post);
              const isSelected = key === selected;
              return (
                <li
                  key={key}
                  className={isSelected ? "staff-queue__item staff-queue__item--selected" : "staff-queue__item"}
                  tabIndex={isSelected ? 0 : -1}
                  aria-current={isSelected ? "true" : undefined}
                  data-key={key}
                  data-selected={isSelected}
                  data-testid="staff-queue-item"
                  onFocus={() => {
                    if (!isSelected) setSelection({ keys, selected: key });
                  }}
                >
                  <StaffPost post={post} state="pending">
                    {!mayDecide ? null : QUEUE_DECISIONS.map(({ command, className, testId }) => (
                      <button
                        key={command}
                        type="button"
                        className={className}
                        // Only the selected post's buttons answer the shortcuts.
                        aria-keyshortcuts={isSelected ? QUEUE_SHORTCUTS[command] : undefined}
                        onClick={() => act(command, post)}
                        data-testid={testId}
                      >
                        {t(`staff.action.${command}`)}
                      </button>
                    ))}
                  </StaffPost>
                </li>
              );
            })}
          </ol>
        ) : null}
      </Panel>
    </div>
  );
}
