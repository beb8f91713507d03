/**
 * What each organization's posts and the posts about it add up to, for the leaderboard, the ROI view and the
 * aggregates export. Pure: feed it every stored post with `add`, then read it.
 *
 * The rules, as far as the data allows:
 * - **offers**: the organization's own posts (its handle on that network, i.e. `orgId`) of kind `original` or
 *   `quote` that `detectJobOffer` judges an offer. Its retweets and replies are not offers it posted.
 * - **retweets of its posts**: a `retweet` or `quote` by someone else that starts with `RT @<handle>` (X, as the
 *   X normalizers and the simulator write a retweet's text) or that links to one of its posts (a status URL on
 *   x.com or twitter.com, bsky.app, or its Mastodon instance; how X and Mastodon quotes point at the quoted post).
 *   Mastodon reblogs and Bluesky reposts do not name the reposted author in what the normalizers keep, so they
 *   cannot be told apart and are not counted.
 * - **mentions**: posts by someone else that name one of its handles, in `mentions` or as `@handle` in the text,
 *   except posts already counted as a retweet of its posts (a retweet's text names the author too).
 * - **engagement** = mentions + retweets of its posts.
 *
 * Handles are compared as `normalizeHandle` makes them (lower case, no `@`), on any network: a Mastodon handle is
 * `user@instance`. Moderation does not change these figures, as it changes no counter: hidden posts count.
 */
import {
  detectJobOffer,
  normalizeHandle,
  UNKNOWN_COUNTRY,
  minuteOf,
  type Campaign,
  type ModeratedPost,
  type Organization,
  type OrganizationLists,
  type Post,
} from "@pulse/shared";

/** What one organization's posts and the posts about it add up to. */
export interface OrganizationTally {
  org: Organization;
  /** Its own stored posts. */
  posts: number;
  offers: number;
  mentions: number;
  retweetsOfItsPosts: number;
  /** The newest of each kind, at most `listLimit` each, oldest first while tallying (see `lists`). */
  recent: OrganizationLists;
}

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

/** Tallies posts for every organization of a campaign, and posts per minute and country for the whole day. */
export class CampaignTally {
  readonly #listLimit: number;
  readonly #byHandle = new Map<string, Organization>();
  /** Every organization of the campaign, in campaign order, whether it posted or not. */
  readonly organizations = new Map<string, OrganizationTally>();
  /** Posts per UTC minute (epoch ms) and country (`unknown` when none). */
  readonly minuteCountry = new Map<number, Map<string, number>>();
  /** Stored posts seen. */
  posts = 0;

  constructor(campaign: Campaign, options: { listLimit?: number } = {}) {
    this.#listLimit = options.listLimit ?? 50;
    for (const org of campaign.organizations) {
      this.organizations.set(org.id, {
        org,
        posts: 0,
        offers: 0,
        mentions: 0,
        retweetsOfItsPosts: 0,
        recent: { posts: [], mentions: [], retweets: [], offers: [] },
      });
      for (const handle of Object.values(org.handles)) {
        if (handle) this.#byHandle.set(normalizeHandle(handle), org);
      }
    }
  }

  /** Counts one stored post. */
  add(item: ModeratedPost): void {
    const { post } = item;
    this.posts += 1;
    const minute = minuteOf(post.createdAt);
    let countries = this.minuteCountry.get(minute);
    if (!countries) this.minuteCountry.set(minute, (countries = new Map()));
    const country = post.country ?? UNKNOWN_COUNTRY;
    countries.set(country, (countries.get(country) ?? 0) + 1);

    const own = post.orgId ? this.organizations.get(post.orgId) : undefined;
    if (own) {
      own.posts += 1;
      this.#keep(own.recent.posts, item);
      if ((post.kind === "original" || post.kind === "quote") && detectJobOffer(post).isOffer) {
        own.offers += 1;
        this.#keep(own.recent.offers, item);
      }
    }

    const retweeted = this.#retweetedOrg(post);
    if (retweeted) {
      retweeted.retweetsOfItsPosts += 1;
      this.#keep(retweeted.recent.retweets, item);
    }
    for (const mentioned of this.#mentionedOrgs(post)) {
      if (mentioned === retweeted) continue;
      mentioned.mentions += 1;
      this.#keep(mentioned.recent.mentions, item);
    }
  }

  /** An organization's lists, newest first. */
  lists(tally: OrganizationTally): OrganizationLists {
    const newestFirst = (items: ModeratedPost[]) => [...items].reverse();
    return {
      posts: newestFirst(tally.recent.posts),
      mentions: newestFirst(tally.recent.mentions),
      retweets: newestFirst(tally.recent.retweets),
      offers: newestFirst(tally.recent.offers),
    };
  }

  #keep(list: ModeratedPost[], item: ModeratedPost): void {
    list.push(item);
    if (list.length > this.#listLimit) list.shift();
  }

  /** The organization whose post this retweets or quotes, if another author's and the data names it. */
  #retweetedOrg(post: Post): OrganizationTally | undefined {
    if (post.kind !== "retweet" && post.kind !== "quote") return undefined;
    const handles: string[] = [];
    const rt = RT_PREFIX.exec(post.text);
    if (rt?.[1]) handles.push(handleOf(rt[1]));
    for (const url of [...post.urls, ...(post.text.match(URL_IN_TEXT) ?? [])]) handles.push(...authorsOfUrl(url));
    for (const handle of handles) {
      const org = this.#byHandle.get(handle);
      if (org && org.id !== post.orgId) return this.organizations.get(org.id);
    }
    return undefined;
  }

  /** The organizations other than the author's that the post names. */
  #mentionedOrgs(post: Post): Set<OrganizationTally> {
    const found = new Set<OrganizationTally>();
    const names = [...post.mentions, ...[...post.text.matchAll(TEXT_MENTION)].map((m) => m[1] ?? "")];
    for (const name of names) {
      const org = this.#byHandle.get(handleOf(name));
      if (!org || org.id === post.orgId) continue;
      const tally = this.organizations.get(org.id);
      if (tally) found.add(tally);
    }
    return found;
  }
}
