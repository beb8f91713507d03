import type { InsightsState } from "@pulse/shared/client";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { InsightsLists } from "../insights/InsightsLists";

/** Rows per list on the dashboard: enough to see a trend, short enough to sit beside the feed. */
const DASHBOARD_INSIGHT_ROWS = 6;

/**
 * What people talk about: top hashtags, rising terms, mentions, posters, linked sites and languages. A hashtag is
 * a toggle that filters the live feed (`onHashtag`); `activeTag` is the one in force.
 */
export function InsightsPanel({
  insights,
  activeTag,
  onHashtag,
}: {
  insights: InsightsState | undefined;
  activeTag: string | null;
  onHashtag(tag: string): void;
}) {
  const { t } = useI18n();
  return (
    <Panel title={t("insights.title")} subtitle={t("insights.hint")} testId="insights-panel" className="area-insights">
      <InsightsLists insights={insights} limit={DASHBOARD_INSIGHT_ROWS} activeTag={activeTag} onHashtag={onHashtag} />
    </Panel>
  );
}
