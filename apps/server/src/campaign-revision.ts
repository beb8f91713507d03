import { createHash } from "node:crypto";
import type { Campaign, CampaignNotice } from "@pulse/shared";

/** Revisions already computed, per campaign object: a campaign is replaced, never changed in place. */
const revisions = new WeakMap<Campaign, string>();

/**
 * A short hash of everything in `campaign`: two campaigns that differ in anything (name, brand, goal,
 * hashtags, organizations…) have different revisions, and the same campaign loaded twice has the same one.
 * It is the `ETag` of `GET /api/campaign` and the `revision` of the `campaign` event.
 */
export function campaignRevision(campaign: Campaign): string {
  let revision = revisions.get(campaign);
  if (revision === undefined) {
    revision = createHash("sha256").update(JSON.stringify(campaign)).digest("base64url").slice(0, 22);
    revisions.set(campaign, revision);
  }
  return revision;
}

/** The `campaign` event's payload for `campaign`. */
export function campaignNotice(campaign: Campaign): CampaignNotice {
  return { id: campaign.id, revision: campaignRevision(campaign) };
}
