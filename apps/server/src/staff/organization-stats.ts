/**
 * What each organization's posts and the posts about it add up to, for the leaderboard, the ROI view and the
 * aggregates export. Pure: feed it every stored post with `add`, then read it.
 *
 * The rules (`OrganizationMatcher` of @pulse/shared, which the live insight counters use too), as far as the data
 * allows:
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
  minuteOf,
  OrganizationMatcher,
  UNKNOWN_COUNTRY,
  type Campaign,
  type ModeratedPost,
  type Organization,
  type OrganizationLists,
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

/** Tallies posts for every organization of a campaign, and posts per minute and country for the whole day. */
export class CampaignTally {
  readonly #listLimit: number;
  readonly #matcher: OrganizationMatcher;
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
    }
    this.#matcher = new OrganizationMatcher(campaign);
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
    }
    const links = this.#matcher.links(post);
    const offerBy = links.offerBy && this.organizations.get(links.offerBy.id);
    if (offerBy) {
      offerBy.offers += 1;
      this.#keep(offerBy.recent.offers, item);
    }
    const retweeted = links.retweetOf && this.organizations.get(links.retweetOf.id);
    if (retweeted) {
      retweeted.retweetsOfItsPosts += 1;
      this.#keep(retweeted.recent.retweets, item);
    }
    for (const org of links.mentions) {
      const mentioned = this.organizations.get(org.id);
      if (!mentioned) continue;
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
}
