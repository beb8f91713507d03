/**
 * The timeline arithmetic every chart of the web app shares: the snapshot's timeline (posts per UTC minute,
 * oldest first, quiet minutes absent) made continuous, averaged into wider bins, summed up for a text
 * alternative, and axis ticks on round times. The dashboard, the wall's timeline scene and the timeline embed
 * each choose their own window, bin count, alignment and ticks from these. Pure and free of React, so any
 * page may import it without growing.
 */
import { zoneOffsetMs, type TimelinePoint } from "@pulse/shared/client";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** A day of minutes: the longest window a chart draws. */
export const DAY_MINUTES = 24 * 60;

/** Bin widths, in minutes, that a curve's resolution is chosen from: round divisions of an hour. */
export const BIN_MINUTES = [1, 2, 5, 10, 15, 30, 60] as const;

/**
 * The last `maxMinutes` minutes of `timeline` (up to its latest minute) with the missing minutes filled in
 * as 0, so a curve drops to the floor instead of drawing a straight line over a quiet spell. `timeline` must
 * be sorted by `t` and hold whole minutes, as the snapshot's does; the result has one point per minute.
 */
export function filledTimeline(timeline: readonly TimelinePoint[], maxMinutes = DAY_MINUTES): TimelinePoint[] {
  const last = timeline.at(-1);
  if (!last) return [];
  const from = Math.max(timeline[0]?.t ?? last.t, last.t - (maxMinutes - 1) * MINUTE_MS);
  const byT = new Map(timeline.map((p) => [p.t, p.posts]));
  const out: TimelinePoint[] = [];
  for (let t = from; t <= last.t; t += MINUTE_MS) out.push({ t, posts: byT.get(t) ?? 0 });
  return out;
}

/**
 * The narrowest of {@link BIN_MINUTES} that draws `spanMinutes` minutes as at most `maxPoints` points
 * (60 when none does).
 */
export function binMinutes(spanMinutes: number, maxPoints: number): number {
  return BIN_MINUTES.find((width) => Math.ceil(spanMinutes / width) <= maxPoints) ?? 60;
}

/**
 * `minutes` (one point per minute, sorted, gaps filled: see {@link filledTimeline}) averaged over bins of
 * `widthMinutes` minutes. Bins start on `anchor` plus a multiple of their width (0: on the UTC clock), so a
 * point does not shift as minutes pass. Each point is its bin's start and the average posts per minute over
 * the minutes the bin holds, so the curve still reads "per minute" and the bin still filling does not drop
 * to the floor. A width of 1 returns the minutes as they are.
 */
export function averageBins(minutes: readonly TimelinePoint[], widthMinutes: number, anchor = 0): TimelinePoint[] {
  const size = widthMinutes * MINUTE_MS;
  const out: TimelinePoint[] = [];
  let bin: { t: number; sum: number; count: number } | null = null;
  for (const { t, posts } of minutes) {
    const start = anchor + Math.floor((t - anchor) / size) * size;
    if (bin && bin.t !== start) {
      out.push({ t: bin.t, posts: bin.sum / bin.count });
      bin = null;
    }
    bin ??= { t: start, sum: 0, count: 0 };
    bin.sum += posts;
    bin.count += 1;
  }
  if (bin) out.push({ t: bin.t, posts: bin.sum / bin.count });
  return out;
}

/** What a timeline's text alternative says. */
export interface TimelineSummary {
  from: number;
  to: number;
  peak: number;
  peakAt: number;
  latest: number;
}

/** The span, the peak (its first minute on a tie) and the latest minute of a timeline, or null when it is empty. */
export function summarizeTimeline(points: readonly TimelinePoint[]): TimelineSummary | null {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  let peak = first;
  for (const p of points) if (p.posts > peak.posts) peak = p;
  return { from: first.t, to: last.t, peak: peak.posts, peakAt: peak.t, latest: last.posts };
}

/**
 * Spaces between a time axis's labels, from which {@link alignedTicks} picks: from 5 minutes, so the first half
 * hour of a campaign is labelled too, up to a day.
 */
export const CLOCK_TICK_STEPS: readonly number[] = [
  ...[5, 10, 15, 30].map((minutes) => minutes * MINUTE_MS),
  ...[1, 2, 3, 4, 6, 12, 24].map((hours) => hours * HOUR_MS),
];

/** How {@link alignedTicks} spaces an axis's labels. */
export interface TickOptions {
  /** Candidate spaces between ticks in ms, shortest first; the last one serves when none fits. */
  steps: readonly number[];
  /** The first step with at most this many spaces across the axis wins. */
  maxTicks: number;
  /**
   * Ticks fall on `anchor` plus a multiple of the step (default 0: the UTC clock). `-zoneOffsetMs(from, zone)`
   * (from `@pulse/shared/client`) puts them on a zone's whole hours, also in zones half an hour off UTC.
   */
  anchor?: number;
}

/**
 * Axis ticks between `from` and `to` (epoch ms, both included) on the first of `steps` that spans the axis
 * in at most `maxTicks` steps, so at most `maxTicks + 1` ticks; none when `to` is not after `from`.
 */
export function alignedTicks(from: number, to: number, { steps, maxTicks, anchor = 0 }: TickOptions): number[] {
  if (!(to > from) || steps.length === 0) return [];
  const step = steps.find((s) => (to - from) / s <= maxTicks) ?? (steps.at(-1) as number);
  const ticks: number[] = [];
  for (let t = anchor + Math.ceil((from - anchor) / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/**
 * Axis ticks on round times of `timeZone`'s clock (the browser's when none): {@link alignedTicks} over
 * {@link CLOCK_TICK_STEPS}, anchored on the zone's offset, so a tick is a whole hour where the campaign is, also
 * in zones half an hour off UTC.
 */
export function clockTicks(from: number, to: number, maxTicks: number, timeZone?: string): number[] {
  return alignedTicks(from, to, { steps: CLOCK_TICK_STEPS, maxTicks, anchor: -zoneOffsetMs(from, timeZone) });
}
