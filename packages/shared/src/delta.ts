/**
 * Snapshot deltas: what a change carries, how a relay folds changes over a tick (`mergeChanges`), how a client
 * keeps a snapshot current (`applyDelta`) and the change between two snapshots (`diffSnapshots`). Pure, and
 * small enough for the browser (`@pulse/shared/client`).
 */
import { dequal } from "dequal";
import type { Delta, Post, Snapshot, TimelinePoint, Totals } from "./models.js";
import type { InsightsChange, InsightsState } from "./insights.js";
import { INSIGHT_LISTS, INSIGHT_MAPS } from "./insight-lists.js";
import { postKey } from "./keys.js";

/** How many visible posts a snapshot's `recent` holds. */
export const RECENT_LIMIT = 50;

/** What a delta carries without its `seq`: the absolute values that changed, and posts shown or taken off. */
export type Change = Omit<Delta, "seq">;

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
    change.pinned === undefined &&
    (change.insights === undefined || Object.keys(change.insights).length === 0)
  );
}

/** Timeline points from `[minute, posts]` entries, oldest minute first. */
export function sortedTimeline(entries: Iterable<[number, number]>): TimelinePoint[] {
  return [...entries].map(([t, posts]) => ({ t, posts })).sort((a, b) => a.t - b.t);
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
  if (next.insights !== undefined) into.insights = layInsights(into.insights ?? {}, next.insights);
  return into;
}

/**
 * Lays insight change `change` over `into` (mutated and returned): its lists replace `into`'s whole, its map entries
 * are laid over `into`'s maps (copied, never changed in place).
 */
function layInsights<T extends InsightsChange>(into: T, change: InsightsChange): T {
  for (const name of INSIGHT_LISTS) if (change[name] !== undefined) Object.assign(into, { [name]: change[name] });
  for (const name of INSIGHT_MAPS) if (change[name] !== undefined) into[name] = { ...into[name], ...change[name] };
  return into;
}

/** Insights with an insight change applied (a new object). */
export function applyInsightsChange(state: InsightsState, change: InsightsChange): InsightsState {
  return layInsights({ ...state }, change);
}

/** The insight change that turns `prev` into `next`: the lists that differ, whole, and the map entries that do. */
export function diffInsights(prev: InsightsState | undefined, next: InsightsState): InsightsChange {
  const change: InsightsChange = {};
  for (const name of INSIGHT_LISTS) if (!dequal(prev?.[name], next[name])) Object.assign(change, { [name]: next[name] });
  for (const name of INSIGHT_MAPS) {
    const entries = changedEntries(prev?.[name] ?? {}, next[name]);
    if (Object.keys(entries).length > 0) change[name] = entries;
  }
  return change;
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
    // Insights only for a snapshot that has them (the client asked): a delta's change is laid over them.
    ...(snapshot.insights !== undefined
      ? { insights: delta.insights ? applyInsightsChange(snapshot.insights, delta.insights) : snapshot.insights }
      : {}),
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
  if (next.insights !== undefined) {
    const insights = diffInsights(prev.insights, next.insights);
    if (Object.keys(insights).length > 0) change.insights = insights;
  }
  return change;
}
