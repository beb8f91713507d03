import { describe, expect, it } from "vitest";
import { carriedDayHeap, dayHeapFromSoak } from "../src/web/day-heap.js";

const MB = 1024 * 1024;
const report = {
  finishedAt: "2026-12-07T08:43:00.000Z",
  durationS: 1_580.4,
  size: { name: "long", speed: 60, rotate: 15 },
  growthPercent: { pageHeap: 4.2, pageCompiledCode: 3.1, pageHeapLessCode: 5.5 },
  baseline: { at: 379.2, page: { heapUsed: 7 * MB } },
  end: { page: { heapUsed: 7.294 * MB } },
};

describe("dayHeapFromSoak", () => {
  it("takes the page heap's growth and says which run it comes from", () => {
    const figure = dayHeapFromSoak(report, "/tmp/pulse-soak-long-1.json");
    expect(figure.value).toBe(4.2);
    expect(figure.source).toContain("long size, SIM_SPEED 60, 1580 s, finished 2026-12-07T08:43:00.000Z");
    expect(figure.source).toContain("7.00 → 7.29 MB");
    expect(figure.source).toContain("/tmp/pulse-soak-long-1.json");
  });

  it("refuses a file that is not a soak report, saying what it expected", () => {
    expect(() => dayHeapFromSoak({ summary: {} }, "web.json")).toThrow(/web.json is not a soak report: expected durationS/);
  });
});

describe("carriedDayHeap", () => {
  it("carries the previous figure once, not prefixing its source again at each run", () => {
    const first = carriedDayHeap({ summary: { dayHeapGrowthPct: 4.2 }, sources: { dayHeapGrowthPct: "the wall soak (long)" } });
    expect(first).toEqual({ value: 4.2, source: "carried over from the previous web.json: the wall soak (long)" });
    expect(carriedDayHeap({ summary: { dayHeapGrowthPct: 4.2 }, sources: { dayHeapGrowthPct: first.source } })).toEqual(first);
  });

  it("says how to measure it when no previous figure exists", () => {
    expect(carriedDayHeap(null)).toEqual({ value: null, source: expect.stringContaining("--soak <file>") });
  });
});
