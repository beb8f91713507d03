import { z } from "zod";
import { AUTHOR_ACTIONS, POST_ACTIONS } from "./moderation-actions.js";
import { InsightsChangeSchema, InsightsStateSchema } from "./insights.js";

/** Networks Pulse reads from. `other` covers anything ingested as an already normalized post. */
export const NetworkSchema = z.enum(["x", "mastodon", "bluesky", "other"]);
/** A network a post came from. */
export type Network = z.infer<typeof NetworkSchema>;

/** How a post relates to others. Retweets and reposts count as posts. */
export const PostKindSchema = z.enum(["original", "retweet", "reply", "quote"]);
/** The kind of a post. */
export type PostKind = z.infer<typeof PostKindSchema>;

/** The shape of a country code: two upper-case letters (which codes are assigned is `isIsoCountryCode`'s job). */
export const COUNTRY_CODE_SHAPE = /^[A-Z]{2}$/;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCodeSchema = z
  .string()
  .regex(COUNTRY_CODE_SHAPE, "expected an ISO 3166-1 alpha-2 country code in upper case, such as FR");

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
/** The kinds of media a post may carry (contract v2, "Media"). */
export const MEDIA_TYPES = ["photo", "video", "gif"] as const;

/**
 * One picture or video of a post (contract v2 `Post.media`), in the order the network gives. `previewUrl` is a
 * still (a video's poster, a photo's smaller size); `width` and `height` are the original's, in pixels.
 *
 * Extensions: `blurhash`, when the network gives one (Mastodon), draws a sensitive or withheld picture's blur;
 * `withheld`, set by the server on public screens only (walls, embeds, the dashboard), says why the item may not
 * show there yet: `sensitive` (the network marked it; a moderator may approve it) or `approval` (the campaign's
 * pictures need approval). A withheld item's `url` and `previewUrl` are empty: public clients never get them.
 */
export const MediaItemSchema = z.object({
  type: z.enum(MEDIA_TYPES),
  url: z.string(),
  previewUrl: z.string().optional(),
  alt: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  sensitive: z.boolean().optional(),
  blurhash: z.string().optional(),
  withheld: z.enum(["sensitive", "approval"]).optional(),
});
/** One picture or video of a post. */
export type MediaItem = z.infer<typeof MediaItemSchema>;

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
  /** Contract v2: the post's pictures and videos, in the network's order; absent when it has none. Never counted. */
  media: z.array(MediaItemSchema).optional(),
  /**
   * Extension, set by attribution: the country the post itself gave (an X place, a Pulse post's `country`), kept
   * apart from `country` (which a hashtag or an organization may decide) so that a recount can attribute the post
   * again by the campaign's current hashtags.
   */
  givenCountry: CountryCodeSchema.optional(),
  /**
   * Extension: the rank of this version of an edited post. A higher version replaces a lower one;
   * X uses the position in `edit_history_tweet_ids`.
   */
  version: z.number().int().nonnegative().optional(),
  /**
   * Extension, set by the store (a value sent in is replaced): the post's arrival rank in its campaign, 1 for the
   * first post counted. `recent` is ordered by it, newest first, so a client puts a post that comes back on
   * screen (unhidden, approved, its author unblocked) in its place rather than on top.
   */
  arrival: z.number().int().positive().optional(),
  /**
   * Extension, set by the store (a value sent in is dropped): true once staff approved the post's media
   * (`approveMedia`), so public screens show them even when sensitive or while the campaign's pictures need
   * approval. An edit drops it: the new version's pictures may differ.
   */
  mediaApproved: z.literal(true).optional(),
});
/** A normalized post. */
export type Post = z.infer<typeof PostSchema>;

/**
 * Limits on one normalized post (contract v2, "Limits on one item"): a post over any of them is rejected with its
 * field and limit, never cut. Characters are Unicode code points. `normalizeItem` applies them to every post, from
 * any source (`checkPostLimits` in normalize/limits.ts). They are not in `PostSchema`, which also reads back what
 * the stores already hold: a post stored before the limits must not stop a store from loading.
 *
 * `media` is the contract's v2 `Post.media`: its entry count and each `url` and `previewUrl` are checked as soon as
 * a post carries it. Pulse adds a bound to the fields the contract leaves open, so that no field can carry
 * megabytes to every screen: each hashtag and mention (a mention is a handle) and `lang` hold 256 characters.
 */
