/** A retry schedule: the delay before retry number `attempt` (1 for the first retry). */
export type Backoff = (attempt: number) => number;

/** `step`, `2·step`, `3·step`… capped at `max` (X: network errors, 250 ms steps up to 16 s). */
export function linearBackoff(step: number, max: number): Backoff {
  return (attempt) => Math.min(step * Math.max(1, attempt), max);
}

/** `base`, `2·base`, `4·base`… capped at `max` (X: HTTP errors from 5 s to 320 s; 429 from 60 s). */
export function exponentialBackoff(base: number, max: number): Backoff {
  return (attempt) => Math.min(base * 2 ** Math.max(0, attempt - 1), max);
}
