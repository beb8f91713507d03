import { z } from "zod";
import { IngestTokenUseSchema } from "./ingest-tokens.js";
import { STAFF_ROLES } from "./endpoints.js";
import { ModeratedPostSchema, ModerationOutcomeSchema, ModerationLogEntrySchema, ModerationModeSchema, NetworkSchema, OrganizationSchema, PostSchema } from "./models.js";

/** What a source is doing. */
export const SOURCE_STATES = ["starting", "running", "connected", "backing-off", "stopped", "failed", "finished"] as const;

/**
 * State of one configured source, as `/healthz` reports it. `running` is a local producer at work (the
 * simulator, a replay); `connected` a network stream that is open; `backing-off` waits until `nextRetryAt`
 * after `lastError`; `failed` gave up (bad credentials, say) and says why in `lastError`.
 */
export const SourceStatusSchema = z.object({
  name: z.string(),
  state: z.enum(SOURCE_STATES),
  /** Posts it handed to the pipeline. */
  posts: z.number(),
  errors: z.number(),
  /** Connections or reconnections it made. */
  reconnects: z.number().optional(),
  lastPostAt: z.string().optional(),
  lastError: z.string().optional(),
  nextRetryAt: z.string().optional(),
  /** Free-form progress, such as a replay's position in its file. */
  detail: z.string().optional(),
  /**
   * Items a network source received and the store has not taken yet: a few while batching, and all it receives
   * while the store refuses (they go in, in order, once it answers). Absent for sources that wait instead.
   */
  waiting: z.number().optional(),
});
/** State of one configured source. */
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/** Body of `GET /healthz`. */
export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  store: z.enum(["memory", "redis"]),
  sources: z.array(SourceStatusSchema),
  /**
   * Each ingest token's last use (issue 18), once an admin created a token: `INGEST_TOKEN` as id `INGEST_TOKEN`,
   * then the created ones. Absent before (the v1 shape) and while the store cannot be reached.
   */
  ingestTokens: z.array(IngestTokenUseSchema).optional(),
});
/** Body of `GET /healthz`. */
export type Health = z.infer<typeof HealthSchema>;

/** One item `POST /api/ingest` could not use. `index` is the 0-based line or array position. */
export const IngestRejectionSchema = z.object({ index: z.number().int(), error: z.string() });
/** One item `POST /api/ingest` could not use. */
export type IngestRejection = z.infer<typeof IngestRejectionSchema>;

/** Body of a `POST /api/ingest` answer (202, and 400 with `error`). */
export const IngestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  deleted: z.number().int(),
  ignored: z.number().int(),
  rejected: z.array(IngestRejectionSchema),
  error: z.string().optional(),
});
/** Body of a `POST /api/ingest` answer. */
export type IngestResult = z.infer<typeof IngestResultSchema>;

/**
 * `GET /api/staff/session`, and `POST /api/staff/login` when the token is right. `via` says how the request
 * proved itself (the login answer leaves it out); `expiresAt` is there for a session cookie only, not for a
 * bearer token; `name` is the display name when one is known.
 */
export const StaffSessionStatusSchema = z.object({
  authenticated: z.literal(true),
  via: z.enum(["session", "bearer"]).optional(),
  /** Extension: the role signed in (`admin` for `STAFF_TOKEN`), which the console hides the actions above. */
  role: z.enum(STAFF_ROLES).optional(),
  /** Extension: the staff account signed in; absent for `STAFF_TOKEN`. */
  account: z.object({ id: z.string(), username: z.string() }).optional(),
  name: z.string().optional(),
  expiresAt: z.string().optional(),
  /**
   * Extension: the hosts post media may load from (`isAllowedMediaUrl`), so the console renders no URL outside
   * them: the networks', the Mastodon instance's and `MEDIA_HOSTS`.
   */
  mediaHosts: z.array(z.string()).optional(),
});
/** A staff session that is signed in. */
export type StaffSessionStatus = z.infer<typeof StaffSessionStatusSchema>;

