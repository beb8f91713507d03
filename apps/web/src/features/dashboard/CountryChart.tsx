import { Bar, BarChart, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { Panel } from "../../components/Panel";
import { CHART_THEME } from "../../lib/chartTheme";
import { remInPx } from "../../lib/remInPx";
import { useI18n } from "../../hooks/useI18n";
import { OTHER_COUNTRIES, type CountryRow } from "./dashboardData";

/** Posts per country as horizontal bars, in the UI language, with a table for assistive technology. */
export function CountryChart({ rows }: { rows: CountryRow[] }) {
  const { t, plural, format } = useI18n();
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
            className="chart__canvas"
            role="img"
            aria-label={`${t("countries.title")}. ${summary}`}
            style={{ height: `${data.length * 2.25 + 1}rem` }}
          >
            <BarChart
              responsive
              style={{ width: "100%", height: "100%" }}
              data={data}
              layout="vertical"
              margin={{ top: 0, right: labelRoom, bottom: 0, left: 0 }}
              accessibilityLayer={false}
            >
              <XAxis type="number" hide domain={[0, "dataMax"]} />
              <YAxis type="category" dataKey="label" width="auto" tickLine={false} axisLine={false} interval={0} />
              <Tooltip
                cursor={{ fill: CHART_THEME.cursor }}
                formatter={(value) => [format.number(Number(value)), t("countries.column.posts")]}
                contentStyle={CHART_THEME.tooltip}
                labelStyle={CHART_THEME.tooltipText}
                itemStyle={CHART_THEME.tooltipText}
              />
              <Bar dataKey="posts" isAnimationActive={false} radius={[0, 4, 4, 0]} maxBarSize={28}>
                {data.map((row) => (
                  <Cell
                    key={row.code}
                    fill={row.code === OTHER_COUNTRIES || row.code === "unknown" ? CHART_THEME.muted : CHART_THEME.primary}
                  />
                ))}
                <LabelList
                  dataKey="posts"
                  position="right"
                  className="chart__value-label"
                  formatter={(value) => format.number(Number(value))}
                />
              </Bar>
            </BarChart>
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
