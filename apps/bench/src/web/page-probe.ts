/**
 * What the bench injects into every page it measures (an init script, so it runs before the page's own code,
 * in every frame): rAF intervals, long tasks, and a MutationObserver that stamps each new value of the live
 * total (the wall's `wall-total`, the counter widget's `counter-value`) with the wall clock the load generator
 * also uses (`Date.now()`: same machine, same clock).
 */

/** What the probe has recorded in one frame since its last reset. */
export interface ProbeSamples {
  /** rAF intervals, ms. */
  frameIntervals: number[];
  /** Long tasks: duration ms and `Date.now()` at their start. */
  longTasks: { at: number; durationMs: number }[];
  /** Each new value of the total shown, with `Date.now()` when it reached the DOM. */
  stamps: { at: number; value: number }[];
  /** Each scene the wall put on screen (`data-scene`), with `Date.now()` when it reached the DOM. */
  sceneChanges: { at: number; scene: string }[];
}

/** The global the probe lives on. */
export const PROBE_GLOBAL = "__pulseBench";

/**
 * The init script itself; serialised by playwright (`addInitScript`), so it must not close over anything.
 * Memory stays bounded: each series keeps its latest 20,000 entries.
 */
export function installProbe(): void {
  const cap = 20_000;
  const push = <T>(list: T[], item: T): void => {
    list.push(item);
    if (list.length > cap) list.splice(0, list.length - cap);
  };
  const state = { frameIntervals: [] as number[], longTasks: [] as { at: number; durationMs: number }[], stamps: [] as { at: number; value: number }[], sceneChanges: [] as { at: number; scene: string }[] };
  let lastFrame = 0;
  let lastValue = -1;
  let lastScene = "";
  const frame = (t: number): void => {
    if (lastFrame > 0) push(state.frameIntervals, t - lastFrame);
    lastFrame = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) push(state.longTasks, { at: performance.timeOrigin + e.startTime, durationMs: e.duration });
    }).observe({ entryTypes: ["longtask"] });
  } catch {
    // No longtask support: the series stays empty and the report says 0.
  }
  const read = (): void => {
    const scene = document.querySelector("[data-scene]")?.getAttribute("data-scene") ?? "";
    if (scene !== lastScene) {
      lastScene = scene;
      if (scene) push(state.sceneChanges, { at: Date.now(), scene });
    }
    const node = document.querySelector('[data-testid="wall-total"], [data-testid="counter-value"]');
    const digits = node?.textContent?.replace(/\D/g, "") ?? "";
    if (digits === "") return;
    const value = Number(digits);
    if (value !== lastValue) {
      lastValue = value;
      push(state.stamps, { at: Date.now(), value });
    }
  };
  new MutationObserver(read).observe(document, { childList: true, subtree: true, characterData: true });
  (window as unknown as Record<string, unknown>).__pulseBench = {
    take(): typeof state {
      const out = { frameIntervals: state.frameIntervals, longTasks: state.longTasks, stamps: state.stamps, sceneChanges: state.sceneChanges };
      state.frameIntervals = [];
      state.longTasks = [];
      state.stamps = [];
      state.sceneChanges = [];
      return out;
    },
    current: (): number => lastValue,
  };
}
