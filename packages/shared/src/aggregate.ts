/**
 * The pure aggregation core. It follows the contract's counting rules and is what the embedded store runs;
 * the Redis store runs the same rules in Lua and both are held to one contract suite. Clients use
 * `applyDelta` to keep a snapshot current.
 *
 * Moderation lives here too. It never touches a counter: it decides which posts are visible (not hidden by
 * staff, author not blocked, not awaiting approval), and so what `recent` and `pinned` show.
 */
import { dequal } from "dequal";
import type {
  Delta,
  ModeratedPost,
  ModerationAction,
  ModerationLogEntry,
  ModerationMode,
  ModerationOutcome,
  ModerationState,
  ModerationSubject,
  Post,
  PostKind,
  PostModerationState,
  Snapshot,
  TimelinePoint,
  Totals,
} from "./models.js";
import { authorKey, minuteOf, postKey } from "./keys.js";

/** How many visible posts a snapshot's `recent` holds. */
export const RECENT_LIMIT = 50;

/** How many posts can be pinned at once; pinning one more unpins the oldest pin. */
export const PIN_LIMIT = 5;

/** How many posts `ModerationState.queue` lists. */
export const QUEUE_LIMIT = 200;

/** How many entries the moderation audit log keeps, newest kept. */
export const MODERATION_LOG_LIMIT = 5_000;

/**
 * How many posts the live feed takes at once before its pace applies: a test batch, a backfill or a source
 * that reconnects shows whole, as long as it is no bigger than this.
 */
export const FEED_BURST = 200;

/** The country key used when no rule decides a post's country. */
export const UNKNOWN_COUNTRY = "unknown";

/** What a delta carries without its `seq`: the absolute values that changed, and posts shown or taken off. */
export type Change = Omit<Delta, "seq">;

/** What applying one post or delete did. */
export type ApplyOutcome = "accepted" | "duplicate" | "updated" | "deleted" | "ignored";

/** What the store remembers of each post it counted, so a delete can undo exactly what the post added. */
export interface PostRecord {
  country: string;
  orgId?: string;
  minute: number;
  kind: PostKind;
  version: number;
  deleted: boolean;
  /**
   * The author key `network:authorId` of the first version, which a block is matched against, so a later edit
   * cannot move a post in or out of a block. Absent in tombstones (and in state files older than moderation).
   */
  author?: string;
  /**
   * True when the post was visible on arrival but the feed was at its pace (`FeedPace`): it is counted and
   * stored, but never in `recent`, not even when moderation refills the window.
   */
  paced?: boolean;
}

/**
 * The live feed's pace, a token bucket: at most `perSecond` posts a second come on screen once a burst of
 * `FEED_BURST` is spent. Screens cannot show a flood anyway, and every client would receive every post shown.
 */
export interface FeedPace {
  perSecond: number;
  /** Places left in the bucket. */
  tokens: number;
  /** When the bucket was last refilled (epoch ms). */
  at: number;
  /** How many of the current batch's first candidates to pass over, so its newest get the places (`reserveFeedPlaces`). */
  skip: number;
}

/** A full feed bucket for `perSecond` posts a second, starting `now`. */
export function createFeedPace(perSecond: number, now = Date.now()): FeedPace {
  return { perSecond, tokens: FEED_BURST, at: now, skip: 0 };
}

function refillFeed(pace: FeedPace, now: number): void {
  pace.tokens = Math.min(FEED_BURST, pace.tokens + (Math.max(0, now - pace.at) * pace.perSecond) / 1000);
  pace.at = now;
}

/**
 * Gives a batch's places in the feed to its newest posts: of the `candidates` new posts that would come on screen
 * (in arrival order), the oldest beyond the places left are passed over. Call before applying the batch, so a
 * batch bigger than the places left still shows its newest post, as `recent` (newest first) should.
 */
