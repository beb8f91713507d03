import { describe, expect, it } from "vitest";
import { MAP_STEPS, mapFigures, mapStep, risenCountries } from "./mapFigures";

const DRAWN = new Set(["FR", "DE", "GB", "IE"]);

describe("mapFigures", () => {
  it("splits countries into drawn and off the map, most posts first, and sums the unknown", () => {
    const figures = mapFigures({ FR: 3, DE: 9, US: 4, BR: 4, unknown: 7, IE: 0, GB: 3 }, DRAWN);
    expect(figures).toEqual({
      drawn: [
        { code: "DE", posts: 9 },
        { code: "FR", posts: 3 },
        { code: "GB", posts: 3 },
      ],
      offMap: [
        { code: "BR", posts: 4 },
        { code: "US", posts: 4 },
      ],
      unknown: 7,
      max: 9,
    });
  });

  it("has nothing to show before the first post", () => {
    expect(mapFigures({}, DRAWN)).toEqual({ drawn: [], offMap: [], unknown: 0, max: 0 });
  });
});

describe("mapStep", () => {
  it("is 0 without posts and the top step for the busiest country", () => {
    expect(mapStep(0, 10)).toBe(0);
    expect(mapStep(0, 0)).toBe(0);
    expect(mapStep(10, 10)).toBe(MAP_STEPS);
  });

  it("gives one post the first step even when the busiest has thousands, on a square-root scale", () => {
    expect(mapStep(1, 5_000)).toBe(1);
    // sqrt(0.25) = 0.5: half-way up the scale, not a quarter of it.
    expect(mapStep(25, 100)).toBe(3);
    expect(mapStep(64, 100)).toBe(4);
  });

  it("never goes past the top step, whatever it is given", () => {
    expect(mapStep(20, 10)).toBe(MAP_STEPS);
    expect(mapStep(Number.NaN, 10)).toBe(0);
  });
});

describe("risenCountries", () => {
  it("names the countries whose posts went up, new ones included, never the unknown", () => {
    expect(risenCountries({ FR: 2, DE: 1, unknown: 1 }, { FR: 3, DE: 1, IE: 1, unknown: 5 })).toEqual(["FR", "IE"]);
  });

  it("lights nothing on the first reading", () => {
    expect(risenCountries(null, { FR: 3 })).toEqual([]);
  });
});
