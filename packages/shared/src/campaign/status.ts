import type { Campaign } from "../models.js";

/** The statuses of a campaign in its time window: before `start`, between `start` and `end`, after `end`. */
export const CAMPAIGN_STATUSES = ["scheduled", "live", "ended"] as const;
/** Where a campaign stands in its time window. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * A campaign's status at `now` (epoch ms). `start` and `end` carry their offset, so the campaign's time zone is
 * already in them; `end` itself counts as ended. `now` is the campaign's clock: real time, or a replay's or the
 * simulator's time when one plays the campaign.
 */
export function campaignStatus(campaign: Pick<Campaign, "start" | "end">, now: number): CampaignStatus {
  if (now < Date.parse(campaign.start)) return "scheduled";
  return now < Date.parse(campaign.end) ? "live" : "ended";
}

/** A day in milliseconds. */
const DAY_MS = 86_400_000;

/**
 * When retention reduces a campaign's stored posts (epoch ms): `retentionDays` after its `end`; undefined when the
 * campaign sets no retention (kept as long as the campaign is). See docs/privacy.md.
 */
export function retentionAt(campaign: Pick<Campaign, "end" | "retentionDays">): number | undefined {
  return campaign.retentionDays === undefined ? undefined : Date.parse(campaign.end) + campaign.retentionDays * DAY_MS;
}