export function reserveFeedPlaces(pace: FeedPace, candidates: number, now: number): void {
  refillFeed(pace, now);
  pace.skip = Math.max(0, candidates - Math.floor(pace.tokens));
}

/** Takes one place in the feed after refilling for the time passed; false when the feed is at its pace. */
export function takeFeedPlace(pace: FeedPace, now: number): boolean {
  refillFeed(pace, now);
  if (pace.skip > 0) {
    pace.skip -= 1;
    return false;
  }
  if (pace.tokens < 1) return false;
  pace.tokens -= 1;
  return true;
}

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

/** The in-process state of one campaign. */
export interface AggregateState {
  campaign: string;
  records: Map<string, PostRecord>;
  authors: Set<string>;
  totals: Totals;
  byCountry: Map<string, number>;
  byOrganization: Map<string, number>;
  timeline: Map<number, number>;
  /** Visible posts on screen, newest arrival first, at most `RECENT_LIMIT`. */
  recent: Post[];
  /**
   * Every counted post that is not deleted, at its latest version and stamped with `arrival`, in arrival order
   * (a Map keeps insertion order; an edit keeps its place). Moderation needs it to bring a post back on screen,
   * and exports read it. Cost, measured with 50k tweet-sized posts (about 480 bytes of JSON each): about 1.2 KB
   * of heap per post on top of the 0.2 KB its counters' record takes, so a 50k-post campaign day holds about
   * 60 MB more (72 MB in all). A post object is replaced on edit, never changed in place.
   */
  posts: Map<string, Post>;
  /** The arrival rank given to the last post counted; 0 before any. */
  lastArrival: number;
  moderation: ModerationBook;
  /** The feed's pace; absent: every visible post comes on screen. Not saved: a restart starts with a full bucket. */
  feed?: FeedPace;
}

/** The counter in `totals` that each kind adds to, besides `posts`. */
export const KIND_COUNTER: Record<PostKind, Exclude<keyof Totals, "posts" | "authors">> = {
  original: "originals",
  retweet: "retweets",
  reply: "replies",
  quote: "quotes",
};

/** Totals that are all zero. */
export function zeroTotals(): Totals {
  return { posts: 0, authors: 0, originals: 0, retweets: 0, replies: 0, quotes: 0 };
}

/** A new, empty state for a campaign. */
export function createState(campaign: string): AggregateState {
  return {
    campaign,
    records: new Map(),
    authors: new Set(),
    totals: zeroTotals(),
    byCountry: new Map(),
    byOrganization: new Map(),
    timeline: new Map(),
    recent: [],
    posts: new Map(),
    lastArrival: 0,
    moderation: createModerationBook(),
  };
}

/** Nothing decided yet: auto mode, nothing hidden, blocked, pending or pinned. */
export function createModerationBook(): ModerationBook {
  return { mode: "auto", hidden: new Set(), blocked: new Set(), pending: new Set(), pinned: [], profiles: new Map(), log: [] };
}

/** A change that changes nothing. */
export function emptyChange(): Change {
  return { totals: {}, byCountry: {}, byOrganization: {}, timeline: [], posts: [], removed: [] };
}

/** True when a change would change nothing on screen. */
export function isEmptyChange(change: Change): boolean {
  return (
    Object.keys(change.totals).length === 0 &&
    Object.keys(change.byCountry).length === 0 &&
    Object.keys(change.byOrganization).length === 0 &&
    change.timeline.length === 0 &&
    change.posts.length === 0 &&
    change.removed.length === 0 &&
    change.pinned === undefined
  );
}

function bump(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  map.set(key, next);
  return next;
}

/**
 * Applies one attributed post. A second copy of a key is a duplicate unless it is a later edit. A new post is
 * stamped with the next `arrival`; it is counted whatever moderation says, and shown only when visible (in
 * approve mode it joins the queue instead) and the feed's pace, if any, has a place for it at `now`.
 */
