import type { TimelinePoint } from "@pulse/shared/client";
import { lazy, Suspense } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { summarizeTimeline } from "../../lib/timelineSeries";

/** The drawing and its chart library load after the first numbers; the canvas keeps its size meanwhile. */
const TimelineArea = lazy(() => import("./TimelineArea").then((m) => ({ default: m.TimelineArea })));

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
            <Suspense fallback={null}>
              <TimelineArea points={points} />
            </Suspense>
          </div>
        </figure>
      )}
    </Panel>
  );
}
