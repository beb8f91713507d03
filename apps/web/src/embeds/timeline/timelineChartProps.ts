/**
 * The recharts setup of the timeline embed's posts-per-minute chart: time along x, whole post counts along y, one
 * monotone area of `posts`. (The dashboard and the wall draw theirs as plain SVG: components/TimelineAreaChart.)
 */
import type { Formatter } from "../../i18n/format";

/** The chart: fills its box (which the stylesheet sizes) and leaves the text alternative to its container. */
export const TIMELINE_CHART = {
  responsive: true,
  style: { width: "100%", height: "100%" },
  accessibilityLayer: false,
} as const;

/** The x axis: the points' `t` on a time scale, labelled in the campaign's time zone. */
export function timeAxisProps(format: Formatter) {
  return {
    dataKey: "t",
    type: "number",
    scale: "time",
    tickFormatter: (value: number) => format.time(value),
    tickLine: false,
  } as const;
}

/** The y axis: post counts, whole numbers only, without a line or ticks. */
export function countAxisProps(format: Formatter) {
  return {
    width: "auto",
    allowDecimals: false,
    tickFormatter: (value: number) => format.number(value),
    tickLine: false,
    axisLine: false,
  } as const;
}

/** The tooltip's text: the minute, and its posts under the chart's `title`. */
export function timelineTooltipProps(format: Formatter, title: string) {
  return {
    labelFormatter: (value: unknown) => format.time(Number(value)),
    formatter: (value: unknown) => [format.number(Number(value)), title],
  } as const;
}

/** The curve: `posts` per point, smooth, drawn at once (no animation) and without a dot per minute. */
export const TIMELINE_AREA = {
  type: "monotone",
  dataKey: "posts",
  isAnimationActive: false,
  dot: false,
} as const;
