import { describe, expect, it } from "vitest";
import { MAX_COUNTRIES, MAX_PER_MINUTE, shortCode, snowflake } from "../src/ids.js";
import { mulberry32 } from "../src/random.js";

const DAY = Date.parse("2015-02-24T00:00:00+01:00");

describe("simulated post ids", () => {
  it("sort like the times they carry, whatever the country and rank", () => {
    const earlier = snowflake(DAY, MAX_COUNTRIES - 1, MAX_PER_MINUTE);
    const later = snowflake(DAY + 1, 0, 0);
    expect(earlier < later).toBe(true);
  });

  it("tell apart every country and every rank within the same millisecond", () => {
    const ids = new Set<bigint>();
    for (let country = 0; country < MAX_COUNTRIES; country++) {
      for (const rank of [0, 1, MAX_PER_MINUTE]) ids.add(snowflake(DAY, country, rank));
    }
    expect(ids.size).toBe(MAX_COUNTRIES * 3);
  });

  it("are X snowflakes: the time since the X epoch sits above 22 bits of country and rank", () => {
    // X's epoch is 2010-11-04T01:42:54.657Z.
    expect(snowflake(DAY, 0, 0) >> 22n).toBe(BigInt(DAY - 1_288_834_974_657));
    expect(snowflake(DAY, 3, 5) & ((1n << 22n) - 1n)).toBe((3n << 16n) | 5n);
  });

  it("draw t.co codes of ten base-62 characters from the stream they are given", () => {
    const code = shortCode(mulberry32(1));
    expect(code).toMatch(/^[0-9A-Za-z]{10}$/);
    expect(shortCode(mulberry32(1))).toBe(code);
    expect(shortCode(mulberry32(2))).not.toBe(code);
  });
});
