/**
 * The soak's figures: written whole (every sample) to a JSON file in the temporary folder, and summed up in a
 * few lines for the test output.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Totals } from "@pulse/shared";
import type { DayCounts } from "./simulated-day.js";
import type { Resident } from "@pulse/testkit/process-memory";
import type { ListenerDetail, PageReading } from "./soak-probes.js";

/** One reading, taken on the wall's counter scene. */
export interface Sample {
  /** Seconds since the server started. */
  at: number;
  /** The simulator's state and the posts it has delivered so far. */
  state: string;
  posts: number;
  /** RSS read right after the heap's forced full GC. */
  server: Resident & { heap: number };
  page: PageReading;
  /** The machine's 1-minute load average: the machine may be shared. */
  load: number;
}

/** Everything a soak run measured. */
export interface SoakFigures {
  size: { name: string; speed: number; rotate: number };
  seed: number;
  expected: DayCounts;
  samples: Sample[];
  baseline: Sample;
  end: Sample;
  /** The page's compiled code at the baseline and at the end, bytes. */
  pageCode: { baseline: number; end: number };
  listeners: { start: ListenerDetail; baseline: ListenerDetail; end: ListenerDetail };
  /** Page readings taken again at the next showing of the counter scene, because it had left before they were done. */
  pageRereads: number;
  final: { snapshotTotals: Totals; wallTotal: number; live: string | null; offlineBanner: number };
  /** The bounds the end readings are held to, bytes. */
  limits: Record<string, number>;
  serverProblems: unknown[];
  pageErrors: string[];
}

const MB = 1024 * 1024;

/** Growth from `from` to `to`, in percent, to one decimal. */
export function growthPercent(from: number, to: number): number {
  return Math.round(((to - from) / from) * 1000) / 10;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Writes the figures to `pulse-soak-<size>-<time>.json` in the temporary folder; returns its path. */
export function writeSoakReport(figures: SoakFigures): string {
  const { baseline, end, pageCode } = figures;
  const stored = end.posts - baseline.posts;
  const file = path.join(tmpdir(), `pulse-soak-${figures.size.name}-${Date.now()}.json`);
  const growth = {
    serverRss: growthPercent(baseline.server.rss, end.server.rss),
    serverHeap: growthPercent(baseline.server.heap, end.server.heap),
    serverHeapBytesPerStoredPost: Math.round((end.server.heap - baseline.server.heap) / Math.max(1, stored)),
    pageHeap: growthPercent(baseline.page.heapUsed, end.page.heapUsed),
    pageCompiledCode: growthPercent(pageCode.baseline, pageCode.end),
    pageHeapLessCode: growthPercent(baseline.page.heapUsed - pageCode.baseline, end.page.heapUsed - pageCode.end),
  };
  const limitsMB = Object.fromEntries(Object.entries(figures.limits).map(([k, v]) => [k, Math.round((v / MB) * 10) / 10]));
  writeFileSync(file, JSON.stringify({ finishedAt: new Date().toISOString(), durationS: end.at, growthPercent: growth, limitsMB, ...figures }, null, 2));
  return file;
}

/** A few lines for the test output. */
export function describeSoak(figures: SoakFigures, file: string): string {
  const { baseline, end, samples, pageCode, listeners } = figures;
  const first = samples[0] ?? baseline;
  const mb = (n: number) => (n / MB).toFixed(1);
  const stored = end.posts - baseline.posts;
  return [
    `soak ${figures.size.name}: ${end.at} s, ${end.posts} posts (expected ${figures.expected.posts}), report ${file}`,
    `  baseline at ${baseline.at} s (${baseline.posts} posts) → end`,
    `  server RSS ${mb(baseline.server.rss)} → ${mb(end.server.rss)} MB (${growthPercent(baseline.server.rss, end.server.rss)} %), ` +
      `peak ${mb(end.server.peak)} MB`,
    `  server heap ${mb(baseline.server.heap)} → ${mb(end.server.heap)} MB (${growthPercent(baseline.server.heap, end.server.heap)} %, ` +
      `${Math.round((end.server.heap - baseline.server.heap) / Math.max(1, stored))} B per stored post)`,
    `  page heap ${mb(baseline.page.heapUsed)} → ${mb(end.page.heapUsed)} MB (${growthPercent(baseline.page.heapUsed, end.page.heapUsed)} %), ` +
      `of which code ${mb(pageCode.baseline)} → ${mb(pageCode.end)} MB, the rest ` +
      `${growthPercent(baseline.page.heapUsed - pageCode.baseline, end.page.heapUsed - pageCode.end)} %`,
    `  page listeners ${first.page.listeners} at start, ${baseline.page.listeners} → ${end.page.listeners}; ` +
      `DOM nodes ${first.page.nodes} at start, ${baseline.page.nodes} → ${end.page.nodes}; ` +
      `${figures.pageRereads} readings taken again as the counter scene left`,
    `  window listeners ${total(listeners.start.window)} at start, ${total(listeners.baseline.window)} → ${total(listeners.end.window)}; ` +
      `document ${total(listeners.start.document)}, ${total(listeners.baseline.document)} → ${total(listeners.end.document)}`,
    `  socket.io listeners ${total(listeners.start.socketIo.byEvent)} on ${listeners.start.socketIo.emitters} emitters at start, ` +
      `${total(listeners.end.socketIo.byEvent)} on ${listeners.end.socketIo.emitters} at the end; ` +
      `WebSockets ${JSON.stringify(listeners.end.webSockets)}`,
    `  load ${samples.map((s) => s.load.toFixed(2)).join(" ")}`,
  ].join("\n");
}
