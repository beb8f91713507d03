import { z } from "zod";

/** Networks Pulse reads from. `other` covers anything ingested as an already normalized post. */
export const NetworkSchema = z.enum(["x", "mastodon", "bluesky", "other"]);
/** A network a post came from. */
export type Network = z.infer<typeof NetworkSchema>;

/** How a post relates to others. Retweets and reposts count as posts. */
export const PostKindSchema = z.enum(["original", "retweet", "reply", "quote"]);
/** The kind of a post. */
export type PostKind = z.infer<typeof PostKindSchema>;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code in upper case, such as FR");

/** The author of a post, as the network names them. */
export const AuthorSchema = z.object({
  id: z.string().min(1),
  handle: z.string().min(1),
  name: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});
/** The author of a post. */
export type Author = z.infer<typeof AuthorSchema>;

/** A normalized post from any network. The key `network:id` is unique everywhere. */
export const PostSchema = z.object({
  network: NetworkSchema,
  id: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  text: z.string(),
  author: AuthorSchema,
  lang: z.string().optional(),
  country: CountryCodeSchema.optional(),
  hashtags: z.array(z.string()),
  mentions: z.array(z.string()),
  urls: z.array(z.string()),
  kind: PostKindSchema,
  orgId: z.string().optional(),
  /**
   * Extension: the rank of this version of an edited post. A higher version replaces a lower one;
   * X uses the position in `edit_history_tweet_ids`.
   */
  version: z.number().int().nonnegative().optional(),
});
/** A normalized post. */
export type Post = z.infer<typeof PostSchema>;

export const OrganizationKindSchema = z.enum(["company", "institution", "agency"]);

/** A company, agency or institution taking part in a campaign. */
export const OrganizationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  country: CountryCodeSchema,
  kind: OrganizationKindSchema,
  sector: z.string().optional(),
  handles: z.object({
    x: z.string().optional(),
    mastodon: z.string().optional(),
    bluesky: z.string().optional(),
  }),
});
/** A participating organization. */
export type Organization = z.infer<typeof OrganizationSchema>;

/** A campaign hashtag and the country it stands for. */
export const CampaignHashtagSchema = z.object({
  tag: z.string().min(1),
  country: CountryCodeSchema,
  /** Extension: true when the tag is an illustrative example rather than a documented one. */
  example: z.boolean().optional(),
});

/** A hashtag campaign: its hashtags, time window and organizations. */
export const CampaignSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timezone: z.string().min(1),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  hashtags: z.array(CampaignHashtagSchema).min(1),
  organizations: z.array(OrganizationSchema),
  /** Extension: free text about where the data comes from and what is illustrative. */
  notes: z.string().optional(),
  /** Extension: brand colours for walls and embeds, as CSS hex colours. */
  brand: z
    .object({
      primary: z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a hex colour such as #1d9bf0"),
      accent: z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a hex colour such as #f7b500").optional(),
    })
    .optional(),
  /** Extension: a goal the wall shows progress towards: posts in all, or in one country when `country` is set. */
  goal: z
    .object({ posts: z.number().int().positive(), country: CountryCodeSchema.optional(), label: z.string().optional() })
    .optional(),
});
/** A campaign. */
export type Campaign = z.infer<typeof CampaignSchema>;

/** The running counters of a campaign. */
export const TotalsSchema = z.object({
  posts: z.number().int(),
  authors: z.number().int(),
  originals: z.number().int(),
  retweets: z.number().int(),
  replies: z.number().int(),
  quotes: z.number().int(),
});
/** The running counters of a campaign. */
export type Totals = z.infer<typeof TotalsSchema>;

/** Posts in one UTC minute; `t` is the epoch-ms start of the minute. */
export const TimelinePointSchema = z.object({ t: z.number().int(), posts: z.number().int() });
/** Posts in one UTC minute. */
export type TimelinePoint = z.infer<typeof TimelinePointSchema>;

/** The whole live state a client needs to draw a screen. */
export const SnapshotSchema = z.object({
  seq: z.number().int().nonnegative(),
  campaign: z.string(),
  totals: TotalsSchema,
  byCountry: z.record(z.string(), z.number().int()),
  byOrganization: z.record(z.string(), z.number().int()),
  timeline: z.array(TimelinePointSchema),
  recent: z.array(PostSchema),
});
/** The whole live state a client needs to draw a screen. */
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What changed since the previous delta, as new absolute values. Applying it twice is harmless. */
export const DeltaSchema = z.object({
  seq: z.number().int().nonnegative(),
  totals: TotalsSchema.partial(),
  byCountry: z.record(z.string(), z.number().int()),
  byOrganization: z.record(z.string(), z.number().int()),
  timeline: z.array(TimelinePointSchema),
  posts: z.array(PostSchema),
  removed: z.array(z.string()),
});
/** What changed since the previous delta. */
export type Delta = z.infer<typeof DeltaSchema>;