export function applyPost(
  state: AggregateState,
  incoming: Post,
  now = Date.now(),
): { outcome: ApplyOutcome; change: Change } {
  const key = postKey(incoming);
  const version = incoming.version ?? 0;
  const change = emptyChange();
  const known = state.records.get(key);
  if (known) {
    if (known.deleted || version <= known.version) return { outcome: "duplicate", change };
    known.version = version;
    const stored = state.posts.get(key);
    // A record without a stored post comes from a state file older than moderation: its text is not kept.
    if (stored) {
      // An edit keeps the place of the version it replaces.
      const post: Post = { ...incoming, arrival: stored.arrival };
      state.posts.set(key, post);
      const at = state.recent.findIndex((p) => postKey(p) === key);
      if (at >= 0) {
        state.recent[at] = post;
        change.posts.push(post);
      }
      if (state.moderation.pinned.includes(key) && isVisible(state, key, post)) change.pinned = pinnedPosts(state);
    }
    return { outcome: "updated", change };
  }

  state.lastArrival += 1;
  const post: Post = { ...incoming, arrival: state.lastArrival };
  state.posts.set(key, post);
  if (state.moderation.mode === "approve") state.moderation.pending.add(key);

  const country = post.country ?? UNKNOWN_COUNTRY;
  const minute = minuteOf(post.createdAt);
  const author = authorKey(post);
  const record: PostRecord = { country, minute, kind: post.kind, version, deleted: false, author };
  if (post.orgId) record.orgId = post.orgId;
  state.records.set(key, record);

  const counter = KIND_COUNTER[post.kind];
  state.totals.posts += 1;
  state.totals[counter] += 1;
  change.totals.posts = state.totals.posts;
  change.totals[counter] = state.totals[counter];
  if (!state.authors.has(author)) {
    state.authors.add(author);
    state.totals.authors = state.authors.size;
    change.totals.authors = state.totals.authors;
  }
  change.byCountry[country] = bump(state.byCountry, country, 1);
  if (record.orgId) change.byOrganization[record.orgId] = bump(state.byOrganization, record.orgId, 1);
  const bucket = (state.timeline.get(minute) ?? 0) + 1;
  state.timeline.set(minute, bucket);
  change.timeline.push({ t: minute, posts: bucket });

  if (isVisible(state, key, post)) {
    if (state.feed && !takeFeedPlace(state.feed, now)) {
      record.paced = true;
      return { outcome: "accepted", change };
    }
    state.recent.unshift(post);
    if (state.recent.length > RECENT_LIMIT) state.recent.length = RECENT_LIMIT;
    change.posts.push(post);
  }
  return { outcome: "accepted", change };
}

/**
 * Applies a delete. A known post leaves the screen and gives back every counter it added except `authors`.
 * An unknown key leaves a tombstone, so the post is not counted if it arrives after its delete.
 */
