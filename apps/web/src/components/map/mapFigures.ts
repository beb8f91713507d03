/** The numbers the map shows: which step of the colour scale each country takes, and what the map cannot draw. */

/** Steps of the colour scale for countries with posts; a country without posts is step 0. */
export const MAP_STEPS = 5;

/** The `byCountry` key of posts whose country is not known. */
export const UNKNOWN_COUNTRY = "unknown";

/** A country and its posts. */
export interface MapCount {
  code: string;
  posts: number;
}

/** What the map shows of a snapshot's `byCountry`. */
export interface MapFigures {
  /** Countries with posts that the map draws, most posts first. */
  drawn: MapCount[];
  /** Countries with posts that the map does not draw (outside its frame), most posts first. */
  offMap: MapCount[];
  /** Posts whose country is not known. */
  unknown: number;
  /** The most posts of any drawn country: the top of the colour scale (0 when none has posts). */
  max: number;
}

const byPostsThenCode = (a: MapCount, b: MapCount) => b.posts - a.posts || a.code.localeCompare(b.code);

/** Splits `byCountry` into what the map colours, what it lists beside it, and the unknown. */
export function mapFigures(byCountry: Readonly<Record<string, number>>, drawnCodes: ReadonlySet<string>): MapFigures {
  const drawn: MapCount[] = [];
  const offMap: MapCount[] = [];
  let unknown = 0;
  for (const [code, posts] of Object.entries(byCountry)) {
    if (!(posts > 0)) continue;
    if (code === UNKNOWN_COUNTRY) unknown += posts;
    else (drawnCodes.has(code) ? drawn : offMap).push({ code, posts });
  }
  drawn.sort(byPostsThenCode);
  offMap.sort(byPostsThenCode);
  return { drawn, offMap, unknown, max: drawn[0]?.posts ?? 0 };
}

/**
 * The colour step of a country with `posts` when the busiest has `max`: 0 for none, else 1 to
 * {@link MAP_STEPS} on a square-root scale, so a country with a few posts still stands out from one with none
 * while the busiest takes the top step.
 */
export function mapStep(posts: number, max: number): number {
  if (!(posts > 0) || !(max > 0)) return 0;
  return Math.min(MAP_STEPS, Math.max(1, Math.ceil(Math.sqrt(Math.min(posts, max) / max) * MAP_STEPS)));
}

/**
 * The codes whose posts went up between two `byCountry` readings: the countries to light up. None on the
 * first reading (`before` null), so a page that opens does not light up all of Europe.
 */
export function risenCountries(before: Readonly<Record<string, number>> | null, after: Readonly<Record<string, number>>): string[] {
  if (before === null) return [];
  return Object.keys(after).filter((code) => code !== UNKNOWN_COUNTRY && (after[code] ?? 0) > (before[code] ?? 0));
}
