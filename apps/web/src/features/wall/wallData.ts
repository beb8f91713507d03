/**
 * Pure selectors for the wall. Every window is bounded, so a wall left on all day draws the same amount
 * at 23:59 as at 08:00: at most {@link WALL_TIMELINE_MAX_MINUTES} minutes of timeline drawn as at most
 * {@link WALL_TIMELINE_MAX_POINTS} points, {@link WALL_COUNTRY_BARS} country bars, {@link WALL_ORGANIZATIONS}
 * organizations, {@link WALL_FEED_POSTS} posts beside the highlight (staff pin at most five) and
 * {@link WALL_PHOTOS} pictures in the mosaic.
 */
import { postKey, RECENT_LIMIT, type Campaign, type Post, type Snapshot, type TimelinePoint } from "@pulse/shared/client";
import { postMediaShown, type MediaHosts, type MediaShown } from "../../components/media/mediaView";
import {
  alignedTicks,
  averageBins,
  binMinutes,
  DAY_MINUTES,
  filledTimeline,
  MINUTE_MS,
  summarizeTimeline,
} from "../../lib/timelineSeries";

/** The timeline never covers more than one day of minutes. */
export const WALL_TIMELINE_MAX_MINUTES = DAY_MINUTES;
/** …and never draws more points than this: longer spans are averaged over a few minutes per point. */
export const WALL_TIMELINE_MAX_POINTS = 300;
/** Bars on the country scene, the last one gathering the other countries. */
export const WALL_COUNTRY_BARS = 8;
/** Rows on the organizations scene. */
export const WALL_ORGANIZATIONS = 6;
/** Posts in the short feed beside the highlighted one. */
export const WALL_FEED_POSTS = 4;
/** Pictures in the photos scene's mosaic, at most: 4 × 3 tiles stay large enough to read across a room. */
export const WALL_PHOTOS = 12;
/** How many of the newest posts the highlight chooses from. */
export const HIGHLIGHT_POOL = 12;
/** How many past highlights are not shown again while there are others to show. */
export const HIGHLIGHT_MEMORY = 8;

/** Spaces between the timeline's axis labels, from which it picks: quarter hours up to a day. */
const TICK_STEPS = [15, 30, 60, 2 * 60, 3 * 60, 4 * 60, 6 * 60, 12 * 60, 24 * 60].map((minutes) => minutes * MINUTE_MS);
/** At most this many spaces between the axis labels: a whole day is labelled every 3 hours. */
const MAX_TICKS = 8;

/** Progress towards the campaign's goal. */
export interface GoalProgress {
  /** Posts so far: in the goal's country when it names one, else in all. */
  value: number;
  target: number;
  /** `value / target`, capped at 1. */
  ratio: number;
  reached: boolean;
  country?: string | undefined;
  label?: string | undefined;
}

/** The goal's progress, or null when the campaign sets no goal. Before the first snapshot the value is 0. */
export function goalProgress(
  goal: Campaign["goal"],
  snapshot: Pick<Snapshot, "totals" | "byCountry"> | null,
): GoalProgress | null {
  if (!goal || !(goal.posts > 0)) return null;
  const value = snapshot ? (goal.country ? (snapshot.byCountry[goal.country] ?? 0) : snapshot.totals.posts) : 0;
  return {
    value,
    target: goal.posts,
    ratio: Math.min(1, Math.max(0, value / goal.posts)),
    reached: value >= goal.posts,
    country: goal.country,
    label: goal.label,
  };
}

/** What the timeline scene draws. */
export interface WallTimeline {
  /** Posts per minute, averaged over `stepMinutes` per point; `t` is the start of the point's span. */
  points: TimelinePoint[];
  stepMinutes: number;
  /** The x axis: the campaign's day when the data lies in it, else the data's own span. */
  domain: [number, number];
  /** Where the x axis is labelled. */
  ticks: number[];
  /**
   * The highest point drawn, for the caption: in the chart's own unit (posts per minute averaged over
   * `stepMinutes`) and at the start of its span, so the caption reads off the axis what the curve shows.
   */
  peak: TimelinePoint | null;
}

/**
 * The day's timeline as the wall draws it: the last {@link WALL_TIMELINE_MAX_MINUTES} minutes at most, gaps
 * filled with 0, averaged into spans aligned on the clock (so points do not shift as time passes). When the
 * campaign is at most a day long and the data lies in it, the axis spans the whole campaign day.
 */
