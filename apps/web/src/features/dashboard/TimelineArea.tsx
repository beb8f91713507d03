import type { TimelinePoint } from "@pulse/shared/client";
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_THEME } from "../../lib/chartTheme";
import { useI18n } from "../../hooks/useI18n";
import { countAxisProps, TIMELINE_AREA, TIMELINE_CHART, timeAxisProps, timelineTooltipProps } from "../../lib/timelineChart";

/**
 * The timeline's drawing (Recharts). Its own chunk, loaded lazily by `TimelineChart`: the dashboard's numbers
 * paint before the chart library has arrived, in a box of the chart's final size.
 */
export function TimelineArea({ points }: { points: TimelinePoint[] }) {
  const { t, format } = useI18n();
  return (
    <AreaChart {...TIMELINE_CHART} data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
      <defs>
        <linearGradient id="timeline-fill" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor={CHART_THEME.primary} stopOpacity={0.45} />
          <stop offset="100%" stopColor={CHART_THEME.primary} stopOpacity={0.02} />
        </linearGradient>
      </defs>
      <CartesianGrid stroke={CHART_THEME.grid} vertical={false} />
      <XAxis {...timeAxisProps(format)} domain={["dataMin", "dataMax"]} minTickGap={48} />
      <YAxis {...countAxisProps(format)} />
      <Tooltip
        {...timelineTooltipProps(format, t("timeline.title"))}
        contentStyle={CHART_THEME.tooltip}
        labelStyle={CHART_THEME.tooltipText}
        itemStyle={CHART_THEME.tooltipText}
      />
      <Area {...TIMELINE_AREA} stroke={CHART_THEME.primary} strokeWidth={2} fill="url(#timeline-fill)" />
    </AreaChart>
  );
}
