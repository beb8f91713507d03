import type { ModeratedPost, ModerationLogEntry, ModerationMode, ModerationOutcome, Organization, Post } from "./models.js";

/** What a source is doing. */
export const SOURCE_STATES = ["starting", "running", "connected", "backing-off", "stopped", "failed", "finished"] as const;

/**
 * State of one configured source, as `/healthz` reports it. `running` is a local producer at work (the
 * simulator, a replay); `connected` a network stream that is open; `backing-off` waits until `nextRetryAt`
 * after `lastError`; `failed` gave up (bad credentials, say) and says why in `lastError`.
 */
export interface SourceStatus {
  name: string;
  state: (typeof SOURCE_STATES)[number];
  /** Posts it handed to the pipeline. */
  posts: number;
  errors: number;
  /** Connections or reconnections it made. */
  reconnects?: number;
  lastPostAt?: string;
  lastError?: string;
  nextRetryAt?: string;
  /** Free-form progress, such as a replay's position in its file. */
  detail?: string;
  /**
   * Items a network source received and the store has not taken yet: a few while batching, and all it receives
   * while the store refuses (they go in, in order, once it answers). Absent for sources that wait instead.
   */
  waiting?: number;
}

/** Body of `GET /healthz`. */
export interface Health {
  status: "ok" | "degraded";
  store: "memory" | "redis";
  sources: SourceStatus[];
}

/** One item `POST /api/ingest` could not use. `index` is the 0-based line or array position. */
export interface IngestRejection {
  index: number;
  error: string;
}

/** Body of a `POST /api/ingest` answer (202, and 400 with `error`). */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  deleted: number;
  ignored: number;
  rejected: IngestRejection[];
  error?: string;
}

/**
 * `GET /api/staff/session`, and `POST /api/staff/login` when the token is right. `via` says how the request
 * proved itself (the login answer leaves it out); `expiresAt` is there for a session cookie only, not for a
 * bearer token; `name` is the display name when one is known.
 */
export interface StaffSessionStatus {
  authenticated: true;
  via?: "session" | "bearer";
  name?: string;
  expiresAt?: string;
}

/**
 * The answer to every moderation action (post, author, mode): 200 with `changed` or `unchanged`, and the same
 * fields beside `error` in the 404 for a post that is not stored (`not_found`).
 */
export interface ModerationResult {
  outcome: ModerationOutcome;
  /** The store revision after the action. */
  rev: number;
}

/** `GET /api/moderation/queue`: the approval queue. */
export interface ModerationQueue {
  mode: ModerationMode;
  /** Oldest first, at most `QUEUE_LIMIT`, blocked authors left out. */
  queue: Post[];
  /** Posts awaiting approval in all. */
  queued: number;
}

/**
 * One line of `GET /api/moderation/audit`: the stored log entry, with its actor split for the console. Its
 * `action` is a moderation action or a settings edit (`setBlocklist`, `setHires`; see `SettingsEdit`), told apart
 * by `action.type`.
 */
export interface AuditEntry extends ModerationLogEntry {
  /** `session` or `bearer` for staff, or for automatic actions what took them (`blocklist`). */
  via: string;
  /** The staff member's display name, when one was given. */
  name?: string;
}

/** `GET /api/moderation/audit`: newest first. */
export interface AuditLog {
  entries: AuditEntry[];
}

/** `GET /api/moderation/posts`: stored posts and their flags, newest first by arrival. */
export interface ModeratedPostList {
  posts: ModeratedPost[];
}

/** `GET` and `PUT /api/moderation/blocklist`. */
export interface Blocklist {
  /** The entries in force. */
  words: string[];
  /** True while staff never saved a list, so the default applies. */
  isDefault: boolean;
  /** The default list, for a "reset" button. */
  defaults: string[];
}

/** `PUT /api/organizations/:id/hires`. */
export interface OrganizationHires {
  id: string;
  hires: number;
}

/** One row of the staff leaderboard, `GET /api/staff/organizations`. */
export interface OrganizationEntry {
  id: string;
  name: string;
  country: string;
  kind: Organization["kind"];
  sector?: string;
  /** Its posts, as the `byOrganization` counter has them. */
  posts: number;
  offers: number;
  mentions: number;
  retweetsOfItsPosts: number;
  /** mentions + retweetsOfItsPosts. */
  engagement: number;
  /** What it reported through `PUT /api/organizations/:id/hires`; 0 until then. */
  hires: number;
}

/** `GET /api/staff/organizations`. */
export interface LeaderboardView {
  /** The store revision the figures were computed at, and when. */
  rev: number;
  computedAt: string;
  /** By engagement, then posts, then name. */
  organizations: OrganizationEntry[];
}

/** An organization's posts, mentions of it, retweets of its posts and its job offers, newest first. */
export interface OrganizationLists {
  posts: ModeratedPost[];
  mentions: ModeratedPost[];
  retweets: ModeratedPost[];
  offers: ModeratedPost[];
}

/** `GET /api/staff/organizations/:id`. */
export interface OrganizationDetail extends OrganizationEntry {
  rev: number;
  computedAt: string;
  handles: Organization["handles"];
  lists: OrganizationLists;
}

/** Offers, engagement and hires, and hires per offer: hires ÷ offers to three decimals, null without offers. */
export interface RoiFigures {
  offers: number;
  engagement: number;
  hires: number;
  hiresPerOffer: number | null;
}

/** The campaign's ROI totals, over every organization of the campaign. */
export interface RoiTotals extends RoiFigures {
  organizations: number;
}

/** One organization's line of `GET /api/staff/roi`. */
export interface RoiOrganization extends RoiFigures {
  id: string;
  name: string;
  country: string;
}

/** One country's line of `GET /api/staff/roi`: the organizations of that country, summed. */
export interface RoiCountry extends RoiFigures {
  country: string;
  organizations: number;
}

/** `GET /api/staff/roi`. */
export interface RoiReport {
  /** The store revision the figures were computed at, and when. */
  rev: number;
  computedAt: string;
  totals: RoiTotals;
  /** In leaderboard order. */
  organizations: RoiOrganization[];
  /** By the organizations' country, in code order. */
  countries: RoiCountry[];
}
