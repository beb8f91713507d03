/**
 * What a whole simulated campaign day holds, counted in the test process from the same seeded generator the
 * server's simulator plays, so the soak knows the final figures without asking the server.
 */
import { attribute, authorKey, builtInCampaign, createCampaignIndex, UNKNOWN_COUNTRY, type Campaign } from "@pulse/shared";
// The same package the server's `SOURCE=simulator` plays.
import { createSimulation } from "@pulse/simulator";

/** The exact figures of a simulated day, as the embedded store must end up holding them. */
export interface DayCounts {
  posts: number;
  /** Exact unique authors (the embedded store counts them exactly; Redis would estimate with a HyperLogLog). */
  authors: number;
  originals: number;
  retweets: number;
  replies: number;
  quotes: number;
  byCountry: Record<string, number>;
  byOrganization: Record<string, number>;
  /** Campaign length in ms: how long the day takes to play is this divided by `SIM_SPEED`. */
  dayMs: number;
}

const KIND_FIELD = { original: "originals", retweet: "retweets", reply: "replies", quote: "quotes" } as const;

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/**
 * Generates every post of the day for `seed` (`SIM_SEED`) and counts it as the contract says: once per post,
 * by kind, by country (attributed from the campaign) and by organization.
 */
export function countSimulatedDay(seed: number, campaign: Campaign = builtInCampaign): DayCounts {
  const simulation = createSimulation({ campaign, seed });
  const index = createCampaignIndex(campaign);
  const counts: DayCounts = {
    posts: 0,
    authors: 0,
    originals: 0,
    retweets: 0,
    replies: 0,
    quotes: 0,
    byCountry: {},
    byOrganization: {},
    dayMs: simulation.endMs - simulation.startMs,
  };
  const authors = new Set<string>();
  const keys = new Set<string>();
  for (const raw of simulation.postsBetween(simulation.startMs, simulation.endMs)) {
    const post = attribute(raw, index);
    keys.add(`${post.network}:${post.id}`);
    authors.add(authorKey(post));
    counts.posts += 1;
    counts[KIND_FIELD[post.kind]] += 1;
    bump(counts.byCountry, post.country ?? UNKNOWN_COUNTRY);
    if (post.orgId) bump(counts.byOrganization, post.orgId);
  }
  // Ids are unique by construction; if they were not, the expected total would be wrong, not the server.
  if (keys.size !== counts.posts) throw new Error(`the simulated day repeats ids: ${counts.posts} posts, ${keys.size} keys`);
  counts.authors = authors.size;
  return counts;
}
