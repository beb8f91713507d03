import { describe, expect, it } from "vitest";
import { answeredPercentiles } from "../src/load.js";

describe("answeredPercentiles", () => {
  it("weighs each batch by its posts, as post latency does", () => {
    // 98 posts answered at 10 ms, then one batch of 2 at 500 ms: the slowest 2 % of posts, so p99 is 500.
    const batches = [...Array.from({ length: 49 }, () => ({ ms: 10, posts: 2 })), { ms: 500, posts: 2 }];
    expect(answeredPercentiles(batches)).toEqual({ p50Ms: 10, p99Ms: 500 });
    // Weighted by posts, one slow post in a hundred is not past the 99th percentile (counted by batches it would be).
    expect(answeredPercentiles([{ ms: 10, posts: 99 }, { ms: 500, posts: 1 }]).p99Ms).toBe(10);
  });

  it("says NaN when nothing was answered", () => {
    expect(answeredPercentiles([]).p99Ms).toBeNaN();
  });
});
