import { describe, expect, it } from "vitest";
import { binTimeline, hourTicks, zoneOffsetMs } from "./timelineSeries";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const day = Date.UTC(2015, 1, 24);
const minutes = (n: number, posts: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ t: day + i * MINUTE, posts: posts(i) }));

describe("binTimeline", () => {
  it("keeps a short timeline as it is", () => {
    const points = minutes(90, (i) => i);
    expect(binTimeline(points)).toEqual(points);
  });

  it("averages a whole day into 10-minute bins of posts per minute", () => {
    const binned = binTimeline(minutes(24 * 60, (i) => (i % 10 === 0 ? 25 : 5)));
    expect(binned).toHaveLength(144);
    expect(binned[0]).toEqual({ t: day, posts: 7 });
    expect(binned[1]?.t).toBe(day + 10 * MINUTE);
    // Nothing lost: the averages times the width add up to the posts.
    expect(binned.reduce((sum, p) => sum + p.posts * 10, 0)).toBe(144 * (25 + 9 * 5));
  });

  it("aligns bins on their width, and averages a bin over the minutes it holds", () => {
    // 603 minutes from 00:03: 10-minute bins from 00:00, the first and the last holding fewer minutes.
    const binned = binTimeline(minutes(603, () => 4).map((p) => ({ ...p, t: p.t + 3 * MINUTE })), 100);
    expect(binned[0]).toEqual({ t: day, posts: 4 });
    expect(binned.at(-1)).toEqual({ t: day + 600 * MINUTE, posts: 4 });
    expect(binned.every((p) => p.posts === 4)).toBe(true);
    expect(binTimeline([])).toEqual([]);
  });
});

describe("hourTicks", () => {
  it("puts ticks on whole hours, spaced so at most maxTicks show", () => {
    expect(hourTicks(day + 14 * MINUTE, day + 24 * HOUR - MINUTE, 6).map((t) => (t - day) / HOUR)).toEqual([4, 8, 12, 16, 20]);
    expect(hourTicks(day + 14 * MINUTE, day + 24 * HOUR - MINUTE).map((t) => (t - day) / HOUR)).toEqual([6, 12, 18]);
    expect(hourTicks(day + 30 * MINUTE, day + 3 * HOUR).map((t) => (t - day) / HOUR)).toEqual([1, 2, 3]);
    expect(hourTicks(day, day)).toEqual([]);
  });

  it("puts them on the campaign's whole hours", () => {
    // Midnight, 06:00, 12:00 and 18:00 in Paris (UTC+1 in February) are 23:00 the day before, 05:00, 11:00 and 17:00 UTC.
    const paris = zoneOffsetMs(day, "Europe/Paris");
    expect(paris).toBe(HOUR);
    expect(hourTicks(day - HOUR, day + 23 * HOUR - MINUTE, 4, paris).map((t) => (t - day) / HOUR)).toEqual([-1, 5, 11, 17]);
    expect(zoneOffsetMs(day, "Asia/Kolkata")).toBe(5.5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2015, 6, 1), "Europe/Paris")).toBe(2 * HOUR);
  });
});
