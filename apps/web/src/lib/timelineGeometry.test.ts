import { describe, expect, it } from "vitest";
import { timelineGeometry } from "./timelineGeometry";

const MINUTE = 60_000;
const points = [0, 1, 2, 3, 4].map((i) => ({ t: i * MINUTE, posts: [10, 40, 25, 47, 30][i]! }));
const size = { width: 1000, height: 500 };
const margins = { top: 10, right: 20, bottom: 30, left: 60 };

describe("timelineGeometry", () => {
  it("fits the plot inside the margins, the x domain across its width and 0 at its bottom", () => {
    const g = timelineGeometry(points, [0, 4 * MINUTE], [0, 2 * MINUTE, 4 * MINUTE], size, margins)!;
    expect(g.plot).toEqual({ left: 60, top: 10, right: 980, bottom: 470 });
    expect(g.xTicks).toEqual([
      { value: 0, x: 60 },
      { value: 2 * MINUTE, x: 520 },
      { value: 4 * MINUTE, x: 980 },
    ]);
    expect(g.yTicks[0]).toEqual({ value: 0, y: 470 });
    // The latest point, where the dot goes.
    expect(g.now).toEqual({ x: 980, y: expect.closeTo(470 - (30 / g.yTicks.at(-1)!.value) * 460, 6) });
  });

  it("labels whole post counts only, from 0 up to a round number covering the peak", () => {
    const g = timelineGeometry(points, [0, 4 * MINUTE], [], size, margins)!;
    const values = g.yTicks.map((tick) => tick.value);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBeGreaterThanOrEqual(47);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(values.length).toBeGreaterThanOrEqual(3);
    // A small peak still gets whole numbers, never 0.5.
    const small = timelineGeometry([{ t: 0, posts: 1 }, { t: MINUTE, posts: 2 }], [0, MINUTE], [], size, margins)!;
    expect(small.yTicks.every((tick) => Number.isInteger(tick.value))).toBe(true);
  });

  it("draws the area down to the plot's bottom and the curve through the first and last points; keeps only ticks in the domain", () => {
    const g = timelineGeometry(points, [0, 4 * MINUTE], [-MINUTE, MINUTE, 9 * MINUTE], size, margins)!;
    expect(g.linePath.startsWith("M60,")).toBe(true);
    expect(g.areaPath).toContain(",470");
    expect(g.xTicks.map((tick) => tick.value)).toEqual([MINUTE]);
  });

  it("draws nothing in a box with no room for a plot, or without points", () => {
    expect(timelineGeometry(points, [0, 4 * MINUTE], [], { width: 0, height: 0 }, margins)).toBeNull();
    expect(timelineGeometry([], [0, 4 * MINUTE], [], size, margins)).toBeNull();
  });

  it("finds the point nearest a pointer along the plot, and none outside it", () => {
    const g = timelineGeometry(points, [0, 4 * MINUTE], [], size, margins)!;
    // 230 px per minute from x = 60: 280 is nearest minute 1, 420 (1.57 min) nearest minute 2.
    expect(g.pointNear(280)).toEqual({ index: 1, point: points[1], x: 290, y: expect.any(Number) });
    expect(g.pointNear(420)?.index).toBe(2);
    expect(g.pointNear(60)?.index).toBe(0);
    expect(g.pointNear(980)).toMatchObject({ index: 4, x: 980, y: g.now!.y });
    expect(g.pointNear(59)).toBeNull();
    expect(g.pointNear(981)).toBeNull();
  });

  it("keeps every k-th time label when they would come closer than asked, and all of them when they do not", () => {
    const ticks = [0, 1, 2, 3, 4].map((m) => m * MINUTE);
    // 230 px between labels: enough for 200, not for 300 (every 2nd) or 500 (every 3rd).
    const at = (minTickSpacing: number) =>
      timelineGeometry(points, [0, 4 * MINUTE], ticks, size, margins, { minTickSpacing })!.xTicks.map((tick) => tick.value / MINUTE);
    expect(at(0)).toEqual([0, 1, 2, 3, 4]);
    expect(at(200)).toEqual([0, 1, 2, 3, 4]);
    expect(at(300)).toEqual([0, 2, 4]);
    expect(at(500)).toEqual([0, 3]);
  });
});
