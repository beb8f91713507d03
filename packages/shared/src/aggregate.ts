/**
 * The pure aggregation core. It follows the contract's counting rules and is what the embedded store runs;
 * the Redis store runs the same rules in Lua and both are held to one contract suite. Clients use
 * `applyDelta` to keep a snapshot current.
 */
import type { Delta, Post, PostKind, Snapshot, TimelinePoint, Totals } from "./models.js";
import { authorKey, minuteOf, postKey } from "./keys.js";

/** How many visible posts a snapshot's `recent` holds. */
export const RECENT_LIMIT = 50;

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
  recent: Post[];
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
  };
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
    change.removed.length === 0
  );
}

function bump(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  map.set(key, next);
  return next;
}

/** Applies one attributed post. A second copy of a key is a duplicate unless it is a later edit. */
export function applyPost(state: AggregateState, post: Post): { outcome: ApplyOutcome; change: Change } {
  const key = postKey(post);
  const version = post.version ?? 0;
  const change = emptyChange();
  const known = state.records.get(key);
  if (known) {
    if (known.deleted || version <= known.version) return { outcome: "duplicate", change };
    known.version = version;
    const at = state.recent.findIndex((p) => postKey(p) === key);
    if (at >= 0) {
      state.recent[at] = post;
      change.posts.push(post);
    }
    return { outcome: "updated", change };
  }

  const country = post.country ?? UNKNOWN_COUNTRY;
  const minute = minuteOf(post.createdAt);
  const record: PostRecord = { country, minute, kind: post.kind, version, deleted: false };
  if (post.orgId) record.orgId = post.orgId;
  state.records.set(key, record);

  const counter = KIND_COUNTER[post.kind];
  state.totals.posts += 1;
  state.totals[counter] += 1;
  change.totals.posts = state.totals.posts;
  change.totals[counter] = state.totals[counter];
  const author = authorKey(post);
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

  state.recent.unshift(post);
  if (state.recent.length > RECENT_LIMIT) state.recent.length = RECENT_LIMIT;
  change.posts.push(post);
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
  return { outcome: "deleted", change };
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
    into.posts = [...fresh, ...into.posts];
  }
  return into;
}

/**
 * Applies a delta (or a change) to a snapshot and returns the new snapshot; the input is not mutated.
 * Values are absolute, so applying the same delta twice gives the same result. `posts` are newest first:
 * a post already on screen is replaced in place (an edit), a new one goes on top.
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
    const fresh: Post[] = [];
    for (const post of delta.posts) {
      const key = postKey(post);
      const at = recent.findIndex((p) => postKey(p) === key);
      if (at >= 0) recent[at] = post;
      else fresh.push(post);
    }
    recent = [...fresh, ...recent].slice(0, RECENT_LIMIT);
  }
  return {
    seq: delta.seq ?? snapshot.seq,
    campaign: snapshot.campaign,
    totals: { ...snapshot.totals, ...delta.totals },
    byCountry: { ...snapshot.byCountry, ...delta.byCountry },
    byOrganization: { ...snapshot.byOrganization, ...delta.byOrganization },
    timeline,
    recent,
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
  return {
    totals,
    byCountry: changedEntries(prev.byCountry, next.byCountry),
    byOrganization: changedEntries(prev.byOrganization, next.byOrganization),
    timeline,
    posts: next.recent.filter((p) => JSON.stringify(prevByKey.get(postKey(p))) !== JSON.stringify(p)),
    removed: [...prevByKey.keys()].filter((key) => !nextKeys.has(key)),
  };
}
