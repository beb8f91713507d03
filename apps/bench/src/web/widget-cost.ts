/**
 * What an embedded widget costs the page that embeds it, from what the bench collects on the partner page:
 * the long tasks the widget's own frame observed, and a CPU profile of the page's main thread, in which the
 * `/embed.js` loader (a classic script run in the partner's own frame) is told apart by its URL.
 */
import { longTaskStats } from "./web-stats.js";

/** The part of a DevTools `Profiler.Profile` this module reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * CPU time (ms) of the samples whose stack holds a frame of a script whose URL `matches`: the time spent in that
 * script's code and in what it called (DOM calls included). Sample i lasts until sample i + 1, as DevTools counts.
 */
export function scriptCpuMs(profile: CpuProfile, matches: (url: string) => boolean): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inScript = new Map<number, boolean>();
  const holds = (id: number): boolean => {
    const known = inScript.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = node !== undefined && (matches(node.callFrame.url) || (up !== undefined && holds(up)));
    inScript.set(id, result);
    return result;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  const stamps = samples.map((_, i) => (at += deltas[i] ?? 0));
  let micros = 0;
  samples.forEach((id, i) => {
    if (holds(id)) micros += Math.max(0, (stamps[i + 1] ?? profile.endTime) - (stamps[i] ?? profile.endTime));
  });
  return Math.round(micros / 100) / 10;
}

/** One load of the partner page with the widget, as the bench saw it. */
export interface WidgetLoad {
  /** Durations (ms) of the long tasks the widget's frame observed. */
  frameLongTasksMs: readonly number[];
  /** CPU time (ms) of the `/embed.js` loader in the partner's frame. */
  loaderCpuMs: number;
}

/**
 * The blocking time the widget adds to the partner page (ms): the blocking time of its frame's long tasks (the
 * frame shares the page's main thread in this bench: same site, one renderer), plus the loader's whole CPU time,
 * counted as blocking as if it all ran in the partner's own long tasks: an upper bound of the loader's share.
 */
export function widgetBlockingMs(load: WidgetLoad): number {
  return Math.round(longTaskStats(load.frameLongTasksMs).blockingMs + load.loaderCpuMs);
}
