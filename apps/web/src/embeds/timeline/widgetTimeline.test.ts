import type { TimelinePoint } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { WIDGET_TIMELINE_MAX_POINTS, widgetTimeline } from "./widgetTimeline";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Midnight in Paris on 24 February 2015 (UTC+1). */
const start = Date.parse("2015-02-24T00:00:00+01:00");
const minutes = (n: number, posts: (i: number) => number, from = start): TimelinePoint[] =>
  Array.from({ length: n }, (_, i) => ({ t: from + i * MINUTE, posts: posts(i) }));

describe("widgetTimeline", () => {
  it("is null before the first post", () => {
    expect(widgetTimeline([], "Europe/Paris")).toBeNull();
  });

  it("draws a short timeline minute by minute, gaps filled", () => {
    const drawn = widgetTimeline([{ t: start, posts: 3 }, { t: start + 2 * MINUTE, posts: 5 }], "Europe/Paris")!;
    expect(drawn.curve).toEqual([
      { t: start, posts: 3 },
      { t: start + MINUTE, posts: 0 },
      { t: start + 2 * MINUTE, posts: 5 },
    ]);
    expect(drawn.summary).toEqual({ from: start, to: start + 2 * MINUTE, peak: 5, peakAt: start + 2 * MINUTE, latest: 5 });
  });

  it("averages a whole day into 10-minute bins to one decimal, while the figures keep the exact minutes", () => {
    const day = minutes(24 * 60, (i) => (i === 600 ? 100 : i % 3));
    const drawn = widgetTimeline(day, "Europe/Paris")!;
    expect(drawn.curve).toHaveLength(WIDGET_TIMELINE_MAX_POINTS);
    // 0, 1, 2, 0, 1, 2, 0, 1, 2, 0: 9 posts over 10 minutes.
    expect(drawn.curve[0]).toEqual({ t: start, posts: 0.9 });
    // 10:00–10:09 Paris holds the 100: (100 + 1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0) / 10 = 10.9.
    expect(drawn.curve[60]).toEqual({ t: start + 600 * MINUTE, posts: 10.9 });
    expect(drawn.curve.every((p) => Math.round(p.posts * 10) === p.posts * 10)).toBe(true);
    expect(drawn.summary).toMatchObject({ peak: 100, peakAt: start + 600 * MINUTE, latest: (24 * 60 - 1) % 3 });
    // The peak the widget writes is the curve's own (the 100 alone is a minute no point of the curve shows).
    expect(drawn.peak).toEqual({ t: start + 600 * MINUTE, posts: 10.9 });
    expect(drawn.peak.posts).toBe(Math.max(...drawn.curve.map((p) => p.posts)));
  });

  it("bins on the UTC clock and labels the campaign's whole hours", () => {
    // A day from 00:00 Paris: the axis reads 06:00, 12:00, 18:00 Paris, i.e. 05:00, 11:00, 17:00 UTC.
    const paris = widgetTimeline(minutes(24 * 60, () => 1), "Europe/Paris")!;
    expect(paris.ticks.map((t) => (t - start) / HOUR)).toEqual([0, 6, 12, 18]);
    expect(paris.curve.every((p) => p.t % (10 * MINUTE) === 0)).toBe(true);
    // The same minutes read in Kolkata (UTC+05:30): 06:00, 12:00, 18:00 and midnight there are 01:30, 07:30,
    // 13:30 and 19:30 in Paris.
    const kolkata = widgetTimeline(minutes(24 * 60, () => 1), "Asia/Kolkata")!;
    expect(kolkata.ticks.map((t) => (t - start) / HOUR)).toEqual([1.5, 7.5, 13.5, 19.5]);
  });

  it("labels a short span on round minutes, not with one hour or none", () => {
    // 08:58 to 09:25 Paris: 09:00, 09:10 and 09:20.
    const short = widgetTimeline(minutes(27, () => 1).map((p) => ({ ...p, t: p.t + 9 * HOUR - 2 * MINUTE })), "Europe/Paris")!;
    expect(short.ticks.map((t) => (t - start - 9 * HOUR) / MINUTE)).toEqual([0, 10, 20]);
  });
});
