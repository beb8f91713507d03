import type { ModeratedPost, Organization } from "./models.js";

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
