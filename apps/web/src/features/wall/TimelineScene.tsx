import type { Campaign, TimelinePoint } from "@pulse/shared/client";
import { memo, useMemo } from "react";
import { Area, AreaChart, CartesianGrid, ReferenceDot, XAxis, YAxis } from "recharts";
import { TimelineFill } from "../../components/TimelineFill";
import { useI18n } from "../../hooks/useI18n";
import { countAxisProps, TIMELINE_AREA, TIMELINE_CHART, timeAxisProps } from "../../lib/timelineChart";
import { SceneHeading } from "./SceneHeading";
import { useViewportUnit } from "./useViewportUnit";
import { zoneCity } from "./WallClock";
import { wallTimeline } from "./wallData";

/**
 * The day's posts per minute as one large area chart: the x axis spans the campaign's day in its time zone,
 * and a caption and a text alternative give the peak and the latest minute.
 */
export const TimelineScene = memo(function TimelineScene({ timeline, campaign }: { timeline: readonly TimelinePoint[]; campaign: Campaign | null }) {
  const { t, format } = useI18n();
  const unit = useViewportUnit();
  const data = useMemo(() => wallTimeline(timeline, campaign), [timeline, campaign]);
  const title = t("timeline.title");
  const zone = zoneCity(format.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const last = timeline.at(-1);

  if (!data || !last || !data.peak) {
    return (
      <div className="wall-timeline">
        <SceneHeading title={title} />
        <p className="wall-empty">{t("timeline.empty")}</p>
      </div>
    );
  }

  const drawnLast = data.points.at(-1);
  const subtitle =
    data.stepMinutes > 1 ? t("wall.timeline.average", { minutes: format.number(data.stepMinutes), zone }) : t("wall.timeline.perMinute", { zone });
  const summary = t("timeline.summary", {
    from: format.time(data.points[0]?.t ?? last.t),
    to: format.time(last.t),
    peak: format.number(data.peak.posts),
    peakTime: format.time(data.peak.t),
    latest: format.number(last.posts),
  });
  const tickStyle = { fontSize: 1.35 * unit };

  return (
    <div className="wall-timeline">
      <SceneHeading title={title} subtitle={subtitle} />
      <p className="wall-timeline__caption">
        {t("wall.timeline.caption", {
          peak: format.number(data.peak.posts),
          peakTime: format.time(data.peak.t),
          latest: format.number(last.posts),
        })}
      </p>
      <div className="wall-timeline__chart" role="img" aria-label={`${title}. ${summary}`}>
        <AreaChart
          {...TIMELINE_CHART}
          data={data.points}
          margin={{ top: unit, right: 2.5 * unit, bottom: 0, left: 0 }}
        >
          <defs>
            <TimelineFill id="wall-timeline-fill" block="wall-timeline" />
          </defs>
          <CartesianGrid vertical={false} className="wall-timeline__grid" />
          <XAxis
            {...timeAxisProps(format)}
            domain={data.domain}
            ticks={data.ticks}
            tick={tickStyle}
            axisLine={false}
            tickMargin={0.6 * unit}
            height={2.6 * unit}
            interval={0}
          />
          <YAxis
            {...countAxisProps(format)}
            tick={tickStyle}
            tickMargin={0.6 * unit}
            tickCount={5}
          />
          <Area
            {...TIMELINE_AREA}
            className="wall-timeline__area"
            fill="url(#wall-timeline-fill)"
            strokeWidth={Math.max(2, 0.22 * unit)}
            activeDot={false}
          />
          {drawnLast ? (
            <ReferenceDot x={drawnLast.t} y={drawnLast.posts} r={0.55 * unit} className="wall-timeline__now" ifOverflow="visible" />
          ) : null}
        </AreaChart>
      </div>
    </div>
  );
});
