/** Pure selectors of the country widget, tested without a browser. */
import { rankedCounts } from "../../lib/rankedCounts";

/** The number of bars when the URL asks none. */
export const DEFAULT_COUNTRY_BARS = 6;

/** One bar: a country code (or `"unknown"`), its posts and its rank among the countries with posts. */
export interface CountryBar {
  code: string;
  posts: number;
  /** 1 for the country with the most posts; ties keep code order so the ranking is stable. */
  rank: number;
  highlighted: boolean;
}

/** The ranking, and the widest value it draws against. */
export interface CountryRanking {
  bars: CountryBar[];
  /** How many countries have posts, `"unknown"` included. */
  countries: number;
  /** The highlighted country's bar, also when it falls outside the top; null when none is asked. */
  highlight: CountryBar | null;
  /** The largest value drawn, so bars are widths relative to it. */
  max: number;
}

/**
 * The `limit` countries with the most posts. A highlighted country outside them is added as an extra bar, so a
 * partner always sees its own country; one with no posts yet has rank 0 and is not drawn.
 */
export function rankCountries(byCountry: Readonly<Record<string, number>>, limit: number, highlight: string | null): CountryRanking {
  const ranked = rankedCounts(byCountry).map(([code, posts], i) => ({ code, posts, rank: i + 1, highlighted: code === highlight }));
  const bars = ranked.slice(0, Math.max(1, limit));
  let mine: CountryBar | null = null;
  if (highlight !== null) {
    mine = ranked.find((bar) => bar.code === highlight) ?? { code: highlight, posts: 0, rank: 0, highlighted: true };
    if (mine.rank > bars.length) bars.push(mine);
  }
  return { bars, countries: ranked.length, highlight: mine, max: Math.max(0, ...bars.map((bar) => bar.posts)) };
}
