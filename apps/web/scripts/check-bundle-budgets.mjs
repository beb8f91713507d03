#!/usr/bin/env node
// @ts-check
/**
 * Fails the build when a page loads more gzipped JS than its budget, or what it must not load. Run after
 * `vite build` (the `build` script does); prints the table either way. Usage:
 * `node scripts/check-bundle-budgets.mjs [dist]`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkBudgets, formatTable, KB } from "./bundle-budgets.mjs";

/** Chart code: Recharts and the libraries it brings. */
const CHART_LIBRARIES = /node_modules\/(recharts|victory-vendor|d3-[a-z-]+|@reduxjs\/toolkit|redux|react-redux|reselect|immer|decimal\.js-light)\//;
/** Recharts and the state libraries it brings, without d3 (which the plain-SVG timelines use too). */
const RECHARTS = /node_modules\/(recharts|victory-vendor|@reduxjs\/toolkit|redux|react-redux|reselect|immer|decimal\.js-light)\//;
/** Chart code, React, or anything else heavy the counter must do without. */
const NOT_IN_COUNTER = /node_modules\/(recharts|victory-vendor|d3-[a-z-]+|@reduxjs\/toolkit|redux|react-redux|reselect|immer|decimal\.js-light|react|react-dom|scheduler|zod)\//;

/** @type {import("./bundle-budgets.mjs").Budget[]} */
export const BUDGETS = [
  {
    // What `/` loads before its first numbers: the entry, the app's shell and the dashboard's route (lazy chunks
    // the entry starts at once) and what they import. The charts' drawings are lazy chunks of their own, loaded
    // once there is data to draw.
    name: "dashboard / first paint",
    html: "index.html",
    lazy: ["src/app.tsx", "src/features/dashboard/DashboardPage.tsx"],
    maxBytes: 125 * KB,
    forbid: CHART_LIBRARIES,
    forbidLabel: "a chart library (the charts load lazily, after the first numbers)",
  },
  {
    // What `/` draws above the fold on a phone: the timeline is plain SVG (d3's arithmetic), not Recharts, whose
    // store made the first chart render one long task (Lighthouse's TBT on `/`). The country bars, further down,
    // load Recharts when they come near the screen.
    name: "dashboard / timeline",
    html: "index.html",
    lazy: ["src/app.tsx", "src/features/dashboard/DashboardPage.tsx", "src/features/dashboard/TimelineArea.tsx"],
    maxBytes: 150 * KB,
    forbid: RECHARTS,
    forbidLabel: "Recharts (the timeline is plain SVG)",
  },
  {
    name: "dashboard / with charts",
    html: "index.html",
    lazy: ["src/app.tsx", "src/features/dashboard/DashboardPage.tsx", "src/features/dashboard/TimelineArea.tsx", "src/features/dashboard/CountryBars.tsx"],
    maxBytes: 250 * KB,
  },
  {
    name: "embed counter",
    html: "embed/counter.html",
    maxBytes: 25 * KB,
    forbid: NOT_IN_COUNTER,
    forbidLabel: "React or a chart library",
  },
  { name: "embed countries", html: "embed/countries.html", maxBytes: 100 * KB, forbid: CHART_LIBRARIES, forbidLabel: "a chart library" },
  { name: "embed timeline", html: "embed/timeline.html", maxBytes: 230 * KB },
  { name: "embed feed", html: "embed/feed.html", maxBytes: 100 * KB, forbid: CHART_LIBRARIES, forbidLabel: "a chart library" },
  // Vanilla like the counter; Europe's shapes are drawn at build time, so no d3 or topojson reaches the page.
  { name: "embed map", html: "embed/map.html", maxBytes: 60 * KB, forbid: NOT_IN_COUNTER, forbidLabel: "React or a chart library" },
  {
    name: "embed organization",
    html: "embed/organization.html",
    maxBytes: 40 * KB,
    forbid: NOT_IN_COUNTER,
    forbidLabel: "React or a chart library",
  },
  { name: "loader /embed.js", files: ["embed.js"], maxBytes: 3 * KB },
];

/** Checks `dist` against {@link BUDGETS}, prints the table, and returns the exit code. */
export function main(dist) {
  try {
    const results = checkBudgets(BUDGETS, dist);
    console.log(`Bundle budgets: gzipped JS each page loads (${path.relative(process.cwd(), dist) || "."})\n`);
    console.log(formatTable(results));
    if (results.every((r) => r.problems.length === 0)) return 0;
    console.error("\nBundle budget exceeded: the build fails. Trim the page, split it, or raise the budget on purpose.");
  } catch (error) {
    console.error(`Bundle budgets could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
  return 1;
}

// Run as a script, not when imported (the tests import BUDGETS).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  process.exitCode = main(path.resolve(process.argv[2] ?? path.join(here, "..", "dist")));
}
