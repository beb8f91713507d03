import type { TimelinePoint } from "@pulse/shared/client";
import { useMemo, useRef, useState, type PointerEvent } from "react";
import { useElementSize } from "../hooks/useElementSize";
import { useI18n } from "../hooks/useI18n";
import { timelineGeometry } from "../lib/timelineGeometry";
import { TimelineFill } from "./TimelineFill";

/**
 * Tabular digits are about this wide, in em: Inter's (the wall) are 0.62, DejaVu Sans's (the dashboard's system
 * font on Linux) 0.64; a little over, never cut.
 */
const DIGIT_EM = 0.64;

/**
 * The count axis's width for ticks up to `peakLabel` (formatted): one digit more than the peak, as the top tick
 * may round up past it (9,500 → 10,000), plus the tick's margin. Computed, not measured.
 */
export function countAxisWidth(peakLabel: string, fontSize: number, tickMargin: number): number {
  return Math.ceil((peakLabel.length + 1) * DIGIT_EM * fontSize + tickMargin);
}

/** What a {@link TimelineAreaChart} draws, and how large. */
export interface TimelineAreaChartProps {
  /** Posts per minute, oldest first. */
  points: readonly TimelinePoint[];
  /** The x axis's span, epoch ms. */
  domain: readonly [number, number];
  /** Where the x axis is labelled. */
  ticks: readonly number[];
  /** The stylesheet's block: the parts are `${block}__svg`, `__grid`, `__tick`, `__fill`, `__line`, `__now`… */
  block: string;
  /** The ticks' font size and their distance from the plot, px. */
  fontSize: number;
  tickMargin: number;
  /** Room above, right of and below the plot, px (the left is the count axis's, computed). */
  margins: { top: number; right: number; bottom: number };
  /** The curve's stroke and the latest point's radius, px. */
  lineWidth: number;
  nowRadius: number;
  /**
   * With a title, a pointer over the chart shows the nearest minute and its posts under that title (the
   * dashboard's); without, the chart is a picture only (the wall's, which nobody points at).
   */
  readoutTitle?: string;
  testId?: string;
}

/**
 * A posts-per-minute area chart drawn as plain SVG from {@link timelineGeometry}: a redraw is arithmetic and
 * one SVG update, with no text measured in the page (recharts measured its tick labels and re-rendered itself
 * several times on each mount and refresh: the wall's longest tasks, and the dashboard's first render). Its box
 * comes from a ResizeObserver. Decoration: its container carries the text alternative.
 */
export function TimelineAreaChart({
  points,
  domain,
  ticks,
  block,
  fontSize,
  tickMargin,
  margins,
  lineWidth,
  nowRadius,
  readoutTitle,
  testId,
}: TimelineAreaChartProps) {
  const { format } = useI18n();
  const box = useRef<SVGSVGElement>(null);
  const size = useElementSize(box);
  const [pointerX, setPointerX] = useState<number | null>(null);
  const peak = useMemo(() => points.reduce((most, point) => Math.max(most, point.posts), 0), [points]);
  const left = countAxisWidth(format.number(peak), fontSize, tickMargin);
  const { top, right, bottom } = margins;
  // The x labels' centres at least a label and half a font size apart: "00:00" never touches "04:00", however narrow.
  const longestTimeLabel = useMemo(() => ticks.reduce((most, tick) => Math.max(most, format.time(tick).length), 0), [ticks, format]);
  const minTickSpacing = (longestTimeLabel * DIGIT_EM + 0.5) * fontSize;
  const geometry = useMemo(
    () => timelineGeometry(points, domain, ticks, size, { top, right, bottom, left }, { minTickSpacing }),
    [points, domain, ticks, size, top, right, bottom, left, minTickSpacing],
  );
  const near = readoutTitle !== undefined && geometry && pointerX !== null ? geometry.pointNear(pointerX) : null;

  // Read on pointer moves only, never while rendering: the box is laid out by then.
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => setPointerX(event.clientX - event.currentTarget.getBoundingClientRect().left);

  return (
    <div className={`${block}__plot`}>
      <svg
        ref={box}
        className={`${block}__svg`}
        width="100%"
        height="100%"
        aria-hidden="true"
        data-testid={testId}
        onPointerMove={readoutTitle === undefined ? undefined : onPointerMove}
        onPointerLeave={readoutTitle === undefined ? undefined : () => setPointerX(null)}
      >
        {geometry ? (
          <>
            <defs>
              <TimelineFill id={`${block}-fill`} block={block} />
            </defs>
            <g className={`${block}__grid`}>
              {geometry.yTicks.map((tick) => (
                <line key={tick.value} x1={geometry.plot.left} x2={geometry.plot.right} y1={tick.y} y2={tick.y} />
              ))}
            </g>
            <g className={`${block}__ticks`} fontSize={fontSize}>
              {geometry.yTicks.map((tick) => (
                <text key={tick.value} className={`${block}__tick`} x={geometry.plot.left - tickMargin} y={tick.y} textAnchor="end" dy="0.355em">
                  {format.number(tick.value)}
                </text>
              ))}
              {geometry.xTicks.map((tick) => (
                <text key={tick.value} className={`${block}__tick`} x={tick.x} y={geometry.plot.bottom + tickMargin} textAnchor="middle" dy="0.71em">
                  {format.time(tick.value)}
                </text>
              ))}
            </g>
            <path className={`${block}__fill`} d={geometry.areaPath} fill={`url(#${block}-fill)`} />
            <path className={`${block}__line`} d={geometry.linePath} fill="none" strokeWidth={lineWidth} />
            {near ? (
              <g className={`${block}__cursor`}>
                <line x1={near.x} x2={near.x} y1={geometry.plot.top} y2={geometry.plot.bottom} />
                <circle cx={near.x} cy={near.y} r={nowRadius} />
              </g>
            ) : geometry.now ? (
              <circle className={`${block}__now`} cx={geometry.now.x} cy={geometry.now.y} r={nowRadius} />
            ) : null}
          </>
        ) : null}
      </svg>
      {near && geometry ? (
        <div
          className={`${block}__readout`}
          data-testid={testId ? `${testId}-readout` : undefined}
          // Beside the point, on the side with more room.
          style={{ left: near.x, top: near.y, translate: near.x > size.width / 2 ? "calc(-100% - 0.75rem) -50%" : "0.75rem -50%" }}
        >
          <span className={`${block}__readout-time`}>{format.time(near.point.t)}</span>
          <span>
            {readoutTitle}: <strong>{format.number(near.point.posts)}</strong>
          </span>
        </div>
      ) : null}
    </div>
  );
}
