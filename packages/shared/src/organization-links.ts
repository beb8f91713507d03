/**
 * Which organizations a post is about, by the rules of the staff leaderboard (see `CampaignTally` in the server's
 * organization-stats.ts): an offer the organization posted, a retweet of its posts, and mentions of it. Pure, and
 * shared by the staff tally and the live insight counters, so both count alike.
 *
 * - **offer**: the organization's own post (`orgId`) of kind `original` or `quote` that `detectJobOffer` judges an
 *   offer.
 * - **retweet of its posts**: a `retweet` or `quote` by someone else that starts with `RT @<handle>` or links to
 *   one of its posts (a status URL on x.com or twitter.com, bsky.app, or a Mastodon instance).
 * - **mention**: a post by someone else that names one of its handles, in `mentions` or as `@handle` in the text,
 *   except a post already counted as a retweet of its posts.
 *
 * Handles are compared as `normalizeHandle` makes them (lower case, no `@`), on any network.
 */
import { normalizeHandle } from "./attribute.js";
import { detectJobOffer } from "./job-offers.js";
import type { Campaign, Organization, Post } from "./models.js";

// `RT @handle:` at the start of a retweet's text; handles may hold dots (Bluesky) and one `@instance` (Mastodon).
const RT_PREFIX = /^RT\s+@([\w.-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/i;
// `@handle` in a text, not inside an e-mail address or a longer word.
const TEXT_MENTION = /(?<![\w@.])@([\w.-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g;
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/gi;
const X_STATUS = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/\d+/i;
const BSKY_POST = /^https?:\/\/(?:www\.)?bsky\.app\/profile\/([^/?#\s]+)\/post\//i;
const MASTODON_STATUS = /^https?:\/\/([^/?#\s@]+)\/(?:@([\w.-]+)\/\d+|users\/([\w.-]+)\/statuses\/\d+)/i;

/** Trailing sentence punctuation that a handle never ends with. */
function handleOf(raw: string): string {
  return normalizeHandle(raw.replace(/[.-]+$/, ""));
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The handles a status URL names as its author (`user@host` for a Mastodon one). */
function authorsOfUrl(url: string): string[] {
  const x = X_STATUS.exec(url);
  if (x?.[1]) return [handleOf(x[1])];
  const bsky = BSKY_POST.exec(url);
  if (bsky?.[1]) return [handleOf(safeDecode(bsky[1]))];
  const mastodon = MASTODON_STATUS.exec(url);
  const user = mastodon?.[2] ?? mastodon?.[3];
  if (mastodon?.[1] && user) return [`${handleOf(user)}@${mastodon[1].toLowerCase()}`];
  return [];
}

/** What a post says about a campaign's organizations. */
export interface OrganizationLinks {
  /** The author's organization, when the post is a job offer it posted. */
  offerBy?: Organization;
  /** The organization whose post this retweets or quotes (another author's). */
  retweetOf?: Organization;
  /** The organizations other than the author's that the post names, the retweeted one left out. */
  mentions: Organization[];
}

/** Reads posts against one campaign's organizations; build it once per campaign definition. */
export class OrganizationMatcher {
  readonly #byHandle = new Map<string, Organization>();
  readonly #byId = new Map<string, Organization>();

  constructor(campaign: Pick<Campaign, "organizations">) {
    for (const org of campaign.organizations) {
      this.#byId.set(org.id, org);
      for (const handle of Object.values(org.handles)) {
        if (handle) this.#byHandle.set(normalizeHandle(handle), org);
      }
    }
  }

  /** The offer, retweet and mentions a post makes. */
  links(post: Post): OrganizationLinks {
    const own = post.orgId ? this.#byId.get(post.orgId) : undefined;
    const offerBy = own && (post.kind === "original" || post.kind === "quote") && detectJobOffer(post).isOffer ? own : undefined;
    const retweetOf = this.#retweetedOrg(post);
    const mentions: Organization[] = [];
    for (const org of this.#mentionedOrgs(post)) if (org !== retweetOf) mentions.push(org);
    const links: OrganizationLinks = { mentions };
    if (offerBy) links.offerBy = offerBy;
    if (retweetOf) links.retweetOf = retweetOf;
    return links;
  }

  /** The organization whose post this retweets or quotes, if another author's and the data names it. */
  #retweetedOrg(post: Post): Organization | undefined {
    if (post.kind !== "retweet" && post.kind !== "quote") return undefined;
    const handles: string[] = [];
    const rt = RT_PREFIX.exec(post.text);
    if (rt?.[1]) handles.push(handleOf(rt[1]));
    for (const url of [...post.urls, ...(post.text.match(URL_IN_TEXT) ?? [])]) handles.push(...authorsOfUrl(url));
    for (const handle of handles) {
      const org = this.#byHandle.get(handle);
      if (org && org.id !== post.orgId) return org;
    }
    return undefined;
  }

  /** The organizations other than the author's that the post names. */
  #mentionedOrgs(post: Post): Set<Organization> {
    const found = new Set<Organization>();
    if (this.#byHandle.size === 0) return found;
    // Most texts name nobody: the scan is skipped for them.
    const names = post.text.includes("@") ? [...post.mentions, ...[...post.text.matchAll(TEXT_MENTION)].map((m) => m[1] ?? "")] : post.mentions;
    for (const name of names) {
      const org = this.#byHandle.get(handleOf(name));
      if (org && org.id !== post.orgId) found.add(org);
    }
    return found;
  }
}