export const POST_LIMITS = {
  /** Characters of `text`, and (Pulse's own bound) of a media item's `alt`. */
  text: 25_000,
  /**
   * Characters of `id`, `author.id`, `author.handle`, and (Pulse's own bound) each hashtag, each mention, `lang` and
   * a media item's `blurhash`.
   */
  key: 256,
  /** Characters of `author.name`. */
  authorName: 512,
  /** Entries in each of `hashtags`, `mentions`, `urls` and `media`. */
  entries: 100,
  /** Characters of one URL: each of `urls`, and a media item's `url` and `previewUrl`. */
  url: 2_048,
} as const;

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
  /**
   * Extension: the live feed's pace for this campaign, in posts a second once a burst is spent (0 shows every post);
   * the node's `FEED_MAX_PER_SEC` when absent.
   */
  feedPace: z.number().min(0, "expected a number of posts a second, 0 for every post").optional(),
  /**
   * Extension: whether pictures wait for a moderator before public screens show them. `off` (default): they show at
   * once, sensitive ones excepted; `pictures`: every post's media waits for its `approveMedia`, its text shows
   * meanwhile; `posts`: a post with media waits whole in the approval queue, and approving it approves its media.
   */
  mediaApproval: z.enum(["off", "pictures", "posts"]).optional(),
  /**
   * Extension: days after `end` at which the stored posts lose their text, their authors' names and their media
   * (retention, docs/privacy.md); counters and aggregates stay. Absent: kept as long as the campaign is.
   */
  retentionDays: z.number().int("expected a whole number of days").min(1, "expected 1 day or more").max(3650, "expected at most 3650 days").optional(),
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
  /**
   * Extension: the posts staff pinned, newest pin first, visible posts only. The stores always send it; it is
   * optional so a snapshot from an older server still parses (as `[]`).
   */
  pinned: z.array(PostSchema).default([]).optional(),
  /**
   * Extension: the campaign's insights (insights.ts). Only for a client that asked for them in its handshake
   * (`auth.insights: true`) or the relay's own mirror: other screens do not need them.
   */
  insights: InsightsStateSchema.optional(),
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
  /** Extension: present only when the pinned list changed, and then the whole new list (as `Snapshot.pinned`). */
  pinned: z.array(PostSchema).optional(),
  /** Extension: what changed in the insights, for a client that asked for them (see `InsightsChange`). */
  insights: InsightsChangeSchema.optional(),
});
/** What changed since the previous delta. */
export type Delta = z.infer<typeof DeltaSchema>;

/**
 * What leaving approve mode does with the posts held in the queue: `release` approves them all (they show in their
 * places by arrival), `keep` leaves them held, off screen, to approve or hide one by one. Absent: `keep`.
 */
export const HeldPostsSchema = z.enum(["release", "keep"]);
/** What leaving approve mode does with the held posts. */
export type HeldPosts = z.infer<typeof HeldPostsSchema>;

/** `auto`: new posts show at once. `approve`: a post that arrives is held in a queue until staff approve it. */
export const ModerationModeSchema = z.enum(["auto", "approve"]);
/** The moderation mode of a campaign. */
export type ModerationMode = z.infer<typeof ModerationModeSchema>;

/**
 * What staff can do. Post actions take the post key `network:id`; author actions the author key
 * `network:authorId`. Moderation only decides what is shown: it never changes a counter.
 */
export const ModerationActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.enum(POST_ACTIONS), key: z.string().min(1) }),
  z.object({ type: z.enum(AUTHOR_ACTIONS), author: z.string().min(1) }),
  z.object({ type: z.literal("setMode"), mode: ModerationModeSchema, held: HeldPostsSchema.optional() }),
]);
/** One moderation action. */
export type ModerationAction = z.infer<typeof ModerationActionSchema>;

/**
 * Where a post stands. `hidden` (by staff) wins over `blocked` (its author is), which wins over `pending`
 * (awaiting approval); otherwise `visible`.
 */
export const PostModerationStateSchema = z.enum(["visible", "hidden", "blocked", "pending"]);
/** Where a post stands. */
export type PostModerationState = z.infer<typeof PostModerationStateSchema>;

/** `changed`: applied and sent to every screen; `unchanged`: it was already so; `not_found`: no such post. */
export const ModerationOutcomeSchema = z.enum(["changed", "unchanged", "not_found"]);
/** What a moderation action did. */
export type ModerationOutcome = z.infer<typeof ModerationOutcomeSchema>;

/** A stored post and its moderation flags. */
export const ModeratedPostSchema = z.object({
  post: PostSchema,
  state: PostModerationStateSchema,
  hidden: z.boolean(),
  blocked: z.boolean(),
  pending: z.boolean(),
  pinned: z.boolean(),
});
/** A stored post and its moderation flags. */
export type ModeratedPost = z.infer<typeof ModeratedPostSchema>;

