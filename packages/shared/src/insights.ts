/**
 * Insights: what people talk about in a campaign (hashtags riding along, mentions, posters, link domains,
 * languages, rising terms) and, per organization, its mentions and detected job offers. The shapes here are the
 * contract's `GET /api/insights` answer and what snapshots and deltas carry of it. Plain zod and types: the
 * counting lives in `insight-book.ts` (embedded store) and the Redis apply script.
 */
import { z } from "zod";

export { INSIGHT_LIST_LIMIT, INSIGHT_LISTS, INSIGHT_MAPS, UNKNOWN_LANGUAGE, emptyInsights, type InsightList, type InsightMap } from "./insight-lists.js";

/** A hashtag other than the campaign's own, lower case without `#`, and the posts that carry it. */
export const HashtagCountSchema = z.object({ tag: z.string(), posts: z.number().int() });
/** A handle mentioned (lower case, no `@`) and the posts that mention it. */
export const MentionCountSchema = z.object({ handle: z.string(), posts: z.number().int() });
/** A poster: their handle as last seen, display name and organization, and their posts. */
export const AuthorCountSchema = z.object({
  handle: z.string(),
  name: z.string().optional(),
  orgId: z.string().optional(),
  /** The network, so two people with one handle on two networks stay apart. Extension. */
  network: z.string().optional(),
  posts: z.number().int(),
});
/** A link's domain (host without `www.`, after `t.co` is unwrapped) and the posts that link to it. */
export const DomainCountSchema = z.object({ domain: z.string(), posts: z.number().int() });
/**
 * A term (a hashtag other than the campaign's own, lower case without `#`, or a word of four letters or more outside
 * the stop words) and its posts in the last hour and the hour before, by `createdAt` minute, counted back from the
 * newest post's minute.
 */
export const RisingTermSchema = z.object({
  term: z.string(),
  lastHour: z.number().int(),
  previousHour: z.number().int(),
});

/** The insights of a campaign as snapshots carry them (the endpoint adds `campaign`). */
export const InsightsStateSchema = z.object({
  hashtags: z.array(HashtagCountSchema),
  mentions: z.array(MentionCountSchema),
  authors: z.array(AuthorCountSchema),
  domains: z.array(DomainCountSchema),
  /**
   * Posts per language (`unknown` when the post named none); adds up to `totals.posts`. In snapshots and deltas a
   * language a delete emptied stays at 0, as a country does; `GET /api/insights` leaves it out.
   */
  languages: z.record(z.string(), z.number().int()),
  rising: z.array(RisingTermSchema),
  /** Extension: per organization id, posts by others that mention one of its handles. */
  mentionsByOrganization: z.record(z.string(), z.number().int()),
  /** Extension: per organization id, its own originals and quotes that `detectJobOffer` judges job offers. */
  offersByOrganization: z.record(z.string(), z.number().int()),
});
/** The insights of a campaign as snapshots carry them. */
export type InsightsState = z.infer<typeof InsightsStateSchema>;

/** `GET /api/insights` and `GET /api/c/:id/insights`. */
export const InsightsSchema = InsightsStateSchema.extend({ campaign: z.string() });
/** The answer of `GET /api/insights`. */
export type Insights = z.infer<typeof InsightsSchema>;

/**
 * What a delta carries of the insights: each ranked list whole, only when it changed; and for the maps
 * (`languages`, `mentionsByOrganization`, `offersByOrganization`) only the entries that changed, as absolute values,
 * like `byCountry`.
 */
export const InsightsChangeSchema = InsightsStateSchema.partial();
/** What a delta carries of the insights. */
export type InsightsChange = z.infer<typeof InsightsChangeSchema>;


/** What one post adds to the insights (`PostInsight` of post-insight.ts), as the embedded store saves it. */
export const PostInsightSchema = z.object({
  hashtags: z.array(z.string()),
  mentions: z.array(z.string()),
  author: z.object({
    key: z.string(),
    handle: z.string(),
    network: z.string(),
    name: z.string().optional(),
    orgId: z.string().optional(),
  }),
  domains: z.array(z.string()),
  lang: z.string(),
  terms: z.array(z.string()),
  offerBy: z.string().optional(),
  mentionedOrgs: z.array(z.string()),
});
