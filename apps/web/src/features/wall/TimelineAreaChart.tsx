import { useMemo, useRef } from "react";
import { TimelineFill } from "../../components/TimelineFill";
import { useElementSize } from "../../hooks/useElementSize";
import { useI18n } from "../../hooks/useI18n";
import type { WallTimeline } from "./wallData";
import { timelineGeometry } from "./timelineGeometry";

/** Tabular digits are about this wide, in em, in the wall's typeface (Inter); a little over, never cut. */
const DIGIT_EM = 0.62;

/**
 * The count axis's width for ticks up to `peakLabel` (formatted): one digit more than the peak, as the top tick
 * may round up past it (9,500 → 10,000), plus the tick's margin. Computed, not measured.
 */
export function countAxisWidth(peakLabel: string, fontSize: number, tickMargin: number): number {
  return Math.ceil((peakLabel.length + 1) * DIGIT_EM * fontSize + tickMargin);
}

/**
 * The wall's posts-per-minute area chart, drawn as plain SVG from {@link timelineGeometry}: a redraw is
 * arithmetic and one SVG update, with no text measured in the page (the wall's recharts chart measured its tick
 * labels and redrew itself several times on each mount and each refresh, the wall's longest tasks). Its box is
 * read once and again only on resize. Decoration: the scene's container carries the text alternative.
 */
export function TimelineAreaChart({ data, unit }: { data: WallTimeline; unit: number }) {
  const { format } = useI18n();
  const box = useRef<SVGSVGElement>(null);
  const size = useElementSize(box);
  const fontSize = 1.35 * unit;
  const tickMargin = 0.6 * unit;
  const left = countAxisWidth(format.number(data.peak?.posts ?? 0), fontSize, tickMargin);
  const geometry = useMemo(
    () => timelineGeometry(data.points, data.domain, data.ticks, size, { top: unit, right: 2.5 * unit, bottom: 2.6 * unit, left }),
    [data, size, unit, left],
  );
  return (
    <svg ref={box} className="wall-timeline__svg" width="100%" height="100%" aria-hidden="true" data-testid="wall-timeline-svg">
      {geometry ? (
        <>
          <defs>
            <TimelineFill id="wall-timeline-fill" block="wall-timeline" />
          </defs>
          <g className="wall-timeline__grid">
            {geometry.yTicks.map((tick) => (
              <line key={tick.value} x1={geometry.plot.left} x2={geometry.plot.right} y1={tick.y} y2={tick.y} />
            ))}
          </g>
          <g className="wall-timeline__ticks" fontSize={fontSize}>
            {geometry.yTicks.map((tick) => (
              <text key={tick.value} className="wall-timeline__tick" x={geometry.plot.left - tickMargin} y={tick.y} textAnchor="end" dy="0.355em">
                {format.number(tick.value)}
              </text>
            ))}
            {geometry.xTicks.map((tick) => (
              <text key={tick.value} className="wall-timeline__tick" x={tick.x} y={geometry.plot.bottom + tickMargin} textAnchor="middle" dy="0.71em">
                {format.time(tick.value)}
              </text>
            ))}
          </g>
          <path className="wall-timeline__fill" d={geometry.areaPath} fill="url(#wall-timeline-fill)" />
          <path className="wall-timeline__line" d={geometry.linePath} fill="none" strokeWidth={Math.max(2, 0.22 * unit)} />
          {geometry.now ? <circle className="wall-timeline__now" cx={geometry.now.x} cy={geometry.now.y} r={0.55 * unit} /> : null}
        </>
      ) : null}
    </svg>
  );
}

