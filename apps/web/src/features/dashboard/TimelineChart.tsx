import type { TimelinePoint } from "@pulse/shared/client";
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { Panel } from "../../components/Panel";
import { CHART_THEME } from "../../lib/chartTheme";
import { useI18n } from "../../hooks/useI18n";
import { countAxisProps, TIMELINE_AREA, TIMELINE_CHART, timeAxisProps, timelineTooltipProps } from "../../lib/timelineChart";
import { summarizeTimeline } from "../../lib/timelineSeries";

/** Posts per minute over time, with the x axis in the campaign's time zone and a sentence that sums it up. */
export function TimelineChart({ points }: { points: TimelinePoint[] }) {
  const { t, format } = useI18n();
  const summary = summarizeTimeline(points);
  const subtitle = format.timeZone ? t("campaign.timezone", { zone: format.timeZone.replaceAll("_", " ") }) : undefined;

  return (
    <Panel title={t("timeline.title")} subtitle={subtitle} testId="timeline-chart" className="area-timeline">
      {summary === null ? (
        <p className="panel__empty">{t("timeline.empty")}</p>
      ) : (
        <figure className="chart">
          <div
            className="chart__canvas chart__canvas--timeline"
            role="img"
            aria-label={t("timeline.summary", {
              from: format.time(summary.from),
              to: format.time(summary.to),
              peak: format.number(summary.peak),
              peakTime: format.time(summary.peakAt),
              latest: format.number(summary.latest),
            })}
          >
            <AreaChart
              {...TIMELINE_CHART}
              data={points}
              margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
            >
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
          </div>
        </figure>
      )}
    </Panel>
  );
}
