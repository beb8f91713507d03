import { Panel } from "../../components/Panel";
import { StatCard } from "../../components/StatCard";
import { useI18n } from "../../hooks/useI18n";
import { chartedOrganizations, formatRatio } from "./roiData";
import { RoiCountryTable, RoiOrganizationTable } from "./RoiTables";
import { RoiBarChart } from "./staffCharts";
import { StaffLoadError } from "./StaffLoadError";
import { useStaffResource } from "./useStaffResource";

/** The ROI refreshes this often (the server recomputes at most every 2 s). */
export const ROI_POLL_MS = 10_000;

/** Offers, engagement and reported hires: the totals, a chart and a table per organization and per country. */
export function RoiView() {
  const { t, format } = useI18n();
  const { data, error } = useStaffResource("roi", {}, ROI_POLL_MS);
  const charted = chartedOrganizations(data?.organizations ?? []);
  const countries = (data?.countries ?? []).filter((row) => row.offers > 0 || row.engagement > 0 || row.hires > 0);
  return (
    <div className="staff-grid staff-grid--roi" data-testid="staff-roi">
      <StaffLoadError error={error} className="staff-span" />
      <div className="staff-stats staff-span">
        <StatCard label={t("staff.roi.offers")} value={data ? format.number(data.totals.offers) : "—"} testId="staff-roi-offers" />
        <StatCard label={t("staff.roi.engagement")} value={data ? format.number(data.totals.engagement) : "—"} testId="staff-roi-engagement" />
        <StatCard label={t("staff.roi.hires")} value={data ? format.number(data.totals.hires) : "—"} testId="staff-roi-hires" />
        <StatCard
          label={t("staff.roi.hiresPerOffer")}
          value={formatRatio(data?.totals.hiresPerOffer, format.locale)}
          hint={data ? t("staff.computedAt", { time: format.timeWithSeconds(data.computedAt) }) : undefined}
        />
      </div>
      <Panel title={t("staff.roi.byOrganization")} subtitle={t("staff.roi.chartHint")} className="staff-panel">
        <RoiBarChart rows={charted} label={t("staff.roi.byOrganization")} />
      </Panel>
      <Panel title={t("staff.roi.byCountry")} className="staff-panel">
        <RoiBarChart rows={countries} label={t("staff.roi.byCountry")} />
      </Panel>
      <Panel title={t("staff.roi.tableOrganizations")} className="staff-panel staff-span">
        <RoiOrganizationTable rows={data?.organizations ?? []} caption={t("staff.roi.tableOrganizations")} />
      </Panel>
      <Panel title={t("staff.roi.tableCountries")} className="staff-panel staff-span">
        <RoiCountryTable rows={data?.countries ?? []} caption={t("staff.roi.tableCountries")} />
      </Panel>
    </div>
  );
}
