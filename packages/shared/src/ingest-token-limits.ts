/** The bounds of ingest tokens (issue 18), without zod so that the console can read them from `@pulse/shared/client`. */

/** What every secret starts with, so a leaked one is easy to recognize (and to search for in logs and code). */
export const INGEST_TOKEN_PREFIX = "pulse_";
/** The most ingest tokens a deployment keeps: revoke one to make room. */
export const MAX_INGEST_TOKENS = 1000;
/** The longest token name. */
export const INGEST_TOKEN_NAME_MAX = 80;
/** The most campaigns one token names (beyond it, scope it to all). */
export const INGEST_TOKEN_CAMPAIGNS_MAX = 100;
