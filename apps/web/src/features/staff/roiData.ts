import type { RoiOrganization } from "@pulse/shared/client";

/** How many organizations the ROI chart draws; the table lists them all. */
export const ROI_CHART_LIMIT = 12;

/** The organizations worth charting: those with any offer, engagement or hire, in leaderboard order. */
export function chartedOrganizations(rows: readonly RoiOrganization[], limit = ROI_CHART_LIMIT): RoiOrganization[] {
  return rows.filter((row) => row.offers > 0 || row.engagement > 0 || row.hires > 0).slice(0, limit);
}

/** Hires per offer, to two decimals (a day's ratio is often well under one), or a dash without offers. */
export function formatRatio(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}
