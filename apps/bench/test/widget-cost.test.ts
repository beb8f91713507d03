import { describe, expect, it } from "vitest";
import { loaderCost, widgetBlockingMs, type TraceEvent } from "../src/web/widget-cost.js";

const LOADER = "http://pulse.example/embed.js";
const isLoader = (url: string) => url === LOADER;

/** A task on the partner's main thread (pid 1, tid 1), from `at` ms for `ms` ms. */
const task = (at: number, ms: number, tid = 1): TraceEvent => ({ name: "RunTask", ph: "X", pid: 1, tid, ts: at * 1000, dur: ms * 1000 });
/** A script event of `url` inside it. */
const script = (name: string, url: string, at: number, ms: number, tid = 1): TraceEvent => ({
  name,
  ph: "X",
  pid: 1,
  tid,
  ts: at * 1000,
  dur: ms * 1000,
  args: { data: { url } },
});

describe("loaderCost", () => {
  it("finds the tasks the loader ran in, their blocking time, and the loader's own script time", () => {
    const events: TraceEvent[] = [
      // The partner's long task: not the loader's.
      task(0, 200),
      script("EvaluateScript", "http://partner.example/app.js", 0, 190),
      // The loader's evaluation, in a task of 70 ms (20 ms blocking), with a call nested in it.
      task(300, 70),
      script("EvaluateScript", LOADER, 301, 60),
      script("FunctionCall", LOADER, 310, 10),
      // Its message handler later, a short task.
      task(900, 8),
      script("EventDispatch", LOADER, 901, 5),
      // The widget's own frame, on another thread, is not the loader's even at the same time.
      task(300, 120, 2),
    ];
    expect(loaderCost(events, isLoader)).toEqual({ tasks: 2, scriptMs: 65, blockingMs: 20 });
  });

  it("is nothing when the loader never ran", () => {
    expect(loaderCost([task(0, 200)], isLoader)).toEqual({ tasks: 0, scriptMs: 0, blockingMs: 0 });
  });
});

describe("widgetBlockingMs", () => {
  it("adds its frame's blocking time (beyond 50 ms per task) and the loader's tasks' blocking time", () => {
    expect(widgetBlockingMs({ frameLongTasksMs: [93, 51, 40], loaderBlockingMs: 20 })).toBe(64);
    expect(widgetBlockingMs({ frameLongTasksMs: [], loaderBlockingMs: 0 })).toBe(0);
  });
});