export function wallTimeline(
  timeline: readonly TimelinePoint[],
  campaign: Pick<Campaign, "start" | "end"> | null,
  maxPoints = WALL_TIMELINE_MAX_POINTS,
): WallTimeline | null {
  const minutes = filledTimeline(timeline, WALL_TIMELINE_MAX_MINUTES);
  const summary = summarizeTimeline(minutes);
  const last = minutes.at(-1);
  if (!summary || !last) return null;

  const start = campaign ? Date.parse(campaign.start) : Number.NaN;
  const end = campaign ? Date.parse(campaign.end) : Number.NaN;
  const dayLong = Number.isFinite(start) && Number.isFinite(end) && end > start && end - start <= WALL_TIMELINE_MAX_MINUTES * MINUTE_MS;
  const inDay = dayLong && summary.from >= start && last.t < end;
  // The step follows the axis's span, not the data's, so it holds from the first minute of the day to the last.
  const span = inDay ? (end - start) / MINUTE_MS : minutes.length;
  const step = binMinutes(span, maxPoints);
  // Points and labels align on the campaign's start (midnight in Paris for the built-in one), else on the UTC clock.
  const anchor = inDay ? start : 0;
  const points = averageBins(minutes, step, anchor);

  const domain: [number, number] = inDay ? [start, end] : [points[0]!.t, last.t + MINUTE_MS];
  const ticks = alignedTicks(domain[0], domain[1], { steps: TICK_STEPS, maxTicks: MAX_TICKS, anchor });
  // The first highest point; the busiest single minute would say more than the curve can show when step > 1.
  const peak = points.reduce((best, point) => (point.posts > best.posts ? point : best), points[0]!);
  return { points, stepMinutes: step, domain, ticks, peak };
}

/**
 * The post the feed scene puts forward next. While staff have pinned posts, only they take turns: the newest
 * pin not shown lately first, else the one shown longest ago, so every pin comes back in turn. Without pins, a
 * recent post not shown lately; originals and replies before reshares.
 */
export function pickHighlight(recent: readonly Post[], shownLately: readonly string[], pinned: readonly Post[] = []): Post | null {
  if (pinned.length > 0) {
    const fresh = pinned.find((post) => !shownLately.includes(postKey(post)));
    if (fresh) return fresh;
    // Every pin was shown lately: the one whose turn is longest past.
    return pinned.reduce((oldest, post) => (shownLately.indexOf(postKey(post)) < shownLately.indexOf(postKey(oldest)) ? post : oldest));
  }
  const pool = recent.slice(0, HIGHLIGHT_POOL);
  const fresh = pool.filter((post) => !shownLately.includes(postKey(post)));
  const worded = (post: Post) => post.kind !== "retweet" && post.text.trim().length > 0;
  return fresh.find(worded) ?? fresh[0] ?? pool.find(worded) ?? pool[0] ?? null;
}

/** `shownLately` with `key` added, keeping the last {@link HIGHLIGHT_MEMORY}. */
export function rememberShown(shownLately: readonly string[], key: string): string[] {
  return [...shownLately.filter((k) => k !== key), key].slice(-HIGHLIGHT_MEMORY);
}

/** What the highlight holds between renders. */
export interface HighlightState {
  /** The post on screen, kept even after newer posts push it out of `recent`. */
  post: Post | null;
  /**
   * The keys that were older than `post` in `recent` when it was picked, or null when it was not picked from
   * `recent` (a pinned post). They tell a post pushed out by newer ones (all of them went first) from a post
   * taken off screen (it went while older ones stayed).
   */
  olderKeys: string[] | null;
  /** Keys highlighted lately, oldest first. */
  shown: string[];
  /** The keys pinned when the highlight last settled, newest pin first: a key not among them is a new pin. */
  pins: string[];
}

/** Before anything was highlighted. */
export const NO_HIGHLIGHT: HighlightState = { post: null, olderKeys: null, shown: [], pins: [] };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

function choose(shown: string[], recent: readonly Post[], pinned: readonly Post[]): HighlightState {
  const post = pickHighlight(recent, shown, pinned);
  const pins = pinned.map(postKey);
  const key = post ? postKey(post) : null;
  const at = recent.findIndex((p) => postKey(p) === key);
  const fromRecent = at >= 0 && (key === null || !pins.includes(key));
  return { post, olderKeys: fromRecent ? recent.slice(at + 1).map(postKey) : null, shown, pins };
}

