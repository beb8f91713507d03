import { readFile } from "node:fs/promises";
import { percentileOf } from "./floor-latency.js";
import type { StepResult } from "./report.js";
import type { SourcedFigure } from "./web/web-stats.js";
import type { WriteFloor } from "./write-floor.js";

/** Pulse's many-clients step beside the write floor of the same run. */
export interface ManyClientsFloor {
  clients: number;
  tickMs: number;
  /** Pulse's p99 from a post's scheduled send time to a latency client having the delta that counts it. */
  pulseP99Ms: number;
  /** The floor's p99 for the same thing: the tick's wait plus the bare writes' delivery (floor-latency.ts). */
  floorP99Ms: number;
  /** `pulseP99Ms / floorP99Ms`, to 2 decimals: the issue's target is at most 1.5. */
  ratio: number;
  /** With `--repeat N`: every run's ratio, in run order; this object is the median run's. */
  ratios?: number[];
  floor: WriteFloor;
}

/** Bytes of a WebSocket frame from a server with `payload` bytes: the header is 2 bytes up to 125, 4 up to 65,535, else 10. */
export function wsFrameBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}

/**
 * The frame size of the deltas one client received (`payloads`, in bytes), header included: the median (the
 * typical delta, what the write floor writes) and the mean (the first deltas after a burst are far larger). Null
 * when no delta came.
 */
export function deltaFrameBytes(payloads: readonly number[]): { median: number; mean: number } | null {
  if (payloads.length === 0) return null;
  const frames = payloads.map(wsFrameBytes).sort((a, b) => a - b);
  return { median: percentileOf(frames, 50), mean: Math.round(frames.reduce((a, b) => a + b, 0) / frames.length) };
}

/** The many-clients step and its floor, as the results report them. */
export function compareToFloor(step: StepResult, floor: WriteFloor): ManyClientsFloor {
  return {
    clients: step.clients,
    tickMs: floor.tickMs,
    pulseP99Ms: step.p99Ms,
    floorP99Ms: floor.postLatencyP99Ms,
    ratio: Math.round((step.p99Ms / floor.postLatencyP99Ms) * 100) / 100,
    floor,
  };
}

/**
 * The run of the median ratio (the lower of the two middle ones for an even count), carrying every run's ratio in
 * run order; the run itself when there is one, null when none measured the floor.
 */
export function medianFloorRun(runs: readonly ManyClientsFloor[]): ManyClientsFloor | null {
  if (runs.length === 0) return null;
  if (runs.length === 1) return runs[0] ?? null;
  const ratios = runs.map((r) => r.ratio);
  const median = percentileOf([...ratios].sort((a, b) => a - b), 50);
  return { ...(runs.find((r) => r.ratio === median) as ManyClientsFloor), ratios };
}

/** One line for the bench's output. */
export function floorComparisonLine(m: ManyClientsFloor): string {
  return `${m.clients} clients, tick ${m.tickMs} ms: Pulse p99 ${m.pulseP99Ms} ms, write floor p99 ${m.floorP99Ms} ms: ${m.ratio}× the floor`;
}

/** A results file as far as the floor comparison goes. */
interface ResultsWithFloor {
  machine?: { date?: string };
  manyClientsFloor?: ManyClientsFloor | null;
}

/**
 * The ratio of the newest of `files` (parsed results, with the name each was read from) that measured the floor,
 * saying which run it comes from; null when none did.
 */
export function newestClientsToFloor(files: readonly { name: string; results: ResultsWithFloor }[]): SourcedFigure {
  const measured = files
    .filter((f) => f.results.manyClientsFloor && Number.isFinite(f.results.manyClientsFloor.ratio) && f.results.machine?.date)
    .sort((a, b) => Date.parse(b.results.machine?.date ?? "") - Date.parse(a.results.machine?.date ?? ""));
  const newest = measured[0];
  const m = newest?.results.manyClientsFloor;
  if (!newest || !m) {
    return { value: null, source: "not measured: no server bench result (clients.json, latest.json, full.json) holds a many-clients floor yet" };
  }
  return {
    value: m.ratio,
    source:
      `not measured here (the web bench runs no 10,000 clients): the server bench's many-clients step, ${newest.name}, ` +
      `${newest.results.machine?.date}${m.ratios ? `, the median of ${m.ratios.length} runs (ratios ${m.ratios.join(", ")})` : ""}: ` +
      `Pulse p99 ${m.pulseP99Ms} ms over the write floor's ${m.floorP99Ms} ms, ` +
      `${m.clients} clients, tick ${m.tickMs} ms, ${m.floor.bytes}-byte frames`,
  };
}

/** {@link newestClientsToFloor} over the server bench's result files in `resultsDir` (missing ones skipped). */
export async function latestClientsToFloor(resultsDir: string): Promise<SourcedFigure> {
  const files: { name: string; results: ResultsWithFloor }[] = [];
  for (const name of ["clients.json", "latest.json", "full.json"]) {
    try {
      files.push({ name: `apps/bench/results/${name}`, results: JSON.parse(await readFile(`${resultsDir}${name}`, "utf8")) as ResultsWithFloor });
    } catch {
      // not written yet
    }
  }
  return newestClientsToFloor(files);
}
