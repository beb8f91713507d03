/** The count-up of the wall's and the counter widget's big numbers: how far a roll has gone. */

/** Ease-out cubic on [0, 1]: fast at first, settling gently on the new value. */
function easeOutCubic(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return 1 - (1 - p) ** 3;
}

/** The number a count-up shows `elapsedMs` into a roll from `from` to `to` lasting `durationMs`: whole numbers, ending on `to`. */
export function countUpValue(from: number, to: number, elapsedMs: number, durationMs: number): number {
  if (durationMs <= 0 || elapsedMs >= durationMs) return to;
  return Math.round(from + (to - from) * easeOutCubic(elapsedMs / durationMs));
}
