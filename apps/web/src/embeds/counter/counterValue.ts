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
