import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { TimelineFill } from "../../components/TimelineFill";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { countAxisProps, TIMELINE_AREA, TIMELINE_CHART, timeAxisProps, timelineTooltipProps } from "./timelineChartProps";
import { EmbedCard } from "../react/EmbedCard";
import { useEmbed } from "../react/useEmbed";
import { widgetTimeline } from "./widgetTimeline";

/** Colours come from the stylesheet (`timeline.css`): SVG attributes cannot read CSS variables, classes can. */
const TOOLTIP_STYLE = {
  background: "var(--surface)",
  border: "1px solid var(--border)",
  borderRadius: "0.5rem",
  color: "var(--text)",
  fontSize: "0.8125rem",
  boxShadow: "var(--shadow)",
};

/**
 * Posts per minute over the campaign day, with the latest minute and the peak as text above the curve; the
 * curve's own text alternative sums it up for screen readers. The curve averages minutes into bins (10 minutes
 * for a whole day) so it stays readable at 300 px; the latest minute is exact, and the peak is the curve's, so
 * it reads off the axis. `country` does not apply: the timeline counts all posts.
 */
export function TimelineWidget() {
  const { t, plural, format } = useEmbed().i18n;
  const { snapshot, status } = useLiveSnapshot();
  const drawn = snapshot ? widgetTimeline(snapshot.timeline, format.timeZone) : null;

  return (
    <EmbedCard title={t("timeline.title")} status={status} testId="embed-timeline" className="timeline">
      {drawn === null ? (
        <p className="card__empty">{t("timeline.empty")}</p>
      ) : (
        <>
          <div className="timeline__stats">
            <p className="timeline__latest">
              <strong className="timeline__latest-value" data-testid="timeline-latest">
                {format.number(drawn.summary.latest)}
              </strong>{" "}
              {plural("timeline.latest", drawn.summary.latest)}
            </p>
            <p className="timeline__peak">
              {t("timeline.peak", { peak: format.number(drawn.peak.posts), time: format.time(drawn.peak.t) })}
            </p>
          </div>
          <figure
            className="timeline__chart"
            role="img"
            data-testid="timeline-chart"
            aria-label={t("timeline.summary", {
              from: format.time(drawn.summary.from),
              to: format.time(drawn.summary.to),
              peak: format.number(drawn.peak.posts),
              peakTime: format.time(drawn.peak.t),
              latest: format.number(drawn.summary.latest),
            })}
          >
            <AreaChart
              {...TIMELINE_CHART}
              data={drawn.curve}
              margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
            >
              <defs>
                <TimelineFill id="timeline-fill" block="timeline" />
              </defs>
              <CartesianGrid vertical={false} />
              <XAxis
                {...timeAxisProps(format)}
                domain={["dataMin", "dataMax"]}
                ticks={drawn.ticks}
                minTickGap={16}
                axisLine={false}
                tickMargin={6}
              />
              <YAxis {...countAxisProps(format)} tickCount={4} />
              <Tooltip
                {...timelineTooltipProps(format, t("timeline.title"))}
                contentStyle={TOOLTIP_STYLE}
                labelStyle={{ color: "var(--muted)" }}
                itemStyle={{ color: "var(--text)" }}
                cursor={{ className: "timeline__cursor" }}
                isAnimationActive={false}
              />
              <Area
                {...TIMELINE_AREA}
                className="timeline__area"
                fill="url(#timeline-fill)"
                strokeWidth={2}
                activeDot={{ r: 3.5, className: "timeline__dot" }}
              />
            </AreaChart>
          </figure>
        </>
      )}
    </EmbedCard>
  );
}
