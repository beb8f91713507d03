/**
 * What an embedded widget costs the page that embeds it, from what the bench collects on the partner page: the
 * long tasks the widget's own frame observed, and a DevTools trace of the load, in which the `/embed.js` loader
 * (a classic script run in the partner's own frame) is found by its URL, with the tasks it ran in.
 */
import { longTaskStats } from "./web-stats.js";

/** The part of a DevTools trace event this module reads (`ts` and `dur` in microseconds). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string } };
}

/** The loader's share of the partner page's main thread. */
export interface LoaderCost {
  /** Main-thread tasks in which the loader's code ran (its script's evaluation, its event handlers). */
  tasks: number;
  /** The loader's own script time in them (evaluation and calls), ms. */
  scriptMs: number;
  /** Blocking time of those tasks (each one's time beyond 50 ms), ms. */
  blockingMs: number;
}

/** The events that run a script's code, with the script's URL in `args.data.url`. */
const SCRIPT_EVENTS = new Set(["EvaluateScript", "FunctionCall", "v8.evaluateModule", "TimerFire", "EventDispatch"]);

/**
 * The loader's cost from a trace: on each thread where an event runs code of a script whose URL `isLoader`
 * accepts, the top-level tasks (`RunTask`) holding such an event, their count and blocking time, and the
 * loader's own script time. A loader task that also ran the partner's code counts whole: an upper bound.
 */
export function loaderCost(events: readonly TraceEvent[], isLoader: (url: string) => boolean): LoaderCost {
  const loaderEvents = events.filter((e) => e.ph === "X" && SCRIPT_EVENTS.has(e.name) && isLoader(e.args?.data?.url ?? ""));
  const threads = new Set(loaderEvents.map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && threads.has(`${e.pid}:${e.tid}`));
  const holding = tasks.filter((task) =>
    loaderEvents.some((e) => e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts <= task.ts + (task.dur ?? 0)),
  );
  // Nested calls (an event handler inside an evaluation) would count twice: only the outermost loader events.
  const outermost = loaderEvents.filter(
    (e) => !loaderEvents.some((o) => o !== e && o.pid === e.pid && o.tid === e.tid && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.ts < e.ts || (o.dur ?? 0) > (e.dur ?? 0))),
  );
  const ms = (micros: number) => Math.round(micros / 100) / 10;
  return {
    tasks: holding.length,
    scriptMs: ms(outermost.reduce((sum, e) => sum + (e.dur ?? 0), 0)),
    blockingMs: longTaskStats(holding.map((task) => (task.dur ?? 0) / 1000)).blockingMs,
  };
}

/** One load of the partner page with the widget, as the bench saw it. */
export interface WidgetLoad {
  /** Durations (ms) of the long tasks the widget's frame observed. */
  frameLongTasksMs: readonly number[];
  /** Blocking time (ms) of the partner page's tasks the loader ran in. */
  loaderBlockingMs: number;
}

/**
 * The blocking time the widget adds to the partner page (ms): the blocking time of its frame's long tasks, counted
 * as if the frame shared the partner's main thread (in this bench's Chromium it has a process of its own, as a
 * cross-site frame does on a desktop; a phone's browser often keeps it in the page's), plus the blocking time of
 * the partner's tasks the loader ran in.
 */
export function widgetBlockingMs(load: WidgetLoad): number {
  return Math.round(longTaskStats(load.frameLongTasksMs).blockingMs + load.loaderBlockingMs);
}
