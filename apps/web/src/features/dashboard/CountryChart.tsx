import { lazy, Suspense } from "react";
import { Panel } from "../../components/Panel";
import { remInPx } from "../../lib/remInPx";
import { useI18n } from "../../hooks/useI18n";
import { useNearViewport } from "../../hooks/useNearViewport";
import { OTHER_COUNTRIES, type CountryRow } from "./dashboardData";

/** The bars and their chart library load after the first numbers; the canvas has its final height meanwhile. */
const CountryBars = lazy(() => import("./CountryBars").then((m) => ({ default: m.CountryBars })));

/** Posts per country as horizontal bars, in the UI language, with a table for assistive technology. */
export function CountryChart({ rows }: { rows: CountryRow[] }) {
  const { t, plural, format } = useI18n();
  // Below the fold on a phone: the bars are drawn when the chart comes near the screen, not during the load.
  const [canvasRef, near] = useNearViewport<HTMLDivElement>("100px");
  const data = rows.map((row) => ({
    ...row,
    label:
      row.code === OTHER_COUNTRIES ? t("countries.others") : format.country(row.code, t("countries.unknown")),
  }));
  // Room on the right for the longest value label (0.8125rem digits, about 0.62em wide each).
  const longestValue = Math.max(0, ...data.map((row) => format.number(row.posts).length));
  const labelRoom = Math.ceil((longestValue * 0.62 + 1) * 0.8125 * remInPx());
  const named = data.filter((row) => row.code !== OTHER_COUNTRIES);
  const summary = plural("countries.summary", named.length, {
    top: data
      .slice(0, 3)
      .map((row) => t("countries.entry", { country: row.label, posts: format.number(row.posts) }))
      .join(", "),
  });

  return (
    <Panel title={t("countries.title")} testId="country-chart" className="area-countries">
      {data.length === 0 ? (
        <p className="panel__empty">{t("countries.empty")}</p>
      ) : (
        <figure className="chart">
          {/* One rem-based row per bar, so the chart scales with the type from phones to 4K walls. */}
          <div
            ref={canvasRef}
            className="chart__canvas"
            role="img"
            aria-label={`${t("countries.title")}. ${summary}`}
            style={{ height: `${data.length * 2.25 + 1}rem` }}
          >
            {near ? (
              <Suspense fallback={null}>
                <CountryBars data={data} labelRoom={labelRoom} />
              </Suspense>
            ) : null}
          </div>
          <table className="visually-hidden">
            <caption>{t("countries.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("countries.column.country")}</th>
                <th scope="col">{t("countries.column.posts")}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((row) => (
                <tr key={row.code}>
                  <th scope="row">{row.label}</th>
                  <td>{format.number(row.posts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </Panel>
  );
}
