/** Pure helpers that turn a day of per-minute counts into a curve a 300 px widget can draw cleanly. */
import type { TimelinePoint } from "@pulse/shared/client";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Bin widths, in minutes, from which the curve's resolution is picked. */
const BIN_MINUTES = [1, 2, 5, 10, 15, 30, 60] as const;

/** Hour steps between axis ticks, from which the axis picks. */
const TICK_HOURS = [1, 2, 3, 4, 6, 12, 24] as const;

/**
 * `points` (one per minute, gaps filled) averaged over bins just wide enough for at most `maxPoints` points:
 * a whole day of minutes is noise at 300 px. Each point is the bin's start and its average posts per minute
 * over the minutes it holds, so the curve still reads "per minute". Bins align on multiples of their width.
 */
export function binTimeline(points: readonly TimelinePoint[], maxPoints = 144): TimelinePoint[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const spanMinutes = (last.t - first.t) / MINUTE + 1;
  const width: number = BIN_MINUTES.find((m) => spanMinutes / m <= maxPoints) ?? 60;
  if (width === 1) return [...points];
  const size = width * MINUTE;
  const bins = new Map<number, { posts: number; minutes: number }>();
  for (const p of points) {
    const start = Math.floor(p.t / size) * size;
    const bin = bins.get(start) ?? { posts: 0, minutes: 0 };
    bin.posts += p.posts;
    bin.minutes += 1;
    bins.set(start, bin);
  }
  // Averaged over the minutes the bin holds: the current bin, still filling, does not drop to the floor.
  return [...bins].map(([t, bin]) => ({ t, posts: Math.round((bin.posts / bin.minutes) * 10) / 10 }));
}

/**
 * How far the wall clock of `timeZone` is ahead of UTC at `at` (epoch ms), in ms; the browser's zone when none.
 * An hour tick is then a whole hour where the campaign is, also in zones half an hour off UTC.
 */
export function zoneOffsetMs(at: number, timeZone?: string): number {
  if (!timeZone) return -new Date(at).getTimezoneOffset() * MINUTE;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * Axis ticks on whole hours of the wall clock `offsetMs` ahead of UTC, between `from` and `to` (epoch ms),
 * every 1, 2, 3, 4, 6, 12 or 24 hours so that at most `maxTicks` show: a day gets 06:00, 12:00, 18:00.
 */
export function hourTicks(from: number, to: number, maxTicks = 4, offsetMs = 0): number[] {
  if (!(to > from)) return [];
  const spanHours = (to - from) / HOUR;
  const step = (TICK_HOURS.find((h) => spanHours / h <= maxTicks) ?? 24) * HOUR;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offsetMs) / step) * step - offsetMs; t <= to; t += step) ticks.push(t);
  return ticks;
}
