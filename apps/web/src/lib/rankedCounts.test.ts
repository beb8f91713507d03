import { describe, expect, it } from "vitest";
import { rankedCounts } from "./rankedCounts";

describe("rankedCounts", () => {
  it("keeps positive counts, most first, ties by key", () => {
    expect(rankedCounts({ FR: 3, BE: 5, DE: 3, NL: 0, AT: 3 })).toEqual([
      ["BE", 5],
      ["AT", 3],
      ["DE", 3],
      ["FR", 3],
    ]);
    expect(rankedCounts({})).toEqual([]);
  });
});
