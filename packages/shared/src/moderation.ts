/**
 * Moderation over the aggregate state. It never touches a counter: it decides which posts are visible (not
 * hidden by staff, author not blocked, not awaiting approval), and so what `recent` and `pinned` show. The Redis
 * store's scripts run the same rules.
 */
import type {
  ModeratedPost,
  ModerationAction,
  ModerationLogEntry,
  ModerationMode,
  ModerationOutcome,
  ModerationState,
  ModerationSubject,
  Post,
  PostModerationState,
} from "./models.js";
import { authorKey, postKey } from "./keys.js";
import type { AggregateState } from "./aggregate.js";
import { emptyChange, RECENT_LIMIT, type Change } from "./delta.js";

/** How many posts can be pinned at once; pinning one more unpins the oldest pin. */
export const PIN_LIMIT = 5;

/** How many posts `ModerationState.queue` lists. */
export const QUEUE_LIMIT = 200;

/** How many entries the moderation audit log keeps, newest kept. */
export const MODERATION_LOG_LIMIT = 5_000;

/** What staff decided, as the embedded store keeps it. */
export interface ModerationBook {
  mode: ModerationMode;
  /** Post keys hidden by staff. */
  hidden: Set<string>;
  /** Author keys `network:authorId`. */
  blocked: Set<string>;
  /** Post keys awaiting approval, in arrival order (a key is only ever added when its post arrives). */
  pending: Set<string>;
  /** Pinned post keys, newest pin first, at most `PIN_LIMIT`. */
  pinned: string[];
  /** Who blocked authors are, by author key, as recorded when they were blocked (see `ModerationState.blockedProfiles`). */
  profiles: Map<string, ModerationSubject>;
  /** The audit log, oldest first, at most `MODERATION_LOG_LIMIT` entries. */
  log: ModerationLogEntry[];
}

/** Nothing decided yet: auto mode, nothing hidden, blocked, pending or pinned. */
export function createModerationBook(): ModerationBook {
  return { mode: "auto", hidden: new Set(), blocked: new Set(), pending: new Set(), pinned: [], profiles: new Map(), log: [] };
}

/** The author key a block is matched against: the first version's. */
function authorOf(state: AggregateState, key: string, post: Post): string {
  return state.records.get(key)?.author ?? authorKey(post);
}

/** Where a stored post stands: hidden wins over blocked, which wins over pending. */
function stateOf(state: AggregateState, key: string, post: Post): PostModerationState {
  const m = state.moderation;
  if (m.hidden.has(key)) return "hidden";
  if (m.blocked.has(authorOf(state, key, post))) return "blocked";
  if (m.pending.has(key)) return "pending";
  return "visible";
}

/** True when a stored post is visible: not hidden, its author not blocked, not awaiting approval. */
export function isVisible(state: AggregateState, key: string, post: Post): boolean {
  return stateOf(state, key, post) === "visible";
}

/** The pinned posts that are visible, newest pin first: what `Snapshot.pinned` shows. */
export function pinnedPosts(state: AggregateState): Post[] {
  const out: Post[] = [];
  for (const key of state.moderation.pinned) {
    const post = state.posts.get(key);
    if (post && isVisible(state, key, post)) out.push(post);
  }
  return out;
}

/** The `RECENT_LIMIT` newest visible posts by arrival that the feed's pace let through, newest first. */
function visibleWindow(state: AggregateState): Post[] {
  const all = [...state.posts];
  const out: Post[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < RECENT_LIMIT; i -= 1) {
    const [key, post] = all[i] as [string, Post];
    if (isVisible(state, key, post) && state.records.get(key)?.paced !== true) out.push(post);
  }
  return out;
}

/**
 * Applies one moderation action. Counters never change. When it changes what is visible, `recent` becomes the
 * `RECENT_LIMIT` newest visible posts again, and the change carries the difference (`posts` newly on screen,
 * `removed` taken off) and, when the visible pinned list changed, the new `pinned`. A post action on a key that
 * is not stored (never counted, or deleted) is `not_found` and changes nothing. The change may be empty while
 * the outcome is `changed` (a mode switch shows nothing by itself). `about` names who a `block` is about; it is kept
 * with the block (`ModerationState.blockedProfiles`) until the author is unblocked.
 */
