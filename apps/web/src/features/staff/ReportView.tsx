import type { Campaign, Snapshot } from "@pulse/shared/client";
import { useMemo, useState } from "react";
import { useI18n } from "../../hooks/useI18n";
import { countryRows } from "../dashboard/dashboardData";
import { filledTimeline, summarizeTimeline } from "../../lib/timelineSeries";
import { campaignDates } from "./reportDates";
import { chartedOrganizations } from "./roiData";
import { RoiCountryTable, RoiOrganizationTable } from "./RoiTables";
import { ReportTimeline, RoiBarChart } from "./staffCharts";
import { useStaffResource } from "./useStaffResource";

/** Organizations the printed ROI table lists: every one with a figure, at most this many. */
const REPORT_ORGANIZATIONS = 40;

/**
 * The end-of-day report: the day's totals, the timeline, countries, ROI per organization and country, and
 * what moderation did. Made to print: staff.css hides the console around it and keeps sections whole.
 */
export function ReportView({ campaign, snapshot }: { campaign: Campaign | null; snapshot: Snapshot | null }) {
  const { t, format } = useI18n();
  const roi = useStaffResource("roi", {});
  const moderation = useStaffResource("moderationState", {});
  const [generatedAt] = useState(() => Date.now());
  const timeline = useMemo(() => filledTimeline(snapshot?.timeline ?? []), [snapshot?.timeline]);
  const summary = summarizeTimeline(timeline);
  const countries = useMemo(() => countryRows(snapshot?.byCountry ?? {}, 15), [snapshot?.byCountry]);
  const organizations = (roi.data?.organizations ?? []).filter((row) => row.offers > 0 || row.engagement > 0 || row.hires > 0);
  const roiCountries = (roi.data?.countries ?? []).filter((row) => row.offers > 0 || row.engagement > 0 || row.hires > 0);
  const totals = snapshot?.totals;
  const n = (value: number | undefined) => (value === undefined ? "—" : format.number(value));
  // The campaign's own dates, in its zone; the day the report is made is only when it was made.
  const dates = campaign ? campaignDates(campaign, format.locale) : null;
  const made = new Intl.DateTimeFormat(format.locale, { dateStyle: "medium", timeStyle: "short", timeZone: format.timeZone }).format(generatedAt);

  return (
    <article className="staff-report" data-testid="staff-report" aria-labelledby="staff-report-title">
      <header className="staff-report__header">
        <div>
          <h2 id="staff-report-title" className="staff-report__title">
            {t("staff.report.heading", { campaign: campaign?.name ?? t("app.name") })}
          </h2>
          <p className="staff-report__meta">
            {dates ? (
              <span className="staff-report__dates" data-testid="staff-report-dates">
                {dates}
              </span>
            ) : null}
            {campaign ? ` · ${t("campaign.timezone", { zone: campaign.timezone.replaceAll("_", " ") })}` : ""}
            {" · "}
            {t("staff.report.generated", { time: made })}
          </p>
        </div>
        <button type="button" className="staff-button staff-button--primary staff-noprint" onClick={() => print()} data-testid="staff-print">
          {t("staff.report.print")}
        </button>
      </header>

      <section className="staff-report__section" aria-labelledby="report-totals">
        <h3 id="report-totals">{t("staff.report.totals")}</h3>
        <dl className="staff-figures">
          {(
            [
              ["stats.totalPosts", totals?.posts],
              ["stats.uniqueAuthors", totals?.authors],
              ["staff.report.countries", snapshot ? Object.keys(snapshot.byCountry).filter((c) => c !== "unknown").length : undefined],
              ["kinds.originals", totals?.originals],
              ["kinds.retweets", totals?.retweets],
              ["kinds.replies", totals?.replies],
              ["kinds.quotes", totals?.quotes],
              ["staff.roi.offers", roi.data?.totals.offers],
              ["staff.roi.engagement", roi.data?.totals.engagement],
              ["staff.roi.hires", roi.data?.totals.hires],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="staff-figure">
              <dt>{t(key)}</dt>
              <dd>{n(value)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="staff-report__section" aria-labelledby="report-timeline">
        <h3 id="report-timeline">{t("timeline.title")}</h3>
        {summary ? (
          <p>
            {t("timeline.summary", {
              from: format.time(summary.from),
              to: format.time(summary.to),
              peak: format.number(summary.peak),
              peakTime: format.time(summary.peakAt),
              latest: format.number(summary.latest),
            })}
          </p>
        ) : null}
        <ReportTimeline points={timeline} label={t("timeline.title")} />
      </section>

      <section className="staff-report__section" aria-labelledby="report-countries">
        <h3 id="report-countries">{t("countries.title")}</h3>
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{t("countries.column.country")}</th>
              <th scope="col" className="staff-num">{t("countries.column.posts")}</th>
              <th scope="col" className="staff-num">{t("staff.report.share")}</th>
            </tr>
          </thead>
          <tbody>
            {countries.map((row) => (
              <tr key={row.code}>
                <th scope="row">{row.code === "others" ? t("countries.others") : format.country(row.code, t("countries.unknown"))}</th>
                <td className="staff-num">{format.number(row.posts)}</td>
                <td className="staff-num">{totals?.posts ? format.percent(row.posts / totals.posts) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="staff-report__section staff-report__section--break" aria-labelledby="report-roi">
        <h3 id="report-roi">{t("staff.view.roi")}</h3>
        {roi.error ? <p className="staff-error">{t("staff.error.load", { error: roi.error.message })}</p> : null}
        <RoiBarChart rows={chartedOrganizations(organizations)} label={t("staff.roi.byOrganization")} />
        <RoiOrganizationTable rows={organizations.slice(0, REPORT_ORGANIZATIONS)} caption={t("staff.roi.tableOrganizations")} />
        <RoiCountryTable rows={roiCountries} caption={t("staff.roi.tableCountries")} />
      </section>

      <section className="staff-report__section" aria-labelledby="report-moderation">
        <h3 id="report-moderation">{t("staff.report.moderation")}</h3>
        {moderation.data ? (
          <dl className="staff-figures">
            <div className="staff-figure">
              <dt>{t("staff.mode.title")}</dt>
              <dd className="staff-figure__text">{t(`staff.mode.${moderation.data.mode}`)}</dd>
            </div>
            <div className="staff-figure">
              <dt>{t("staff.moderation.hidden")}</dt>
              <dd>{format.number(moderation.data.hidden.length)}</dd>
            </div>
            <div className="staff-figure">
              <dt>{t("staff.moderation.pinned")}</dt>
              <dd>{format.number(moderation.data.pinned.length)}</dd>
            </div>
            <div className="staff-figure">
              <dt>{t("staff.moderation.blocked")}</dt>
              <dd>{format.number(moderation.data.blockedAuthors.length)}</dd>
            </div>
            <div className="staff-figure">
              <dt>{t("staff.queue.title")}</dt>
              <dd>{format.number(moderation.data.queued)}</dd>
            </div>
          </dl>
        ) : null}
        <p className="staff-field__hint">{t("staff.report.countersNote")}</p>
      </section>
    </article>
  );
}