/**
 * The highlight after `recent` or `pinned` changed. A pinned post holds the screen until it is unpinned (the
 * timer then hands it to the next pin, see {@link advanceHighlight}); a post staff just pinned takes the screen
 * at once. A recent post stays (at its latest version) while it is on screen, and also once newer posts pushed
 * it out of a full `recent`. A post taken off screen (hidden, blocked, deleted, unpinned) is replaced at once,
 * so it never stays on a wall. Returns `state` itself when nothing changes.
 */
export function settleHighlight(
  state: HighlightState,
  recent: readonly Post[],
  pinned: readonly Post[] = [],
  recentLimit = RECENT_LIMIT,
): HighlightState {
  const pins = pinned.map(postKey);
  if (state.post) {
    const key = postKey(state.post);
    const newPin = pinned.find((p) => !state.pins.includes(postKey(p)));
    if (newPin) {
      const shown = postKey(newPin) === key ? state.shown : rememberShown(state.shown, key);
      return { post: newPin, olderKeys: null, shown, pins };
    }
    const isPin = pins.includes(key);
    const wasPin = state.pins.includes(key);
    // A recent post gives way to the pins; an unpinned post leaves at once rather than linger unmarked.
    if ((!isPin && pins.length > 0) || (wasPin && !isPin)) return choose(rememberShown(state.shown, key), recent, pinned);
    const current = pinned.find((p) => postKey(p) === key) ?? recent.find((p) => postKey(p) === key);
    if (current) {
      if (current === state.post && sameKeys(pins, state.pins)) return state;
      return { ...state, post: current, pins };
    }
    const onScreen = new Set(recent.map(postKey));
    const pushedOut = state.olderKeys !== null && recent.length >= recentLimit && !state.olderKeys.some((k) => onScreen.has(k));
    if (pushedOut) return sameKeys(pins, state.pins) ? state : { ...state, pins };
  } else if (recent.length === 0 && pinned.length === 0) {
    return state;
  }
  return choose(state.shown, recent, pinned);
}

/** The highlight when its turn is up: the next pin, or without pins the next recent post not shown lately. */
export function advanceHighlight(state: HighlightState, recent: readonly Post[], pinned: readonly Post[] = []): HighlightState {
  const shown = state.post ? rememberShown(state.shown, postKey(state.post)) : state.shown;
  return choose(shown, recent, pinned);
}

/**
 * The short feed beside the highlight: the pins not highlighted first (newest pin first), then the newest
 * posts, never the highlighted one and never a post twice.
 */
export function feedBeside(
  recent: readonly Post[],
  highlighted: Post | null,
  pinned: readonly Post[] = [],
  limit = WALL_FEED_POSTS,
): Post[] {
  const skip = new Set(pinned.map(postKey));
  const others = pinned.filter((post) => highlighted === null || postKey(post) !== postKey(highlighted));
  if (highlighted) skip.add(postKey(highlighted));
  return [...others, ...recent.filter((post) => !skip.has(postKey(post)))].slice(0, limit);
}

/** Countries that have posts, "unknown" aside. */
export function countriesReached(byCountry: Readonly<Record<string, number>>): number {
  return Object.entries(byCountry).filter(([code, posts]) => posts > 0 && /^[A-Z]{2}$/.test(code)).length;
}

/** One tile of the photos scene: a picture and the post it belongs to. */
export interface WallPhoto {
  post: Post;
  picture: Extract<MediaShown, { kind: "picture" }>;
}

/**
 * The photos scene's pictures: those of the newest posts first (each post's in the network's order), at most
 * `limit`. Only pictures a public screen may show: never a blur (a withheld or sensitive item), never a URL
 * outside the allowlist.
 */
export function wallPhotos(recent: readonly Post[], hosts: MediaHosts = null, limit = WALL_PHOTOS): WallPhoto[] {
  const photos: WallPhoto[] = [];
  for (const post of recent) {
    for (const shown of postMediaShown(post, hosts)) {
      if (shown.kind !== "picture") continue;
      photos.push({ post, picture: shown });
      if (photos.length >= limit) return photos;
    }
  }
  return photos;
}

/**
 * The mosaic's grid for `count` tiles, on a 16:9 screen: as few rows as leave the tiles close to the screen's
 * shape, so 4 make 2 × 2 and 12 make 4 × 3.
 */
export function mosaicGrid(count: number): { columns: number; rows: number } {
  if (count <= 3) return { columns: Math.max(1, count), rows: 1 };
  if (count === 4) return { columns: 2, rows: 2 };
  if (count <= 6) return { columns: 3, rows: 2 };
  if (count <= 8) return { columns: 4, rows: 2 };
  return { columns: 4, rows: 3 };
}
