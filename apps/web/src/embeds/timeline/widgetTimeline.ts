/** What the timeline widget draws: a day of per-minute counts as a curve a 300 px widget can draw cleanly. */
import type { TimelinePoint } from "@pulse/shared/client";
import {
  averageBins,
  binMinutes,
  clockTicks,
  filledTimeline,
  summarizeTimeline,
  type TimelineSummary,
} from "../../lib/timelineSeries";

/** Points on the curve at most: a whole day of minutes is noise at 300 px, 10-minute bins are not. */
export const WIDGET_TIMELINE_MAX_POINTS = 144;
/** At most this many spaces between axis labels: a day gets 06:00, 12:00, 18:00. */
export const WIDGET_TIMELINE_MAX_TICKS = 4;

/** What the widget shows. */
export interface WidgetTimeline {
  /** The exact minutes: the latest and the span, for the figures and the text alternative. */
  summary: TimelineSummary;
  /** Posts per minute averaged over bins aligned on the UTC clock, to one decimal. */
  curve: TimelinePoint[];
  /** The curve's highest point (the first one), at its bin's start: the peak as the axis shows it. */
  peak: TimelinePoint;
  /** Round times of the campaign's clock (`timeZone`) across the curve: whole hours, or minutes for a short span. */
  ticks: number[];
}

/**
 * The snapshot's timeline as the widget draws it, or null before the first post: the last day of minutes,
 * gaps filled with 0, averaged over bins just wide enough for {@link WIDGET_TIMELINE_MAX_POINTS} points (so
 * 10 minutes for a whole day), with hour ticks in `timeZone` (the browser's when none).
 */
export function widgetTimeline(timeline: readonly TimelinePoint[], timeZone?: string): WidgetTimeline | null {
  const minutes = filledTimeline(timeline);
  const summary = summarizeTimeline(minutes);
  if (!summary) return null;
  const width = binMinutes(minutes.length, WIDGET_TIMELINE_MAX_POINTS);
  const curve = averageBins(minutes, width).map(({ t, posts }) => ({ t, posts: Math.round(posts * 10) / 10 }));
  const from = curve[0]?.t ?? summary.from;
  const to = curve.at(-1)?.t ?? summary.to;
  const ticks = clockTicks(from, to, WIDGET_TIMELINE_MAX_TICKS, timeZone);
  const peak = curve.reduce((best, point) => (point.posts > best.posts ? point : best), curve[0] ?? { t: summary.peakAt, posts: summary.peak });
  return { summary, curve, peak, ticks };
}
