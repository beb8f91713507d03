import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { InsightsLists } from "../insights/InsightsLists";
import { exportHref } from "./exportLinks";

/** The console shows every entry the server keeps (20 a list). */
const STAFF_INSIGHT_ROWS = 20;

/**
 * The campaign's insights, live and in full (the lists the dashboard shortens), with the insights CSV export
 * (plain, and with a byte order mark for Excel) of the campaign the console acts on.
 */
export function InsightsView() {
  const { t } = useI18n();
  // The page's one socket: asking here upgrades it to carry insights while the view is open.
  const { snapshot } = useLiveSnapshot({ insights: true });
  return (
    <div className="staff-grid">
      <Panel title={t("insights.title")} subtitle={t("staff.insights.hint")} testId="staff-insights" className="staff-panel">
        <p className="staff-buttons insights-tools">
          <a className="staff-button staff-button--primary" href={exportHref("insights")} download data-testid="staff-insights-csv">
            {t("staff.exports.csv")}
          </a>
          <a className="staff-button" href={exportHref("insights", { excel: true })} download data-testid="staff-insights-csv-excel">
            {t("staff.exports.excel")}
          </a>
        </p>
        <InsightsLists insights={snapshot?.insights} limit={STAFF_INSIGHT_ROWS} />
      </Panel>
    </div>
  );
}