/** `POST /api/staff/logout`. */
export const StaffLogoutSchema = z.object({ authenticated: z.literal(false) });

/**
 * The answer to every moderation action (post, author, mode): 200 with `changed` or `unchanged`, and the same
 * fields beside `error` in the 404 for a post that is not stored (`not_found`).
 */
export const ModerationResultSchema = z.object({
  outcome: ModerationOutcomeSchema,
  /** The store revision after the action. */
  rev: z.number().int(),
});
/** The answer to every moderation action. */
export type ModerationResult = z.infer<typeof ModerationResultSchema>;

/** `GET /api/moderation/queue`: the approval queue. */
export const ModerationQueueSchema = z.object({
  mode: ModerationModeSchema,
  /** Oldest first, at most `QUEUE_LIMIT`, blocked authors left out. */
  queue: z.array(PostSchema),
  /** Posts awaiting approval in all. */
  queued: z.number().int(),
});
/** The approval queue. */
export type ModerationQueue = z.infer<typeof ModerationQueueSchema>;

/**
 * One line of `GET /api/moderation/audit`: the stored log entry, with its actor split for the console. Its
 * `action` is a moderation action or a settings edit (`setBlocklist`, `setHires`; see `SettingsEdit`), told apart
 * by `action.type`.
 */
export const AuditEntrySchema = ModerationLogEntrySchema.extend({
  /** `account` for a staff account, `session` or `bearer` for `STAFF_TOKEN`, or for automatic actions what took them (`blocklist`). */
  via: z.string(),
  /** The account's username, or the display name given with `STAFF_TOKEN`, when one was given. */
  name: z.string().optional(),
});
/** One line of the audit log, as the console reads it. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/moderation/audit`: newest first. */
export const AuditLogSchema = z.object({ entries: z.array(AuditEntrySchema) });
/** The audit log, newest first. */
export type AuditLog = z.infer<typeof AuditLogSchema>;

/** `GET /api/moderation/posts`: stored posts and their flags, newest first by arrival. */
export const ModeratedPostListSchema = z.object({ posts: z.array(ModeratedPostSchema) });
/** Stored posts and their flags. */
export type ModeratedPostList = z.infer<typeof ModeratedPostListSchema>;

/** `GET` and `PUT /api/moderation/blocklist`. */
export const BlocklistSchema = z.object({
  /** The entries in force. */
  words: z.array(z.string()),
  /** True while staff never saved a list, so the default applies. */
  isDefault: z.boolean(),
  /** The default list, for a "reset" button. */
  defaults: z.array(z.string()),
});
/** The keyword blocklist in force. */
export type Blocklist = z.infer<typeof BlocklistSchema>;

/** `PUT /api/organizations/:id/hires`. */
export const OrganizationHiresSchema = z.object({ id: z.string(), hires: z.number().int() });
/** The hires an organization reported. */
export type OrganizationHires = z.infer<typeof OrganizationHiresSchema>;

/** One row of the staff leaderboard, `GET /api/staff/organizations`. */
export const OrganizationEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  kind: OrganizationSchema.shape.kind,
  sector: z.string().optional(),
  /** Its posts, as the `byOrganization` counter has them. */
  posts: z.number().int(),
  offers: z.number().int(),
  mentions: z.number().int(),
  retweetsOfItsPosts: z.number().int(),
  /** mentions + retweetsOfItsPosts. */
  engagement: z.number().int(),
  /** What it reported through `PUT /api/organizations/:id/hires`; 0 until then. */
  hires: z.number().int(),
});
/** One row of the staff leaderboard. */
export type OrganizationEntry = z.infer<typeof OrganizationEntrySchema>;

/** The store revision figures were computed at, and when. */
const ComputedAtSchema = z.object({ rev: z.number().int(), computedAt: z.string() });

/** `GET /api/staff/organizations`. */
export const LeaderboardViewSchema = ComputedAtSchema.extend({
  /** By engagement, then posts, then name. */
  organizations: z.array(OrganizationEntrySchema),
});
/** The staff leaderboard. */
export type LeaderboardView = z.infer<typeof LeaderboardViewSchema>;

