import { describe, expect, it } from "vitest";
import { frameStats, lighthouseWithRetry, longTaskStats, longTasksAtSceneChanges, mainThreadShare, percentile, postToPixels, ratio, shapeSummary, type LighthouseScores, type WallStep } from "../src/web/web-stats.js";

function step(client: WallStep["client"], height: number, cpuThrottle: number, rate: number, p99: number): WallStep {
  return {
    client,
    cpuThrottle,
    viewport: { width: height === 1080 ? 1920 : 3840, height },
    rate,
    seconds: 21,
    frames: 100,
    fpsMedian: 60,
    slowFramePct: 1,
    longTasks: 2,
    longestTaskMs: 80,
    longTaskTotalMs: 150,
    longTasksAtSceneChange: 1,
    longTaskMsAtSceneChange: 80,
    longestTaskByScene: { counter: 80 },
    postToPixelsP50Ms: p99 / 2,
    postToPixelsP99Ms: p99,
    postsScheduled: 1000,
    postsNotShown: 0,
    heapAfterGcMB: 7,
    mainThreadBusyPct: 20,
    scriptPct: 10,
    scenesSeen: ["counter"],
  };
}

describe("percentile", () => {
  it("takes the nearest rank and says null for no values", () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("mainThreadShare", () => {
  it("gives the tasks' and the script's share of the elapsed time from two cumulative readings", () => {
    const before = [{ name: "TaskDuration", value: 1.0 }, { name: "ScriptDuration", value: 0.4 }, { name: "Nodes", value: 900 }];
    const after = [{ name: "TaskDuration", value: 3.5 }, { name: "ScriptDuration", value: 1.15 }, { name: "Nodes", value: 950 }];
    expect(mainThreadShare(before, after, 10_000)).toEqual({ busyPct: 25, scriptPct: 7.5 });
  });

  it("says null for a counter Chromium did not give, or no elapsed time", () => {
    expect(mainThreadShare([{ name: "TaskDuration", value: 1 }], [{ name: "TaskDuration", value: 2 }], 4_000)).toEqual({ busyPct: 25, scriptPct: null });
    expect(mainThreadShare([{ name: "TaskDuration", value: 1 }], [{ name: "TaskDuration", value: 2 }], 0)).toEqual({ busyPct: null, scriptPct: null });
  });
});

describe("frameStats", () => {
  it("gives median fps from rAF intervals and the share of frames over 33 ms", () => {
    const stats = frameStats([16.7, 16.7, 16.7, 50, 100]);
    expect(stats.fpsMedian).toBe(59.9);
    expect(stats.slowFramePct).toBe(40);
    expect(frameStats([])).toEqual({ frames: 0, fpsMedian: null, slowFramePct: null });
  });
});

describe("longTaskStats", () => {
  it("counts long tasks, keeps the longest, and sums what each spent beyond 50 ms", () => {
    expect(longTaskStats([60, 555, 51])).toEqual({ count: 3, longestMs: 555, totalMs: 666, blockingMs: 516 });
    expect(longTaskStats([])).toEqual({ count: 0, longestMs: 0, totalMs: 0, blockingMs: 0 });
  });
});

describe("longTasksAtSceneChanges", () => {
  it("keeps the long tasks that start around a scene change, not those between changes, with the longest by scene", () => {
    const tasks = [
      { at: 10_050, durationMs: 400 }, // just after the change at 10,000
      { at: 9_500, durationMs: 450 }, // began before the change and ran into it
      { at: 12_000, durationMs: 90 }, // mid-scene
      { at: 13_200, durationMs: 60 }, // 200 ms before the next change
      { at: 13_900, durationMs: 120.4 }, // after the next change
    ];
    expect(longTasksAtSceneChanges(tasks, [{ at: 10_000, scene: "feed" }, { at: 13_400, scene: "map" }])).toEqual({
      count: 3,
      totalMs: 970,
      longestByScene: { feed: 450, map: 120 },
    });
    expect(longTasksAtSceneChanges(tasks, [])).toEqual({ count: 0, totalMs: 0, longestByScene: {} });
  });
});

describe("postToPixels", () => {
  it("times each batch from its scheduled send to the first stamp whose total covers it, weighted by its size", () => {
    const batches = [
      { scheduledAt: 1_000, size: 50, cumulative: 50 },
      { scheduledAt: 1_050, size: 50, cumulative: 100 },
    ];
    // The total was 500 before the step; it showed 530, then 550 at 1,300, then 600 at 1,400.
    const stamps = [
      { at: 1_200, value: 530 },
      { at: 1_300, value: 550 },
      { at: 1_400, value: 600 },
    ];
    const result = postToPixels(batches, stamps, 500, 9_000);
    expect(result).toEqual({ p50Ms: 300, p99Ms: 350, posts: 100, missing: 0 });
  });

  it("counts a batch never shown with the end of the step, as a lower bound, and as missing", () => {
    const result = postToPixels([{ scheduledAt: 1_000, size: 10, cumulative: 10 }], [{ at: 1_100, value: 5 }], 0, 4_000);
    expect(result).toEqual({ p50Ms: 3_000, p99Ms: 3_000, posts: 10, missing: 10 });
  });
});

describe("shapeSummary", () => {
  it("leaves the reduced-motion steps out of the summary, wherever they come", () => {
    const noRoll = (client: WallStep["client"], p99: number): WallStep => ({ ...step(client, 1080, 4, 1000, p99), reducedMotion: true });
    const summary = shapeSummary({
      steps: [noRoll("pulse", 250), step("pulse", 1080, 4, 1000, 400), noRoll("naive", 260), step("naive", 1080, 4, 1000, 450)],
      counter: null,
      lighthouse: {},
      dayHeapGrowth: { value: null, source: "none" },
      clientsToFloor: { value: null, source: "none" },
    });
    expect(summary.wall1080?.postToPixelsP99Ms).toBe(400);
    expect(summary.baseline1080?.postToPixelsP99Ms).toBe(450);
  });

  it("takes the wall steps at 4× and 1,000 posts/s, in the issue's exact shape, null where nothing ran", () => {
    const summary = shapeSummary({
      steps: [step("pulse", 1080, 1, 1000, 10), step("pulse", 1080, 4, 1000, 400), step("naive", 1080, 4, 1000, 2000), step("pulse", 1080, 4, 100, 20)],
      counter: {
        cpuThrottle: 4,
        totalBlockingTimeMs: 30,
        widgetFrameBlockingMs: 25,
        loaderBlockingMs: 0,
        loaderScriptMs: 5,
        widgetBlockingPerLoadMs: [30, 28, 40],
        pageTotalBlockingTimeMs: 200,
        totalBlockingTimeWithoutWidgetMs: 190,
        firstNumberMs: 900,
        firstNumberPerLoadMs: [850, 900, null],
        bytesFromPulse: 1,
        requestsToPulse: 1,
      },
      lighthouse: { "/": { performance: 91, accessibility: 100, bestPractices: 96 } },
      dayHeapGrowth: { value: 10.7, source: "soak" },
      clientsToFloor: { value: null, source: "not built" },
    });
    expect(summary).toEqual({
      wall1080: { fpsMedian: 60, longestTaskMs: 80, postToPixelsP99Ms: 400 },
      wall4k: null,
      baseline1080: { fpsMedian: 60, longestTaskMs: 80, postToPixelsP99Ms: 2000 },
      counterEmbed: { totalBlockingTimeMs: 30, firstNumberMs: 900 },
      dayHeapGrowthPct: 10.7,
      clientsToFloorRatio: null,
      lighthouse: {
        "/": { performance: 91, accessibility: 100 },
        "/wall": { performance: null, accessibility: null },
        "/embed/counter": { performance: null, accessibility: null },
      },
    });
    expect(ratio(2000, 400)).toBe(5);
    expect(ratio(null, 400)).toBeNull();
  });
});

describe("lighthouseWithRetry", () => {
  const good: LighthouseScores = { performance: 97, accessibility: 100, bestPractices: 100 };
  const failed: LighthouseScores = { performance: null, accessibility: 100, bestPractices: null, error: "first-contentful-paint: (NO_NAVSTART)" };
  /** A Lighthouse stand-in answering each call with the next of `answers`, and counting the calls. */
  const runs = (...answers: LighthouseScores[]) => {
    const calls = { count: 0 };
    return { calls, run: () => Promise.resolve(answers[calls.count++]!) };
  };

  it("runs a page once when its scores come back whole", async () => {
    const { calls, run } = runs(good);
    const retried: string[] = [];
    expect(await lighthouseWithRetry(run, (error) => retried.push(error))).toEqual(good);
    expect(calls.count).toBe(1);
    expect(retried).toEqual([]);
  });

  it("runs it once more after an error, keeping the second run's scores and the first one's error", async () => {
    const { calls, run } = runs(failed, good);
    const retried: string[] = [];
    expect(await lighthouseWithRetry(run, (error) => retried.push(error))).toEqual({ ...good, retriedAfter: failed.error });
    expect(calls.count).toBe(2);
    expect(retried).toEqual([failed.error]);
  });

  it("stops after the second run, and says so when that one failed too", async () => {
    const again: LighthouseScores = { ...failed, error: "speed-index: (NO_NAVSTART)" };
    const { calls, run } = runs(failed, again, good);
    expect(await lighthouseWithRetry(run, () => undefined)).toEqual({ ...again, retriedAfter: failed.error });
    expect(calls.count).toBe(2);
  });
});
