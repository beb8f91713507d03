import { Bar, BarChart, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_THEME } from "../../lib/chartTheme";
import { useI18n } from "../../hooks/useI18n";
import { OTHER_COUNTRIES, type CountryRow } from "./dashboardData";

/** A country's row as the chart draws it: its posts and its name in the UI language. */
export type CountryBarRow = CountryRow & { label: string };

/**
 * The country chart's bars (Recharts). Its own chunk, loaded lazily by `CountryChart`: the dashboard's numbers
 * paint before the chart library has arrived. `labelRoom` is the room on the right for the value labels, in px.
 */
export function CountryBars({ data, labelRoom }: { data: CountryBarRow[]; labelRoom: number }) {
  const { t, format } = useI18n();
  return (
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
  );
}
