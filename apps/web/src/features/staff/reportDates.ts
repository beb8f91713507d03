import type { Campaign } from "@pulse/shared/client";

/** True when `at` is midnight in `timeZone`. */
function isMidnight(at: number, timeZone: string): boolean {
  const hm = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return hm === "00:00:00";
}

/**
 * The campaign's own dates, from `start` to `end`, in the campaign's time zone: whole days as days ("Tuesday
 * 24 February 2015", or a range of days), otherwise with the times. `end` is exclusive, so a campaign that ends at
 * midnight ends with the day before. Null when the campaign's dates or zone cannot be read.
 */
export function campaignDates(campaign: Pick<Campaign, "start" | "end" | "timezone">, locale: string): string | null {
  const start = Date.parse(campaign.start);
  const end = Date.parse(campaign.end);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return null;
  try {
    const timeZone = campaign.timezone;
    if (isMidnight(start, timeZone) && isMidnight(end, timeZone)) {
      return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone }).formatRange(start, end - 1);
    }
    return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone }).formatRange(start, end);
  } catch {
    return null;
  }
}