export function applyDelete(state: AggregateState, key: string): { outcome: ApplyOutcome; change: Change } {
  const change = emptyChange();
  const record = state.records.get(key);
  if (!record) {
    state.records.set(key, { country: UNKNOWN_COUNTRY, minute: 0, kind: "original", version: 0, deleted: true });
    return { outcome: "deleted", change };
  }
  if (record.deleted) return { outcome: "duplicate", change };
  record.deleted = true;
  const counter = KIND_COUNTER[record.kind];
  state.totals.posts -= 1;
  state.totals[counter] -= 1;
  change.totals.posts = state.totals.posts;
  change.totals[counter] = state.totals[counter];
  change.byCountry[record.country] = bump(state.byCountry, record.country, -1);
  if (record.orgId) change.byOrganization[record.orgId] = bump(state.byOrganization, record.orgId, -1);
  const bucket = (state.timeline.get(record.minute) ?? 0) - 1;
  state.timeline.set(record.minute, bucket);
  change.timeline.push({ t: record.minute, posts: bucket });
  const at = state.recent.findIndex((p) => postKey(p) === key);
  if (at >= 0) state.recent.splice(at, 1);
  change.removed.push(key);
  // The post is gone for good, so are staff decisions about it. Recent is not refilled: the next post fills it.
  const stored = state.posts.get(key);
  const m = state.moderation;
  const pinnedOnScreen = stored !== undefined && m.pinned.includes(key) && isVisible(state, key, stored);
  state.posts.delete(key);
  m.hidden.delete(key);
  m.pending.delete(key);
  if (m.pinned.includes(key)) m.pinned = m.pinned.filter((k) => k !== key);
  if (pinnedOnScreen) change.pinned = pinnedPosts(state);
  return { outcome: "deleted", change };
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

function isVisible(state: AggregateState, key: string, post: Post): boolean {
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
  if (pinned.map(postKey).join("\n") !== pinnedBefore.join("\n")) change.pinned = pinned;
  return { outcome: "changed", change };
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

function sortedTimeline(entries: Iterable<[number, number]>): TimelinePoint[] {
  return [...entries].map(([t, posts]) => ({ t, posts })).sort((a, b) => a.t - b.t);
}

/** The state as a Snapshot with the given `seq`. */
export function toSnapshot(state: AggregateState, seq = 0): Snapshot {
  return {
    seq,
    campaign: state.campaign,
    totals: { ...state.totals },
    byCountry: Object.fromEntries(state.byCountry),
    byOrganization: Object.fromEntries(state.byOrganization),
    timeline: sortedTimeline(state.timeline),
    recent: [...state.recent],
    pinned: pinnedPosts(state),
  };
}

/**
 * Folds `next` into `into` (mutating and returning it), as a relay does over one tick. Later absolute values
 * win; a post shown and then removed within the tick ends up only in `removed`, and the reverse only in `posts`.
 */
export function mergeChanges(into: Change, next: Change): Change {
  Object.assign(into.totals, next.totals);
  Object.assign(into.byCountry, next.byCountry);
  Object.assign(into.byOrganization, next.byOrganization);
  if (next.timeline.length > 0) {
    const byT = new Map(into.timeline.map((p) => [p.t, p.posts] as [number, number]));
    for (const p of next.timeline) byT.set(p.t, p.posts);
    into.timeline = sortedTimeline(byT);
  }
  if (next.removed.length > 0) {
    const gone = new Set(next.removed);
    into.posts = into.posts.filter((p) => !gone.has(postKey(p)));
    const removed = new Set(into.removed);
    for (const key of next.removed) removed.add(key);
    into.removed = [...removed];
  }
  if (next.posts.length > 0) {
    const shown = new Set(next.posts.map(postKey));
    into.removed = into.removed.filter((key) => !shown.has(key));
    // An edit of a post already in this tick keeps its place, as applyPost keeps it in `recent`.
    const at = new Map(into.posts.map((p, i) => [postKey(p), i] as [string, number]));
    const fresh: Post[] = [];
    for (const post of next.posts) {
      const i = at.get(postKey(post));
      if (i === undefined) fresh.push(post);
      else into.posts[i] = post;
    }
    // Newest arrival first, as `recent`; posts without `arrival` stay on top in the order they came. Only the
    // `RECENT_LIMIT` newest can still be on screen: older ones were pushed out within the tick, never seen.
    into.posts = [...fresh, ...into.posts].sort((a, b) => rank(b) - rank(a) || 0).slice(0, RECENT_LIMIT);
  }
  // The pinned list travels whole: the later one wins.
  if (next.pinned !== undefined) into.pinned = next.pinned;
  return into;
}

/** The arrival rank a post is ordered by; a post without one counts as the newest. */
function rank(post: Post): number {
  return post.arrival ?? Number.POSITIVE_INFINITY;
}

/**
 * Applies a delta (or a change) to a snapshot and returns the new snapshot; the input is not mutated.
 * Values are absolute, so applying the same delta twice gives the same result. `posts` are newest first:
 * a post already on screen is replaced in place (an edit), a new one goes where its `arrival` puts it
 * (`recent` is newest arrival first), so a post that comes back after moderation takes its old place; a post
 * without `arrival` goes on top. `pinned`, when present, replaces the pinned list.
 */
export function applyDelta(snapshot: Snapshot, delta: Change & { seq?: number }): Snapshot {
  let timeline = snapshot.timeline;
  if (delta.timeline.length > 0) {
    const byT = new Map(snapshot.timeline.map((p) => [p.t, p.posts] as [number, number]));
    for (const p of delta.timeline) byT.set(p.t, p.posts);
    timeline = sortedTimeline(byT);
  }
  let recent = snapshot.recent;
  if (delta.removed.length > 0 || delta.posts.length > 0) {
    const gone = new Set(delta.removed);
    recent = recent.filter((p) => !gone.has(postKey(p)));
    const top: Post[] = [];
    const ranked: Post[] = [];
    for (const post of delta.posts) {
      const key = postKey(post);
      const at = recent.findIndex((p) => postKey(p) === key);
      if (at >= 0) recent[at] = post;
      else if (post.arrival === undefined) top.push(post);
      else ranked.push(post);
    }
    for (const post of ranked) {
      const at = recent.findIndex((p) => rank(p) < rank(post));
      if (at < 0) recent.push(post);
      else recent.splice(at, 0, post);
    }
    recent = [...top, ...recent].slice(0, RECENT_LIMIT);
  }
  const pinned = delta.pinned ?? snapshot.pinned;
  return {
    seq: delta.seq ?? snapshot.seq,
    campaign: snapshot.campaign,
    totals: { ...snapshot.totals, ...delta.totals },
    byCountry: { ...snapshot.byCountry, ...delta.byCountry },
    byOrganization: { ...snapshot.byOrganization, ...delta.byOrganization },
    timeline,
    recent,
    // A snapshot from before pinning existed has no list; it stays without one until a delta brings one.
    ...(pinned !== undefined ? { pinned } : {}),
  };
}

function changedEntries(prev: Record<string, number>, next: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(next)) if (prev[key] !== value) out[key] = value;
  for (const key of Object.keys(prev)) if (!(key in next)) out[key] = 0;
  return out;
}

/** The change that turns snapshot `prev` into `next`, as used when a node re-reads the store. */
export function diffSnapshots(prev: Snapshot, next: Snapshot): Change {
  const totals: Partial<Totals> = {};
  for (const key of Object.keys(next.totals) as (keyof Totals)[]) {
    if (prev.totals[key] !== next.totals[key]) totals[key] = next.totals[key];
  }
  const prevT = new Map(prev.timeline.map((p) => [p.t, p.posts] as [number, number]));
  const nextT = new Map(next.timeline.map((p) => [p.t, p.posts] as [number, number]));
  const timeline: TimelinePoint[] = [];
  for (const [t, posts] of nextT) if (prevT.get(t) !== posts) timeline.push({ t, posts });
  for (const t of prevT.keys()) if (!nextT.has(t)) timeline.push({ t, posts: 0 });
  timeline.sort((a, b) => a.t - b.t);
  const nextKeys = new Set(next.recent.map(postKey));
  const prevByKey = new Map(prev.recent.map((p) => [postKey(p), p] as [string, Post]));
  const change: Change = {
    totals,
    byCountry: changedEntries(prev.byCountry, next.byCountry),
    byOrganization: changedEntries(prev.byOrganization, next.byOrganization),
    timeline,
    // Compared as values, not as JSON text: the same post read back from Redis has its keys in another order.
    posts: next.recent.filter((p) => !dequal(prevByKey.get(postKey(p)), p)),
    removed: [...prevByKey.keys()].filter((key) => !nextKeys.has(key)),
  };
  if (next.pinned !== undefined && !dequal(next.pinned, prev.pinned)) change.pinned = next.pinned;
  return change;
}
