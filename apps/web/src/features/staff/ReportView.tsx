import type { Campaign, Snapshot } from "@pulse/shared/client";
import { useMemo, useState } from "react";
import { useI18n } from "../../hooks/useI18n";
import type { MessageKey } from "../../i18n/fr";
import { countryRows } from "../dashboard/dashboardData";
import { filledTimeline, summarizeTimeline } from "../../lib/timelineSeries";
import { campaignDates } from "./reportDates";
import { chartedOrganizations } from "./roiData";
import { RoiCountryTable, RoiOrganizationTable } from "./RoiTables";
import { ReportTimeline, RoiBarChart } from "./staffCharts";
import { useStaffResource } from "./useStaffResource";

/** Organizations the printed ROI table lists: every one with a figure, at most this many. */
const REPORT_ORGANIZATIONS = 40;

/** One figure of the report: its label's key, its value as shown, and `"text"` for a word rather than a number. */
type Figure = readonly [label: MessageKey, value: string, kind?: "text"];

/** A list of figures, each a label over its value. */
function Figures({ figures }: { figures: readonly Figure[] }) {
  const { t } = useI18n();
  return (
    <dl className="staff-figures">
      {figures.map(([label, value, kind]) => (
        <div key={label} className="staff-figure">
          <dt>{t(label)}</dt>
          <dd className={kind === "text" ? "staff-figure__text" : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

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
        <Figures
          figures={[
            ["stats.totalPosts", n(totals?.posts)],
            ["stats.uniqueAuthors", n(totals?.authors)],
            ["staff.report.countries", n(snapshot ? Object.keys(snapshot.byCountry).filter((c) => c !== "unknown").length : undefined)],
            ["kinds.originals", n(totals?.originals)],
            ["kinds.retweets", n(totals?.retweets)],
            ["kinds.replies", n(totals?.replies)],
            ["kinds.quotes", n(totals?.quotes)],
            ["staff.roi.offers", n(roi.data?.totals.offers)],
            ["staff.roi.engagement", n(roi.data?.totals.engagement)],
            ["staff.roi.hires", n(roi.data?.totals.hires)],
          ]}
        />
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
          <Figures
            figures={[
              ["staff.mode.title", t(`staff.mode.${moderation.data.mode}`), "text"],
              ["staff.moderation.hidden", n(moderation.data.hidden.length)],
              ["staff.moderation.pinned", n(moderation.data.pinned.length)],
              ["staff.moderation.blocked", n(moderation.data.blockedAuthors.length)],
              ["staff.queue.title", n(moderation.data.queued)],
            ]}
          />
        ) : null}
        <p className="staff-field__hint">{t("staff.report.countersNote")}</p>
      </section>
    </article>
  );
}
