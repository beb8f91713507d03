/**
 * The pure arithmetic of `npm run bench:web`: what the page probe recorded, turned into the figures of the
 * report and the `summary` shape that outside checks read. No clock, no I/O: unit-tested from samples.
 */
import { percentileOf } from "../floor-latency.js";
import type { ScheduledBatch } from "../sampled-clients.js";

/** The frame budget of a 30 fps floor: frames longer than this count as janky. */
export const SLOW_FRAME_MS = 33;
/** The main-thread budget of a task; the part beyond it counts as blocking time (Lighthouse's TBT rule). */
export const LONG_TASK_BUDGET_MS = 50;

/** The `q` quantile (0..1) of `values`, nearest rank ({@link percentileOf}, the server bench's); null for none. */
export function percentile(values: readonly number[], q: number): number | null {
  return values.length === 0 ? null : percentileOf([...values].sort((a, b) => a - b), q * 100);
}

/** Median fps and the share of frames over {@link SLOW_FRAME_MS}, from rAF intervals (ms). */
export function frameStats(intervals: readonly number[]): { frames: number; fpsMedian: number | null; slowFramePct: number | null } {
  const median = percentile(intervals, 0.5);
  const slow = intervals.filter((ms) => ms > SLOW_FRAME_MS).length;
  return {
    frames: intervals.length,
    fpsMedian: median === null || median <= 0 ? null : round(1000 / median, 1),
    slowFramePct: intervals.length === 0 ? null : round((slow / intervals.length) * 100, 1),
  };
}

/** Count, longest, sum and total blocking time of long tasks (ms). */
export function longTaskStats(durations: readonly number[]): { count: number; longestMs: number; totalMs: number; blockingMs: number } {
  return {
    count: durations.length,
    longestMs: round(Math.max(0, ...durations), 0),
    totalMs: round(durations.reduce((sum, d) => sum + d, 0), 0),
    blockingMs: round(durations.reduce((sum, d) => sum + Math.max(0, d - LONG_TASK_BUDGET_MS), 0), 0),
  };
}

/** How long after a scene change a long task counts as the change's (ms). */
export const SCENE_CHANGE_WINDOW_MS = 1_000;

/**
 * The long tasks that start within {@link SCENE_CHANGE_WINDOW_MS} of a scene change (or up to 100 ms before it:
 * the render that puts the scene in the DOM starts before the stamp): their count and total time, and the longest
 * of them by the scene that came on screen (so a step's long tasks name the scene whose mount to look at).
 */
export function longTasksAtSceneChanges(
  tasks: readonly { at: number; durationMs: number }[],
  changes: readonly { at: number; scene?: string }[],
): { count: number; totalMs: number; longestByScene: Record<string, number> } {
  const longestByScene: Record<string, number> = {};
  let count = 0;
  let totalMs = 0;
  for (const task of tasks) {
    const change = changes.find((c) => task.at >= c.at - 100 - task.durationMs && task.at <= c.at + SCENE_CHANGE_WINDOW_MS);
    if (!change) continue;
    count += 1;
    totalMs += task.durationMs;
    const scene = change.scene ?? "?";
    longestByScene[scene] = Math.max(longestByScene[scene] ?? 0, round(task.durationMs, 0));
  }
  return { count, totalMs: round(totalMs, 0), longestByScene };
}

/**
 * Post to pixels: for each batch the load generator sent, the time from its scheduled send to the first DOM
 * stamp whose total reaches `base + batch.cumulative` (every post of the batch is then counted on screen),
 * weighted by the batch's size. A batch never shown by `endAt` counts with `endAt` (a lower bound) and in `missing`.
 */
export function postToPixels(
  batches: readonly ScheduledBatch[],
  stamps: readonly { at: number; value: number }[],
  base: number,
  endAt: number,
): { p50Ms: number | null; p99Ms: number | null; posts: number; missing: number } {
  const ordered = [...stamps].sort((a, b) => a.at - b.at);
  const latencies: number[] = [];
  let missing = 0;
  let cursor = 0;
  let reached = -Infinity;
  for (const batch of [...batches].sort((a, b) => a.cumulative - b.cumulative)) {
    const needed = base + batch.cumulative;
    // Stamps are scanned once: the running maximum only grows, and so does `needed`.
    while (reached < needed && cursor < ordered.length) {
      const stamp = ordered[cursor] as { at: number; value: number };
      if (stamp.value >= needed) {
        reached = stamp.value;
        break;
      }
      cursor += 1;
    }
    const stamp = ordered[cursor];
    const shownAt = stamp && stamp.value >= needed ? stamp.at : null;
    if (shownAt === null) missing += batch.size;
    const latency = Math.max(0, (shownAt ?? endAt) - batch.scheduledAt);
    for (let i = 0; i < batch.size; i += 1) latencies.push(latency);
  }
  return { p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), posts: latencies.length, missing };
}

