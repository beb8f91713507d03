import { bisector, ticks as niceTicks, nice } from "d3-array";
import { scaleLinear } from "d3-scale";
import { area, curveMonotoneX, line } from "d3-shape";
import type { TimelinePoint } from "@pulse/shared/client";

/** Space around the plot, px: the axes' labels live in it. */
export interface PlotMargins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** How close the x axis's labels may come: their centres at least this many px apart (0: any). */
export interface TickSpacing {
  minTickSpacing?: number;
}

/** Everything a timeline chart (the wall's, the dashboard's) draws, in px within its box. */
export interface TimelineGeometry {
  /** The plot's box. */
  plot: { left: number; top: number; right: number; bottom: number };
  /** The filled area under the curve, and the curve itself (monotone, through every point). */
  areaPath: string;
  linePath: string;
  /** Whole post counts up the y axis, from 0, covering the peak. */
  yTicks: { value: number; y: number }[];
  /** The times asked for along the x axis, where they fall. */
  xTicks: { value: number; x: number }[];
  /** The latest point. */
  now: { x: number; y: number } | null;
  /**
   * The point drawn nearest to `x` px along the axis (a pointer over the chart), with where it is drawn; null
   * when `x` is outside the plot.
   */
  pointNear(x: number): { index: number; point: TimelinePoint; x: number; y: number } | null;
}

/** About this many count ticks, as the chart's y axis had. */
const Y_TICKS = 5;
/** Finds the point nearest a time in points sorted by time, without copying their times out on each pointer move. */
const byTime = bisector((point: TimelinePoint) => point.t);

/**
 * A timeline chart's geometry for a box of `width` × `height` px: pure arithmetic (d3's scales and curves), so
 * a redraw with new points measures nothing in the page. Null while the box has no room for a plot.
 */
export function timelineGeometry(
  points: readonly TimelinePoint[],
  domain: readonly [number, number],
  timeTicks: readonly number[],
  size: { width: number; height: number },
  margins: PlotMargins,
  { minTickSpacing = 0 }: TickSpacing = {},
): TimelineGeometry | null {
  const plot = { left: margins.left, top: margins.top, right: size.width - margins.right, bottom: size.height - margins.bottom };
  if (plot.right <= plot.left || plot.bottom <= plot.top || points.length === 0) return null;
  const peak = Math.max(1, ...points.map((point) => point.posts));
  const [, top] = nice(0, peak, Y_TICKS);
  const x = scaleLinear().domain(domain).range([plot.left, plot.right]);
  const y = scaleLinear().domain([0, top]).range([plot.bottom, plot.top]);
  const areaPath = area<TimelinePoint>()
    .x((point) => x(point.t))
    .y0(plot.bottom)
    .y1((point) => y(point.posts))
    .curve(curveMonotoneX)(points) ?? "";
  const linePath = line<TimelinePoint>()
    .x((point) => x(point.t))
    .y((point) => y(point.posts))
    .curve(curveMonotoneX)(points) ?? "";
  const last = points.at(-1);
  return {
    plot,
    areaPath,
    linePath,
    // Whole numbers only: a count of posts has no fractions.
    yTicks: niceTicks(0, top, Y_TICKS)
      .filter((value) => Number.isInteger(value))
      .map((value) => ({ value, y: y(value) })),
    xTicks: thinned(
      timeTicks.filter((t) => t >= domain[0] && t <= domain[1]).map((value) => ({ value, x: x(value) })),
      minTickSpacing,
    ),
    now: last ? { x: x(last.t), y: y(last.posts) } : null,
    pointNear(px) {
      if (px < plot.left || px > plot.right) return null;
      const index = byTime.center(points, x.invert(px));
      const point = points[index]!;
      return { index, point, x: x(point.t), y: y(point.posts) };
    },
  };
}

/**
 * Every k-th of `ticks` (evenly spaced), k the smallest that puts their centres `minSpacing` px apart, so labels
 * on a narrow chart never touch and stay on round times (every other 4-hour tick is every 8 hours).
 */
function thinned<T extends { x: number }>(ticks: T[], minSpacing: number): T[] {
  const spacing = ticks.length > 1 ? Math.abs(ticks[1]!.x - ticks[0]!.x) : Infinity;
  if (!(minSpacing > spacing)) return ticks;
  const every = spacing > 0 ? Math.ceil(minSpacing / spacing) : ticks.length;
  return ticks.filter((_, i) => i % every === 0);
}
