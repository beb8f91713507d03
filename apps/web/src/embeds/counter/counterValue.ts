/** Pure helpers of the counter widget, tested without a browser. */
import type { Campaign, Snapshot } from "@pulse/shared/client";

/** The number the counter shows: all posts, or one country's. */
export function counterValue(snapshot: Snapshot, country: string | null): number {
  return country === null ? snapshot.totals.posts : (snapshot.byCountry[country] ?? 0);
}

/** The line under the number: the country's campaign hashtags (`#VotreJob`), else the campaign's name. */
export function counterContext(campaign: Pick<Campaign, "name" | "hashtags">, country: string | null): string {
  const tags = country === null ? [] : campaign.hashtags.filter((h) => h.country === country).map((h) => `#${h.tag}`);
  return tags.length > 0 ? tags.join(" · ") : campaign.name;
}

/** An ease-out curve on [0, 1]: a counter that rolls quickly, then settles. */
export function easeOutCubic(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return 1 - (1 - p) ** 3;
}

/** The value shown `elapsedMs` into a roll from `from` to `to` lasting `durationMs`: whole numbers, ending on `to`. */
export function rollingValue(from: number, to: number, elapsedMs: number, durationMs: number): number {
  if (durationMs <= 0 || elapsedMs >= durationMs) return to;
  return Math.round(from + (to - from) * easeOutCubic(elapsedMs / durationMs));
}