/** Chromium's cumulative main-thread counters (`Performance.getMetrics`), in seconds, as CDP gives them. */
export type RendererMetrics = ReadonlyArray<{ name: string; value: number }>;

/**
 * The main thread's work between two readings of {@link RendererMetrics}, as a share of the wall time between
 * them: all of its tasks (`TaskDuration`) and the script in them (`ScriptDuration`), in percent. It sees every
 * task, the short ones too, so it tells two pages apart when neither has a long task. Null where the counter is
 * missing or no time passed.
 */
export function mainThreadShare(before: RendererMetrics, after: RendererMetrics, elapsedMs: number): { busyPct: number | null; scriptPct: number | null } {
  const delta = (name: string): number | null => {
    const a = before.find((m) => m.name === name)?.value;
    const b = after.find((m) => m.name === name)?.value;
    return a === undefined || b === undefined ? null : b - a;
  };
  const pct = (seconds: number | null) => (seconds === null || elapsedMs <= 0 ? null : round(Math.max(0, (seconds * 1000 * 100) / elapsedMs), 1));
  return { busyPct: pct(delta("TaskDuration")), scriptPct: pct(delta("ScriptDuration")) };
}

/** One measured step of the wall (Pulse or the baseline) or nothing when the step did not run. */
export interface WallStep {
  client: "pulse" | "naive";
  cpuThrottle: number;
  viewport: { width: number; height: number };
  rate: number;
  /** Run with `prefers-reduced-motion: reduce` (the total changes at once, without the count-up's roll). */
  reducedMotion?: boolean;
  seconds: number;
  frames: number;
  fpsMedian: number | null;
  slowFramePct: number | null;
  longTasks: number;
  longestTaskMs: number;
  longTaskTotalMs: number;
  /** Long tasks starting around a scene change ({@link longTasksAtSceneChanges}): count and total ms. */
  longTasksAtSceneChange: number;
  longTaskMsAtSceneChange: number;
  /** Of those, the longest by the scene that came on screen, ms (results written before 2026-12-08 02:45 lack it). */
  longestTaskByScene: Record<string, number>;
  postToPixelsP50Ms: number | null;
  postToPixelsP99Ms: number | null;
  postsScheduled: number;
  postsNotShown: number;
  heapAfterGcMB: number | null;
  /** The main thread's busy share over the step, all tasks and their script ({@link mainThreadShare}), percent. */
  mainThreadBusyPct: number | null;
  scriptPct: number | null;
  scenesSeen: string[];
}

/** The counter widget on the partner page. */
export interface CounterEmbedResult {
  cpuThrottle: number;
  /**
   * What the widget costs the partner page (ms, median over the loads with it): the blocking time of the long
   * tasks its own frame observed, plus that of the partner's tasks the `/embed.js` loader ran in (see
   * `widget-cost.ts`). The partner's own long tasks are not in it: they are in `pageTotalBlockingTimeMs`.
   */
  totalBlockingTimeMs: number;
  /** Blocking time of the long tasks the widget's own frame observed (median load), or null when its frame was not found. */
  widgetFrameBlockingMs: number | null;
  /** Blocking time of the partner's tasks the loader ran in (median load), ms. */
  loaderBlockingMs: number | null;
  /** The loader's own script time in the partner's frame (median load), ms. */
  loaderScriptMs: number | null;
  /** Each load's widget cost, ms, as `totalBlockingTimeMs` counts it. */
  widgetBlockingPerLoadMs: number[];
  /** The whole partner page's blocking time with the widget (its less disturbed load): mostly the partner's own scripts. */
  pageTotalBlockingTimeMs: number;
  /** The same partner page without the widget (its less disturbed load). */
  totalBlockingTimeWithoutWidgetMs: number | null;
  /** Median over the loads with the widget of the time from navigation to its first number, ms. */
  firstNumberMs: number | null;
  /** Each load's first number, ms (null where none showed in the window). */
  firstNumberPerLoadMs: (number | null)[];
  bytesFromPulse: number;
  requestsToPulse: number;
}

