import type { RoiCountry, RoiOrganization, TimelinePoint } from "@pulse/shared/client";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "../../hooks/useI18n";

/** The three ROI measures, each with its colour (the CSS classes repeat them, and print them light). */
export const ROI_SERIES = ["offers", "engagement", "hires"] as const;

/** One ROI measure. */
export type RoiSeries = (typeof ROI_SERIES)[number];

/**
 * Series colours per theme: the theme's own kind colours, which keep 3:1 or more on its surfaces. SVG gets
 * them as attributes; staff.css sets the same colours as CSS, which wins in print.
 */
const PALETTES = {
  dark: { offers: "#ffc53d", engagement: "#5cc8ff", hires: "#4ade9b", grid: "#26323f", text: "#eef2f6", tooltip: "#1b2430" },
  light: { offers: "#8a5a00", engagement: "#0a66c2", hires: "#0b7a4b", grid: "#dde3ea", text: "#0f1720", tooltip: "#ffffff" },
} as const;

function palette() {
  return document.documentElement.dataset.theme === "light" ? PALETTES.light : PALETTES.dark;
}

/** The legend of the ROI charts, as HTML so it reads and prints like text. */
function RoiLegend() {
  const { t } = useI18n();
  return (
    <ul className="staff-legend" aria-hidden="true">
      {ROI_SERIES.map((series) => (
        <li key={series}>
          <span className={`staff-swatch staff-swatch--${series}`} /> {t(`staff.roi.${series}`)}
        </li>
      ))}
    </ul>
  );
}

/** Offers, engagement and hires side by side, one group of bars per organization or country. */
export function RoiBarChart({ rows, label }: { rows: (RoiOrganization | RoiCountry)[]; label: string }) {
  const { t, format } = useI18n();
  const colors = palette();
  const data = rows.map((row) => ({
    ...row,
    label: "name" in row ? row.name : format.country(row.country, t("countries.unknown")),
  }));
  if (data.length === 0) return <p className="panel__empty">{t("staff.roi.empty")}</p>;
  return (
    <figure className="staff-chart">
      <div className="staff-chart__canvas" role="img" aria-label={label} style={{ height: `${Math.max(10, data.length * 2.6 + 3)}rem` }}>
        <BarChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={data}
          layout="vertical"
          margin={{ top: 0, right: 24, bottom: 0, left: 0 }}
          accessibilityLayer={false}
          barCategoryGap="20%"
        >
          <CartesianGrid stroke={colors.grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => format.number(value)} />
          <YAxis type="category" dataKey="label" width="auto" tickLine={false} axisLine={false} interval={0} />
          <Tooltip
            formatter={(value, name) => [format.number(Number(value)), t(`staff.roi.${name as RoiSeries}`)]}
            contentStyle={{ background: colors.tooltip, color: colors.text, borderRadius: "0.375rem" }}
          />
          {ROI_SERIES.map((series) => (
            <Bar key={series} dataKey={series} className={`staff-bar staff-bar--${series}`} fill={colors[series]} isAnimationActive={false} maxBarSize={14} />
          ))}
        </BarChart>
      </div>
      <figcaption>
        <RoiLegend />
      </figcaption>
    </figure>
  );
}

/** Posts per minute over the day, for the printed report. */
export function ReportTimeline({ points, label }: { points: TimelinePoint[]; label: string }) {
  const { t, format } = useI18n();
  const colors = palette();
  if (points.length === 0) return <p className="panel__empty">{t("timeline.empty")}</p>;
  return (
    <div className="staff-chart__canvas staff-chart__canvas--timeline" role="img" aria-label={label}>
      <AreaChart responsive style={{ width: "100%", height: "100%" }} data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={colors.grid} vertical={false} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(value: number) => format.time(value)} minTickGap={48} />
        <YAxis width="auto" allowDecimals={false} tickFormatter={(value: number) => format.number(value)} />
        <Area type="monotone" dataKey="posts" className="staff-area" stroke={colors.engagement} fill={colors.engagement} fillOpacity={0.25} isAnimationActive={false} dot={false} />
      </AreaChart>
    </div>
  );
}
