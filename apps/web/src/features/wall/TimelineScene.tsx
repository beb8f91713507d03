import type { Campaign, TimelinePoint } from "@pulse/shared/client";
import { memo, useMemo } from "react";
import { TimelineAreaChart } from "../../components/TimelineAreaChart";
import { useI18n } from "../../hooks/useI18n";
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

  const subtitle =
    data.stepMinutes > 1 ? t("wall.timeline.average", { minutes: format.number(data.stepMinutes), zone }) : t("wall.timeline.perMinute", { zone });
  const summary = t("timeline.summary", {
    from: format.time(data.points[0]?.t ?? last.t),
    to: format.time(last.t),
    peak: format.number(data.peak.posts),
    peakTime: format.time(data.peak.t),
    latest: format.number(last.posts),
  });

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
        <TimelineAreaChart
          points={data.points}
          domain={data.domain}
          ticks={data.ticks}
          block="wall-timeline"
          fontSize={1.35 * unit}
          tickMargin={0.6 * unit}
          margins={{ top: unit, right: 2.5 * unit, bottom: 2.6 * unit }}
          lineWidth={Math.max(2, 0.22 * unit)}
          nowRadius={0.55 * unit}
          testId="wall-timeline-svg"
        />
      </div>
    </div>
  );
});