/** An organization's posts, mentions of it, retweets of its posts and its job offers, newest first. */
export const OrganizationListsSchema = z.object({
  posts: z.array(ModeratedPostSchema),
  mentions: z.array(ModeratedPostSchema),
  retweets: z.array(ModeratedPostSchema),
  offers: z.array(ModeratedPostSchema),
});
/** An organization's lists of posts. */
export type OrganizationLists = z.infer<typeof OrganizationListsSchema>;

/** `GET /api/staff/organizations/:id`. */
export const OrganizationDetailSchema = OrganizationEntrySchema.extend({
  ...ComputedAtSchema.shape,
  handles: OrganizationSchema.shape.handles,
  lists: OrganizationListsSchema,
});
/** One organization's page. */
export type OrganizationDetail = z.infer<typeof OrganizationDetailSchema>;

/** Offers, engagement and hires, and hires per offer: hires ÷ offers to three decimals, null without offers. */
export const RoiFiguresSchema = z.object({
  offers: z.number().int(),
  engagement: z.number().int(),
  hires: z.number().int(),
  hiresPerOffer: z.number().nullable(),
});
/** Offers, engagement, hires and hires per offer. */
export type RoiFigures = z.infer<typeof RoiFiguresSchema>;

/** The campaign's ROI totals, over every organization of the campaign. */
export const RoiTotalsSchema = RoiFiguresSchema.extend({ organizations: z.number().int() });
/** The campaign's ROI totals. */
export type RoiTotals = z.infer<typeof RoiTotalsSchema>;

/** One organization's line of `GET /api/staff/roi`. */
export const RoiOrganizationSchema = RoiFiguresSchema.extend({ id: z.string(), name: z.string(), country: z.string() });
/** One organization's ROI line. */
export type RoiOrganization = z.infer<typeof RoiOrganizationSchema>;

/** One country's line of `GET /api/staff/roi`: the organizations of that country, summed. */
export const RoiCountrySchema = RoiFiguresSchema.extend({ country: z.string(), organizations: z.number().int() });
/** One country's ROI line. */
export type RoiCountry = z.infer<typeof RoiCountrySchema>;

/** `GET /api/staff/roi`. */
export const RoiReportSchema = ComputedAtSchema.extend({
  totals: RoiTotalsSchema,
  /** In leaderboard order. */
  organizations: z.array(RoiOrganizationSchema),
  /** By the organizations' country, in code order. */
  countries: z.array(RoiCountrySchema),
});
/** The campaign's ROI report. */
export type RoiReport = z.infer<typeof RoiReportSchema>;

/**
 * Body of `POST /api/staff/privacy/erase`: the author to erase, by network and author id, or by network and handle
 * (compared without case and without a leading `@`). Exactly one of `authorId` and `handle`.
 */
export const ErasureRequestSchema = z
  .object({
    network: NetworkSchema,
    authorId: z.string().min(1, "expected the author's id on that network").max(256).optional(),
    handle: z.string().min(1, "expected the author's handle").max(256).optional(),
  })
  .refine((body) => (body.authorId === undefined) !== (body.handle === undefined), {
    message: `expected exactly one of "authorId" and "handle"`,
    path: ["authorId"],
  });
/** Who an erasure is about. */
export type ErasureRequest = z.infer<typeof ErasureRequestSchema>;

/**
 * Answer of `POST /api/staff/privacy/erase`: `ref` is the non-identifying reference the audit log keeps (a hash of
 * who), `erased` the posts erased across every campaign, `campaigns` each campaign where some were. An unknown author
 * is 200 with `erased: 0`.
 */
export const ErasureResultSchema = z.object({
  network: NetworkSchema,
  ref: z.string(),
  erased: z.number().int().nonnegative(),
  campaigns: z.array(z.object({ campaign: z.string(), posts: z.number().int().nonnegative() })),
});
/** What an erasure did. */
export type ErasureResult = z.infer<typeof ErasureResultSchema>;