export function moderate(
  state: AggregateState,
  action: ModerationAction,
  about?: ModerationSubject,
): { outcome: ModerationOutcome; change: Change } {
  const change = emptyChange();
  const m = state.moderation;
  const pinnedBefore = pinnedPosts(state).map(postKey);
  let changed: boolean;
  let rebuild = true;
  // A pinned post on screen whose version changed: the pinned list is sent again even if its keys are the same.
  let pinnedReplaced = false;
  switch (action.type) {
    case "setMode": {
      // Releasing approves every held post at once; they come on screen in their places by arrival.
      const release = action.held === "release" && m.pending.size > 0;
      changed = m.mode !== action.mode || release;
      m.mode = action.mode;
      if (release) m.pending.clear();
      rebuild = release;
      break;
    }
    case "block":
      changed = !m.blocked.has(action.author);
      m.blocked.add(action.author);
      if (changed && about) m.profiles.set(action.author, about);
      break;
    case "unblock":
      changed = m.blocked.delete(action.author);
      m.profiles.delete(action.author);
      break;
    default: {
      const { key } = action;
      if (!state.posts.has(key)) return { outcome: "not_found", change };
      switch (action.type) {
        case "hide":
          changed = !m.hidden.has(key);
          m.hidden.add(key);
          // A hidden post leaves the approval queue: staff have decided about it.
          m.pending.delete(key);
          break;
        case "unhide":
          changed = m.hidden.delete(key);
          break;
        case "approve":
          changed = m.pending.delete(key);
          break;
        case "approveMedia":
        case "unapproveMedia": {
          // The stored post carries the flag (a new object, as an edit makes); screens get it again where it shows.
          const stored = state.posts.get(key) as Post;
          const approve = action.type === "approveMedia";
          changed = (stored.media?.length ?? 0) > 0 && (stored.mediaApproved === true) !== approve;
          if (changed) {
            const post = approve ? { ...stored, mediaApproved: true as const } : withoutApproval(stored);
            replaceStored(state, key, post, change);
            pinnedReplaced = m.pinned.includes(key) && isVisible(state, key, post);
          }
          rebuild = false;
          break;
        }
        case "pin":
          changed = !m.pinned.includes(key);
          if (changed) m.pinned = [key, ...m.pinned].slice(0, PIN_LIMIT);
          rebuild = false;
          break;
        case "unpin":
          changed = m.pinned.includes(key);
          m.pinned = m.pinned.filter((k) => k !== key);
          rebuild = false;
          break;
      }
    }
  }
  if (!changed) return { outcome: "unchanged", change };
  if (rebuild) {
    const before = new Set(state.recent.map(postKey));
    const next = visibleWindow(state);
    const after = new Set(next.map(postKey));
    change.posts = next.filter((p) => !before.has(postKey(p)));
    change.removed = [...before].filter((key) => !after.has(key));
    state.recent = next;
  }
  const pinned = pinnedPosts(state);
  if (pinnedReplaced || pinned.map(postKey).join("\n") !== pinnedBefore.join("\n")) change.pinned = pinned;
  return { outcome: "changed", change };
}

function withoutApproval(post: Post): Post {
  const { mediaApproved: _approved, ...rest } = post;
  return rest;
}

/** Puts a new version of a stored post in place, and in the change where it is on screen (`recent`). */
function replaceStored(state: AggregateState, key: string, post: Post, change: Change): void {
  state.posts.set(key, post);
  const at = state.recent.findIndex((p) => postKey(p) === key);
  if (at >= 0) {
    state.recent[at] = post;
    change.posts.push(post);
  }
}

/**
 * Adds an entry to the audit log, dropping the oldest beyond `MODERATION_LOG_LIMIT`. A moderation action carries
 * the `rev` it made; a settings edit (`SettingsEdit`) the `rev` the store stands at, since it moves none.
 */
export function logModeration(state: AggregateState, entry: ModerationLogEntry): void {
  const log = state.moderation.log;
  log.push(entry);
  if (log.length > MODERATION_LOG_LIMIT) log.splice(0, log.length - MODERATION_LOG_LIMIT);
}

/**
 * What a blocklist save changed, for its audit entry: the entries of `after` not in `before` (`added`) and of
 * `before` not in `after` (`removed`), compared exactly, each once and in its list's order. The Redis store's
 * script computes the same.
 */
export function blocklistChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const only = (from: readonly string[], other: readonly string[]): string[] => {
    const seen = new Set(other);
    const out: string[] = [];
    for (const word of from) {
      if (seen.has(word)) continue;
      seen.add(word);
      out.push(word);
    }
    return out;
  };
  return { added: only(after, before), removed: only(before, after) };
}

/** A stored post with its moderation flags, or undefined when the key is not stored (unknown or deleted). */
export function moderatedPost(state: AggregateState, key: string): ModeratedPost | undefined {
  const post = state.posts.get(key);
  if (!post) return undefined;
  const m = state.moderation;
  return {
    post,
    state: stateOf(state, key, post),
    hidden: m.hidden.has(key),
    blocked: m.blocked.has(authorOf(state, key, post)),
    pending: m.pending.has(key),
    pinned: m.pinned.includes(key),
  };
}

/** What staff decided, with the head of the approval queue (oldest first, blocked authors left out). */
export function moderationState(state: AggregateState): ModerationState {
  const m = state.moderation;
  const queue: Post[] = [];
  for (const key of m.pending) {
    if (queue.length >= QUEUE_LIMIT) break;
    const post = state.posts.get(key);
    if (post && !m.blocked.has(authorOf(state, key, post))) queue.push(post);
  }
  return {
    mode: m.mode,
    hidden: [...m.hidden],
    pinned: [...m.pinned],
    blockedAuthors: [...m.blocked],
    blockedProfiles: Object.fromEntries([...m.profiles].filter(([author]) => m.blocked.has(author))),
    queue,
    queued: m.pending.size,
  };
}
