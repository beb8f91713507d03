import type { Campaign, Network, Organization, Post } from "./models.js";

/** Look-up tables built once per campaign, so attributing a post costs a few map reads. */
export interface CampaignIndex {
  campaign: Campaign;
  /** Lower-case tag without `#` → country. */
  countryByTag: Map<string, string>;
  /** `network:handle` in lower case without `@` → organization. */
  orgByHandle: Map<string, Organization>;
  orgById: Map<string, Organization>;
}

/** Lower case, no leading `#`: the form hashtags are compared in. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/^#+/, "").toLowerCase();
}

/** Lower case, no leading `@`: the form handles are compared in. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@+/, "").toLowerCase();
}

/** Builds the look-up tables for a campaign. */
export function createCampaignIndex(campaign: Campaign): CampaignIndex {
  const countryByTag = new Map<string, string>();
  for (const { tag, country } of campaign.hashtags) {
    const key = normalizeTag(tag);
    if (!countryByTag.has(key)) countryByTag.set(key, country);
  }
  const orgByHandle = new Map<string, Organization>();
  const orgById = new Map<string, Organization>();
  for (const org of campaign.organizations) {
    orgById.set(org.id, org);
    for (const [network, handle] of Object.entries(org.handles) as [Network, string | undefined][]) {
      if (handle) orgByHandle.set(`${network}:${normalizeHandle(handle)}`, org);
    }
  }
  return { campaign, countryByTag, orgByHandle, orgById };
}

/** True when the post carries at least one of the campaign's hashtags. */
export function hasCampaignHashtag(post: Pick<Post, "hashtags">, index: CampaignIndex): boolean {
  return post.hashtags.some((tag) => index.countryByTag.has(normalizeTag(tag)));
}

/**
 * Sets `orgId` and `country` by the contract's rules. Organization: the author's handle on that network.
 * Country: an explicit country, else the first campaign hashtag, else the organization's country, else unset
 * (counted as "unknown"). Returns a new post.
 */
export function attribute(post: Post, index: CampaignIndex): Post {
  const org = index.orgByHandle.get(`${post.network}:${normalizeHandle(post.author.handle)}`);
  let country = post.country;
  if (!country) {
    for (const tag of post.hashtags) {
      country = index.countryByTag.get(normalizeTag(tag));
      if (country) break;
    }
  }
  if (!country && org) country = org.country;
  const out: Post = { ...post };
  if (org) out.orgId = org.id;
  else delete out.orgId;
  if (country) out.country = country;
  // Kept for a recount, which must tell a country the post gave from one a hashtag decided.
  if (post.country) out.givenCountry = post.country;
  else delete out.givenCountry;
  return out;
}

/**
 * Attributes a stored post (attributed before, perhaps by an older definition of its campaign) again, as
 * {@link attribute} would attribute the post as it came in: only the country it gave itself is kept. A post stored
 * before `givenCountry` existed has its country decided again.
 */
export function reattribute(post: Post, index: CampaignIndex): Post {
  const incoming: Post = { ...post };
  if (post.givenCountry) incoming.country = post.givenCountry;
  else delete incoming.country;
  return attribute(incoming, index);
}
