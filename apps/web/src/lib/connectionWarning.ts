import type { LiveStatus } from "./liveState";

/**
 * How long a page may take to connect before the "connecting" warning shows. A normal first load connects well
 * within it; a warning that appears and is gone a moment later only pushes the page down and back up (a layout
 * shift), and before the first snapshot there are no numbers anyone could take for current ones.
 */
export const CONNECTING_WARNING_DELAY_MS = 3_000;

/**
 * Whether the connection's warning shows: never while live; at once while paused, reconnecting or offline
 * (the numbers on screen are getting stale); while first connecting, only once `waitedMs` (since the page began
 * waiting) reaches {@link CONNECTING_WARNING_DELAY_MS}.
 */
export function showsConnectionWarning(status: LiveStatus, waitedMs: number): boolean {
  if (status === "live") return false;
  return status !== "connecting" || waitedMs >= CONNECTING_WARNING_DELAY_MS;
}
