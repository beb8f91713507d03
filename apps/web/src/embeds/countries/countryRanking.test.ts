import { describe, expect, it } from "vitest";
import { rankCountries } from "./countryRanking";

const byCountry = { FR: 500, DE: 120, GB: 120, NL: 40, IE: 7, BE: 0, unknown: 60 };

describe("rankCountries", () => {
  it("ranks the countries with posts, most first, ties by code", () => {
    const { bars, countries, max, highlight } = rankCountries(byCountry, 3, null);
    expect(bars.map((b) => [b.code, b.rank])).toEqual([
      ["FR", 1],
      ["DE", 2],
      ["GB", 3],
    ]);
    expect(countries).toBe(6);
    expect(max).toBe(500);
    expect(highlight).toBeNull();
  });

  it("highlights a country in the top where it stands", () => {
    const { bars, highlight } = rankCountries(byCountry, 3, "DE");
    expect(bars.map((b) => b.code)).toEqual(["FR", "DE", "GB"]);
    expect(bars.filter((b) => b.highlighted).map((b) => b.code)).toEqual(["DE"]);
    expect(highlight).toMatchObject({ code: "DE", rank: 2, posts: 120 });
  });

  it("adds a highlighted country from outside the top as an extra bar, with its rank", () => {
    const { bars } = rankCountries(byCountry, 3, "IE");
    expect(bars.map((b) => [b.code, b.rank, b.highlighted])).toEqual([
      ["FR", 1, false],
      ["DE", 2, false],
      ["GB", 3, false],
      ["IE", 6, true],
    ]);
  });

  it("knows a highlighted country with no posts yet, without drawing a bar for it", () => {
    const { bars, highlight } = rankCountries(byCountry, 3, "BE");
    expect(highlight).toEqual({ code: "BE", posts: 0, rank: 0, highlighted: true });
    expect(bars.map((b) => b.code)).toEqual(["FR", "DE", "GB"]);
    expect(rankCountries({}, 6, null)).toEqual({ bars: [], countries: 0, highlight: null, max: 0 });
  });
});
