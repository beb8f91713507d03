import { zoneOffsetMs, type TimelinePoint } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import {
  alignedTicks,
  averageBins,
  binMinutes,
  DAY_MINUTES,
  filledTimeline,
  HOUR_MS,
  MINUTE_MS,
  summarizeTimeline,
} from "./timelineSeries";

const MINUTE = MINUTE_MS;
const HOUR = HOUR_MS;
const day = Date.UTC(2015, 1, 24);
const minutes = (n: number, posts: (i: number) => number, from = day): TimelinePoint[] =>
  Array.from({ length: n }, (_, i) => ({ t: from + i * MINUTE, posts: posts(i) }));

describe("filledTimeline", () => {
  it("fills quiet minutes with zeros", () => {
    expect(filledTimeline([{ t: day, posts: 3 }, { t: day + 3 * MINUTE, posts: 4 }])).toEqual([
      { t: day, posts: 3 },
      { t: day + MINUTE, posts: 0 },
      { t: day + 2 * MINUTE, posts: 0 },
      { t: day + 3 * MINUTE, posts: 4 },
    ]);
    expect(filledTimeline([])).toEqual([]);
    expect(filledTimeline([{ t: day, posts: 2 }])).toEqual([{ t: day, posts: 2 }]);
  });

  it("keeps the last maxMinutes minutes, a day by default", () => {
    expect(filledTimeline([{ t: day, posts: 1 }, { t: day + 10 * MINUTE, posts: 2 }], 3)).toEqual([
      { t: day + 8 * MINUTE, posts: 0 },
      { t: day + 9 * MINUTE, posts: 0 },
      { t: day + 10 * MINUTE, posts: 2 },
    ]);
    const twoDays = filledTimeline([{ t: day, posts: 1 }, { t: day + 2 * DAY_MINUTES * MINUTE, posts: 5 }]);
    expect(twoDays).toHaveLength(DAY_MINUTES);
    expect(twoDays.at(-1)).toEqual({ t: day + 2 * DAY_MINUTES * MINUTE, posts: 5 });
  });
});

describe("binMinutes", () => {
  it("picks the narrowest round width that keeps the points within maxPoints", () => {
    expect(binMinutes(90, 144)).toBe(1);
    expect(binMinutes(144, 144)).toBe(1);
    expect(binMinutes(145, 144)).toBe(2);
    expect(binMinutes(DAY_MINUTES, 144)).toBe(10);
    expect(binMinutes(300, 300)).toBe(1);
    expect(binMinutes(301, 300)).toBe(2);
    expect(binMinutes(DAY_MINUTES, 300)).toBe(5);
    // A partial last bin still counts as a point.
    expect(binMinutes(289, 144)).toBe(5);
    expect(binMinutes(10 * DAY_MINUTES, 144)).toBe(60);
  });
});

describe("averageBins", () => {
  it("keeps minutes as they are at a width of 1", () => {
    const points = minutes(90, (i) => i);
    expect(averageBins(points, 1)).toEqual(points);
    expect(averageBins([], 10)).toEqual([]);
  });

  it("averages a whole day into 10-minute bins of posts per minute, losing no post", () => {
    const binned = averageBins(minutes(DAY_MINUTES, (i) => (i % 10 === 0 ? 25 : 5)), 10);
    expect(binned).toHaveLength(144);
    expect(binned[0]).toEqual({ t: day, posts: 7 });
    expect(binned[1]?.t).toBe(day + 10 * MINUTE);
    expect(binned.reduce((sum, p) => sum + p.posts * 10, 0)).toBe(144 * (25 + 9 * 5));
  });

  it("aligns bins on the UTC clock, and averages a bin over the minutes it holds", () => {
    // 603 minutes from 00:03: 10-minute bins from 00:00, the first and the last holding fewer minutes.
    const binned = averageBins(minutes(603, () => 4, day + 3 * MINUTE), 10);
    expect(binned[0]).toEqual({ t: day, posts: 4 });
    expect(binned.at(-1)).toEqual({ t: day + 600 * MINUTE, posts: 4 });
    expect(binned).toHaveLength(61);
    expect(binned.every((p) => p.posts === 4)).toBe(true);
  });

  it("aligns bins on an anchor when given one", () => {
    const anchor = day + 2 * MINUTE;
    const binned = averageBins(minutes(12, (i) => i), 5, anchor);
    // 00:00–00:01 fall in the bin from 23:57, then 00:02–00:06, 00:07–00:11.
    expect(binned).toEqual([
      { t: anchor - 5 * MINUTE, posts: (0 + 1) / 2 },
      { t: anchor, posts: (2 + 3 + 4 + 5 + 6) / 5 },
      { t: anchor + 5 * MINUTE, posts: (7 + 8 + 9 + 10 + 11) / 5 },
    ]);
  });
});

describe("summarizeTimeline", () => {
  it("gives the span, the first peak and the latest minute", () => {
    expect(summarizeTimeline([])).toBeNull();
    expect(
      summarizeTimeline([
        { t: day, posts: 3 },
        { t: day + MINUTE, posts: 8 },
        { t: day + 2 * MINUTE, posts: 8 },
        { t: day + 3 * MINUTE, posts: 2 },
      ]),
    ).toEqual({ from: day, to: day + 3 * MINUTE, peak: 8, peakAt: day + MINUTE, latest: 2 });
  });
});

describe("alignedTicks", () => {
  const hours = [1, 2, 3, 4, 6, 12, 24].map((h) => h * HOUR);

  it("picks the first step that spans the axis in at most maxTicks steps", () => {
    const ticks = (from: number, to: number, maxTicks: number) =>
      alignedTicks(from, to, { steps: hours, maxTicks }).map((t) => (t - day) / HOUR);
    expect(ticks(day + 14 * MINUTE, day + 24 * HOUR - MINUTE, 6)).toEqual([4, 8, 12, 16, 20]);
    expect(ticks(day + 14 * MINUTE, day + 24 * HOUR - MINUTE, 4)).toEqual([6, 12, 18]);
    expect(ticks(day + 30 * MINUTE, day + 3 * HOUR, 4)).toEqual([1, 2, 3]);
    // Both ends included: a day every 3 hours is nine ticks.
    expect(ticks(day, day + 24 * HOUR, 8)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
  });

  it("falls back to the last step, and draws nothing on an empty axis", () => {
    expect(alignedTicks(day, day + 10 * 24 * HOUR, { steps: hours, maxTicks: 4 })).toHaveLength(11);
    expect(alignedTicks(day, day, { steps: hours, maxTicks: 4 })).toEqual([]);
    expect(alignedTicks(day + HOUR, day, { steps: hours, maxTicks: 4 })).toEqual([]);
  });

  it("puts ticks on the anchor's grid: a zone's whole hours", () => {
    // Midnight, 06:00, 12:00 and 18:00 in Paris (UTC+1 in February) are 23:00 the day before, 05:00, 11:00 and 17:00 UTC.
    const paris = -zoneOffsetMs(day, "Europe/Paris");
    expect(alignedTicks(day - HOUR, day + 23 * HOUR - MINUTE, { steps: hours, maxTicks: 4, anchor: paris }).map((t) => (t - day) / HOUR)).toEqual([
      -1, 5, 11, 17,
    ]);
    // Kolkata is UTC+05:30: its whole hours are half past on the UTC clock.
    const kolkata = -zoneOffsetMs(day, "Asia/Kolkata");
    expect(alignedTicks(day, day + 3 * HOUR, { steps: hours, maxTicks: 4, anchor: kolkata }).map((t) => (t - day) / HOUR)).toEqual([0.5, 1.5, 2.5]);
  });
});