/**
 * Staff edits of settings that the audit log records beside moderation actions. They are not moderation actions:
 * they change no screen, so `Store.moderate` refuses them, and they neither move the store revision nor publish.
 *
 * - `setBlocklist`: the keyword blocklist was saved. `words` is how many entries it holds now; `added` and
 *   `removed` are the entries that differ from the list in force before (the default list while none was saved),
 *   compared exactly, each in its list's order.
 * - `setHires`: the hires organization `orgId` reports went from `previous` (null: never reported, which counts
 *   as 0) to `hires`.
 * - `editCampaign`: staff `created`, `edited`, `archived` or `unarchived` the campaign whose log this is; `fields`
 *   names the top-level fields of the Campaign that changed (all of them for `created`, none for an archive).
 * - `recount`: staff re-attributed the campaign's stored posts under its current definition; `posts` is how many
 *   were read.
 * - `eraseAuthor`: an admin erased an author of `network` (docs/privacy.md); `ref` is a hash of who (never the id
 *   or handle itself), `posts` how many of this campaign's stored posts were erased.
 * - `retention`: the retention job dropped the text, author names and media of `posts` stored posts, `days` after
 *   the campaign's end.
 */
export const SettingsEditSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("setBlocklist"),
    words: z.number().int().nonnegative(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  z.object({
    type: z.literal("setHires"),
    orgId: z.string().min(1),
    hires: z.number().int().nonnegative(),
    previous: z.number().int().nonnegative().nullable(),
  }),
  z.object({
    type: z.literal("editCampaign"),
    change: z.enum(["created", "edited", "archived", "unarchived"]),
    fields: z.array(z.string()),
  }),
  z.object({
    type: z.literal("recount"),
    posts: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal("eraseAuthor"),
    network: z.string().min(1),
    ref: z.string().min(1),
    posts: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal("retention"),
    posts: z.number().int().nonnegative(),
    days: z.number().int().positive(),
  }),
]);
/** One staff edit of a setting, as the audit log records it. */
export type SettingsEdit = z.infer<typeof SettingsEditSchema>;

/** What an audit log entry records: a moderation action, or a staff edit of a setting. */
export const AuditActionSchema = z.discriminatedUnion("type", [...ModerationActionSchema.options, ...SettingsEditSchema.options]);
/** What an audit log entry records. */
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * What a moderation action was about, as it stood when the action was taken, so the audit log and the blocked
 * list read as names rather than ids: the post's author and an excerpt of its text, or the blocked author (and
 * the post they were blocked from, when known).
 */
export const ModerationSubjectSchema = z.object({
  handle: z.string(),
  name: z.string().optional(),
  excerpt: z.string().optional(),
});
/** What a moderation action was about. */
export type ModerationSubject = z.infer<typeof ModerationSubjectSchema>;

/** How many characters of a post's text `ModerationSubject.excerpt` keeps. */
export const EXCERPT_LENGTH = 140;

/**
 * One line of the moderation audit log: who did what, when, and a store revision. For a moderation action `rev`
 * is the revision the action made; for a settings edit, which moves no revision, it is the revision the store
 * stood at (so it may repeat the previous entry's).
 */
export const ModerationLogEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  action: AuditActionSchema,
  rev: z.number().int().nonnegative(),
  /** Extension: what the action was about, when known (entries from before it was recorded have none). */
  about: ModerationSubjectSchema.optional(),
});
/** One line of the moderation audit log. */
export type ModerationLogEntry = z.infer<typeof ModerationLogEntrySchema>;

/** The moderation state of a campaign, as the staff console shows it. */
export const ModerationStateSchema = z.object({
  mode: ModerationModeSchema,
  /** Post keys hidden by staff. */
  hidden: z.array(z.string()),
  /** Post keys pinned, newest pin first (shown only while visible). */
  pinned: z.array(z.string()),
  /** Author keys `network:authorId`. */
  blockedAuthors: z.array(z.string()),
  /**
   * Extension: who each blocked author is, by author key, as recorded when they were blocked (handle, name and
   * an excerpt of the post they were blocked from). Authors blocked before it was recorded, or by id alone with no
   * stored post, are absent.
   */
  blockedProfiles: z.record(z.string(), ModerationSubjectSchema),
  /** Posts awaiting approval, oldest first, at most `QUEUE_LIMIT`; posts of blocked authors are left out. */
  queue: z.array(PostSchema),
  /** How many posts await approval in all, blocked authors' included. */
  queued: z.number().int(),
});
/** The moderation state of a campaign. */
export type ModerationState = z.infer<typeof ModerationStateSchema>;
