/**
 * Time-zone arithmetic from the platform's time zone data (`Intl`), free of other imports so the browser's
 * `@pulse/shared/client` can carry it.
 */

const MINUTE_MS = 60_000;

/**
 * How far the wall clock of `timeZone` (an IANA name such as `Europe/Paris`) is ahead of UTC at `at` (epoch
 * ms), in ms, daylight saving included; the local zone of the running platform when none is given.
 * Whole seconds only: `at`'s milliseconds do not count.
 */
export function zoneOffsetMs(at: number, timeZone?: string): number {
  if (!timeZone) return -new Date(at).getTimezoneOffset() * MINUTE_MS;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(at / 1000) * 1000;
}