/** Lighthouse's scores of one page, 0–100, or null with the reason it did not run. */
export interface LighthouseScores {
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  error?: string;
  /** Set when the first run failed and these scores are the second's: the first one's error. */
  retriedAfter?: string;
}

/**
 * Lighthouse's scores of one page, run once more when the first run comes back with an error (its trace recording
 * sometimes fails: `NO_NAVSTART`, "Please run Lighthouse again"). The second run's scores are kept, whatever they
 * are, with the first run's error in `retriedAfter`; `onRetry` hears of the retry.
 */
export async function lighthouseWithRetry(run: () => Promise<LighthouseScores>, onRetry: (error: string) => void): Promise<LighthouseScores> {
  const first = await run();
  if (first.error === undefined) return first;
  onRetry(first.error);
  return { ...(await run()), retriedAfter: first.error };
}

/** A figure the bench does not measure itself: its value, or null, and where it comes from. */
export interface SourcedFigure {
  value: number | null;
  source: string;
}

/** The summary shape, exactly: read by outside checks. */
export interface WebSummary {
  wall1080: WallFigures | null;
  wall4k: WallFigures | null;
  baseline1080: WallFigures | null;
  counterEmbed: { totalBlockingTimeMs: number; firstNumberMs: number | null } | null;
  dayHeapGrowthPct: number | null;
  clientsToFloorRatio: number | null;
  lighthouse: Record<"/" | "/wall" | "/embed/counter", { performance: number | null; accessibility: number | null }>;
}

/** The three figures of a wall step in the summary. */
export interface WallFigures {
  fpsMedian: number | null;
  longestTaskMs: number;
  postToPixelsP99Ms: number | null;
}

/**
 * The step the summary and the baseline ratios take for a client and a height: 4× throttling, 1,000 posts/s, with
 * the count-up's roll (not a reduced-motion step); undefined where it did not run.
 */
export function summaryStep(steps: readonly WallStep[], client: WallStep["client"], height: number): WallStep | undefined {
  return steps.find((s) => s.client === client && s.viewport.height === height && s.cpuThrottle === 4 && s.rate === 1000 && !s.reducedMotion);
}

/** The summary: wall steps at 4× throttling and 1,000 posts/s; null where a step did not run. */
export function shapeSummary(input: {
  steps: readonly WallStep[];
  counter: CounterEmbedResult | null;
  lighthouse: Partial<Record<"/" | "/wall" | "/embed/counter", LighthouseScores>>;
  dayHeapGrowth: SourcedFigure;
  clientsToFloor: SourcedFigure;
}): WebSummary {
  const pick = (client: WallStep["client"], height: number): WallFigures | null => {
    const step = summaryStep(input.steps, client, height);
    return step ? { fpsMedian: step.fpsMedian, longestTaskMs: step.longestTaskMs, postToPixelsP99Ms: step.postToPixelsP99Ms } : null;
  };
  const scores = (page: "/" | "/wall" | "/embed/counter") => ({
    performance: input.lighthouse[page]?.performance ?? null,
    accessibility: input.lighthouse[page]?.accessibility ?? null,
  });
  return {
    wall1080: pick("pulse", 1080),
    wall4k: pick("pulse", 2160),
    baseline1080: pick("naive", 1080),
    counterEmbed: input.counter && { totalBlockingTimeMs: input.counter.totalBlockingTimeMs, firstNumberMs: input.counter.firstNumberMs },
    dayHeapGrowthPct: input.dayHeapGrowth.value,
    clientsToFloorRatio: input.clientsToFloor.value,
    lighthouse: { "/": scores("/"), "/wall": scores("/wall"), "/embed/counter": scores("/embed/counter") },
  };
}

/** How many times better Pulse is than the baseline (baseline ÷ Pulse), or null when either is missing or zero. */
export function ratio(baseline: number | null | undefined, pulse: number | null | undefined): number | null {
  if (baseline == null || pulse == null || pulse <= 0) return null;
  return round(baseline / pulse, 2);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
