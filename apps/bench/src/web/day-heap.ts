/**
 * The wall page's JS heap over a simulated day: this bench cannot play a day, the wall soak does
 * (apps/e2e/test/soak, `npm run soak:long -w @pulse/e2e`). `npm run bench:web -- --soak <report>` takes the figure
 * from the report that soak wrote; without it, the figure of the previous `web.json` is carried over, with its source.
 */
import { readFile } from "node:fs/promises";
import type { SourcedFigure } from "./web-stats.js";

/** The parts of a soak report (apps/e2e/test/soak/soak-report.ts) read here. */
interface SoakReport {
  finishedAt?: string;
  durationS: number;
  size: { name: string; speed: number };
  growthPercent: { pageHeap: number; pageCompiledCode: number; pageHeapLessCode: number };
  baseline: { at: number; page: { heapUsed: number } };
  end: { page: { heapUsed: number } };
}

function isSoakReport(value: unknown): value is SoakReport {
  const r = value as Partial<SoakReport> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.durationS === "number" &&
    typeof r.size?.name === "string" &&
    typeof r.growthPercent?.pageHeap === "number" &&
    typeof r.baseline?.page?.heapUsed === "number" &&
    typeof r.end?.page?.heapUsed === "number"
  );
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);

/** The page-heap growth of a soak report, with where it comes from; throws when `report` is not one. */
export function dayHeapFromSoak(report: unknown, file: string): SourcedFigure {
  if (!isSoakReport(report)) {
    throw new Error(`${file} is not a soak report: expected durationS, size, growthPercent.pageHeap and the page's heapUsed at baseline and end`);
  }
  const g = report.growthPercent;
  return {
    value: g.pageHeap,
    source:
      `the wall soak (${report.size.name} size, SIM_SPEED ${report.size.speed}, ${Math.round(report.durationS)} s` +
      `${report.finishedAt ? `, finished ${report.finishedAt}` : ""}), ${file}: page JS heap after GC ` +
      `${mb(report.baseline.page.heapUsed)} → ${mb(report.end.page.heapUsed)} MB from the warm-up (${Math.round(report.baseline.at)} s) to the end of the day ` +
      `(${g.pageHeap >= 0 ? "+" : ""}${g.pageHeap} %; compiled code ${g.pageCompiledCode >= 0 ? "+" : ""}${g.pageCompiledCode} %, the rest ${g.pageHeapLessCode >= 0 ? "+" : ""}${g.pageHeapLessCode} %)`,
  };
}

/** The figure a previous `web.json` held, carried over (null when there is none). */
export function carriedDayHeap(previous: unknown): SourcedFigure {
  const p = previous as { summary?: { dayHeapGrowthPct?: unknown }; sources?: { dayHeapGrowthPct?: unknown }; machine?: { date?: unknown } } | null;
  const value = p?.summary?.dayHeapGrowthPct;
  const source = p?.sources?.dayHeapGrowthPct;
  if (typeof value !== "number" || typeof source !== "string") {
    return { value: null, source: "not measured: run the wall soak and pass its report, `npm run bench:web -- --soak <file>`" };
  }
  const carried = "carried over from the previous web.json: ";
  return { value, source: source.startsWith(carried) ? source : `${carried}${source}` };
}

/** Reads the figure: from `soakFile` when given, else from `resultsDir`'s web.json as it was before this run. */
export async function readDayHeapGrowth(soakFile: string | undefined, resultsDir: string): Promise<SourcedFigure> {
  if (soakFile) return dayHeapFromSoak(JSON.parse(await readFile(soakFile, "utf8")), soakFile);
  try {
    return carriedDayHeap(JSON.parse(await readFile(`${resultsDir}web.json`, "utf8")));
  } catch {
    return carriedDayHeap(null);
  }
}
