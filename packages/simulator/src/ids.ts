/**
 * Post ids of the simulated day: X snowflakes, 41 bits of ms since the X epoch, then 6 bits of country and 16
 * bits of rank in the minute, so they are unique, deterministic and sort like the times they carry. Also the
 * short codes of the t.co links.
 */
import type { Rng } from "./random.js";

const X_EPOCH = 1_288_834_974_657;
const COUNTRY_BITS = 6n;
const RANK_BITS = 16n;
/** How many countries the ids can tell apart (64). */
export const MAX_COUNTRIES = 1 << Number(COUNTRY_BITS);
/** The most posts one country can have in one minute. */
export const MAX_PER_MINUTE = (1 << Number(RANK_BITS)) - 1;

/** The snowflake of the post of rank `rank` in its minute, at `ms`, from country `countryIndex`. */
export function snowflake(ms: number, countryIndex: number, rank: number): bigint {
  const time = BigInt(ms >= X_EPOCH ? ms - X_EPOCH : ms);
  return (time << (COUNTRY_BITS + RANK_BITS)) | (BigInt(countryIndex) << RANK_BITS) | BigInt(rank);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A t.co-style code: ten base-62 characters. */
export function shortCode(rng: Rng): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += BASE62[Math.floor(rng() * 62)];
  return code;
}
