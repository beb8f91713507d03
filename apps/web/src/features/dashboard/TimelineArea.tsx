import type { TimelinePoint } from "@pulse/shared/client";
import { useMemo } from "react";
import { TimelineAreaChart } from "../../components/TimelineAreaChart";
import { useI18n } from "../../hooks/useI18n";
import { timelineAxis } from "./dashboardData";

/**
 * The timeline's drawing: the plain-SVG chart the wall draws too, with a readout under the pointer. Its own
 * chunk (with d3's scales and curves), loaded lazily by `TimelineChart`: the dashboard's numbers paint first,
 * in a box of the chart's final size.
 */
export function TimelineArea({ points }: { points: TimelinePoint[] }) {
  const { t, format } = useI18n();
  const axis = useMemo(() => timelineAxis(points, format.timeZone), [points, format.timeZone]);
  return (
    <TimelineAreaChart
      points={points}
      domain={axis.domain}
      ticks={axis.ticks}
      block="dash-timeline"
      fontSize={13}
      tickMargin={8}
      margins={{ top: 8, right: 24, bottom: 24 }}
      lineWidth={2}
      nowRadius={3.5}
      readoutTitle={t("timeline.title")}
      testId="timeline-svg"
    />
  );
}
