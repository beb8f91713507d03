import { hasCampaignHashtag, normalizeHandle, type CampaignIndex } from "../attribute.js";
import type { Post } from "../models.js";

/**
 * Whether a post belongs to a campaign: it carries one of its hashtags, or its author is one of its
 * organizations' handles on the post's network. Compared as `attribute` compares them (case, `#` and `@` aside).
 */
export function postMatchesCampaign(post: Pick<Post, "hashtags" | "network" | "author">, index: CampaignIndex): boolean {
  return hasCampaignHashtag(post, index) || index.orgByHandle.has(`${post.network}:${normalizeHandle(post.author.handle)}`);
}

/**
 * The campaigns a post goes to, among `indexes`: every one it matches ({@link postMatchesCampaign}), in the
 * order given. One post may go to several campaigns; it counts once in each.
 */
export function routePost(post: Pick<Post, "hashtags" | "network" | "author">, indexes: readonly CampaignIndex[]): CampaignIndex[] {
  return indexes.filter((index) => postMatchesCampaign(post, index));
}
