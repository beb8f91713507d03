import type {
  ApplyOutcome,
  Change,
  ModeratedPost,
  ModerationAction,
  ModerationLogEntry,
  ModerationResult,
  ModerationState,
  ModerationSubject,
  Post,
  PostInsight,
  RecountStatus,
  SettingsEdit,
  Snapshot,
} from "@pulse/shared";
import type { ErasureTarget } from "./erasure.js";

export type { ErasureTarget };

/**
 * One write to the store: count a post (or apply an edit), or delete a post by its `network:id` key. `hidden`
 * (the keyword blocklist matched) makes a new post arrive hidden, as if staff had hidden it at once: it is counted
 * but never shown, and it skips the approval queue. `held` (its pictures need approval: the campaign's
 * `mediaApproval` is `posts`) makes a new post wait in the approval queue whatever the mode; `hidden` wins. Both are
 * ignored for a duplicate or an edit. `insight` is what the post adds to the insights, read with its campaign
 * (`postInsight`); absent, the store reads it without one (no hashtag left out, no organization known).
 */
export type StoreOp = { type: "post"; post: Post; hidden?: boolean; held?: boolean; insight?: PostInsight } | { type: "delete"; key: string };

/**
 * One applied batch as the feed carries it. `rev` is the store's revision after the batch: it grows by one
 * for every batch that changed something, so a node can tell which changes a snapshot already holds.
 */
export interface StoreChange {
  rev: number;
  change: Change;
}

/**
 * A stored post attributed again (a recount): its key, and the country and organization its campaign's current
 * definition gives it (absent: "unknown" and none).
 */
export interface Reattribution {
  key: string;
  country?: string;
  orgId?: string;
  /**
   * What the post adds to the insights read with the campaign's current definition (its own hashtags, its
   * organizations): replaces the insight its record keeps when the two differ. Absent: the record keeps its own.
   */
  insight?: PostInsight;
}

/** A snapshot read from the store, and the store revision it reflects. */
export interface StoreSnapshot {
  rev: number;
  snapshot: Snapshot;
}

/** What a moderation action did, and the store revision after it (the published change's `rev` when changed). */
export type { ModerationResult };

/** What a store tells its subscribers. */
export interface StoreListener {
  /** A change applied by any node, with absolute values and its `rev`, in the order the store applied them. */
  onChange(change: StoreChange): void;
  /** The feed may have missed changes (pub/sub reconnected); re-read the snapshot. */
  onGap?(): void;
}

/** Thrown by a store that cannot be reached. Nothing of the batch was applied, so a retry is safe. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

/**
 * A batch Redis applied but too few replicas confirmed in time (`REDIS_WAIT_REPLICAS`): it may be lost with the
 * primary, so it is not acknowledged. It answers 503 as an outage does; a retry is safe, since its posts are then
 * found by id and counted once.
 */
export class StoreNotReplicatedError extends StoreUnavailableError {
  override name = "StoreNotReplicatedError";
}

/**
 * The shared truth of one campaign. Implementations: `MemoryStore` (in process, single node) and
 * `RedisStore` (many nodes). Both are held to one contract suite.
 */
export interface Store {
  readonly kind: "memory" | "redis";
  /** Connects; resolves once the store is ready for `apply` and `subscribe`. */
  start(): Promise<void>;
  /**
   * Applies a batch atomically, in order, in one round trip, and publishes the resulting change to every
   * subscriber on every node, tagged with the new `rev` (a batch that changes nothing publishes nothing and
   * leaves `rev` as it was). Returns one outcome per op. Rejects with `StoreUnavailableError` when the
   * store cannot be reached; then nothing was applied, except when Redis lost its connection after applying it or
   * (`StoreNotReplicatedError`) too few replicas confirmed it: a retry then finds those posts by id, so the same
   * batch sent again never counts a post twice.
   */
  apply(ops: StoreOp[]): Promise<ApplyOutcome[]>;
  /** The current state, read atomically from the store with its revision; the snapshot's `seq` is 0. */
  snapshot(): Promise<StoreSnapshot>;
  /**
   * Applies one moderation action atomically, in one round trip, and records it in the audit log under `actor`.
   * When the outcome is `changed` it bumps `rev` and publishes the change with it, like `apply` (the change may
   * be empty: a mode switch shows nothing by itself): `removed` for posts taken off screen, `posts` for posts
   * newly visible among the `RECENT_LIMIT` newest by arrival (and, for `approveMedia` or `unapproveMedia`, which
   * set or drop the stored post's `mediaApproved`, the post again where it is on screen), `pinned` when the visible
   * pinned list changed (or a pinned post on screen was replaced so).
   * Counters never change. `unchanged` (already so) and `not_found` (a post key that is not stored: never
   * counted, or deleted) publish nothing and are not logged. Rejects like `apply`.
   *
   * `about` (who the action is about, as the caller read it from the stored post) goes into the log entry; for a
   * `block` it is also kept with the block, in `ModerationState.blockedProfiles`, until the author is unblocked.
   * A `setMode` with `held: "release"` approves every held post as well, which changes something even when the
   * mode was already the one asked for.
   */
  moderate(action: ModerationAction, actor: string, about?: ModerationSubject): Promise<ModerationResult>;
  /** Mode, hidden and pinned post keys, blocked authors, and the head of the approval queue. */
  moderationState(): Promise<ModerationState>;
  /** A stored post (latest version) and its moderation flags; undefined when not stored. */
  post(key: string): Promise<ModeratedPost | undefined>;
  /**
   * Every stored post in arrival order with its moderation flags, read in batches (for exports). Posts that
   * arrive while it runs may be included; each batch is read atomically.
   */
  allPosts(): AsyncIterable<ModeratedPost>;
  /**
   * The newest `limit` entries of the audit log (default and most: `MODERATION_LOG_LIMIT`), newest first:
   * moderation actions, and the settings edits `setHires` and `setBlocklist` record.
   */
  moderationLog(limit?: number): Promise<ModerationLogEntry[]>;
  /** The hires each organization reports, by organization id (organizations that reported none are absent). */
  hires(): Promise<Record<string, number>>;
  /**
   * Sets the hires an organization reports (an integer ≥ 0) and records a `setHires` audit entry under `actor`,
   * with the value it replaces, atomically in one round trip. The same value again changes and logs nothing.
   * Not a moderation action: `rev` does not move (the entry carries the current one) and nothing is published on
   * the feed: readers ask. Rejects a value that is no integer ≥ 0 before it reaches the store.
   */
  setHires(orgId: string, hires: number, actor: string): Promise<void>;
  /** The keyword blocklist staff saved, or undefined when none was ever saved (the default list applies). */
  blocklist(): Promise<string[] | undefined>;
  /**
   * Saves the keyword blocklist (the caller validates it) and records a `setBlocklist` audit entry under `actor`,
   * atomically in one round trip. The entry's `added` and `removed` are reckoned from the list saved before, or
   * from `defaults` (the list in force while none is saved) the first time. Saving the very list saved (same
   * entries, same order) changes and logs nothing. Like `setHires`, it moves no `rev` and is not published on the
   * feed: ingest re-reads the list.
   */
  setBlocklist(words: string[], actor: string, defaults?: readonly string[]): Promise<void>;
  /**
   * Records a settings edit made outside the store (a campaign edit, a recount) in the audit log under `actor`, at
   * the current `rev`, which it does not move; nothing is published.
   */
  logEdit(edit: SettingsEdit, actor: string): Promise<void>;
  /**
   * Moves stored posts to the country and organization given, atomically for the batch (Redis: one read of the posts,
   * then one script): each
   * counted post (not deleted) whose attribution differs leaves its old `byCountry` and `byOrganization` entries for
   * the new ones, and its stored post and record take them, so a later delete gives back the new ones. Other
   * counters never change. Publishes the change (absolute values, the re-attributed posts on screen) with the next
   * `rev` when something moved. Entries apply in order (a key given twice may move twice); returns how many moved.
   */
  reattribute(posts: Reattribution[]): Promise<number>;
  /** The campaign's last saved recount status, undefined when none was saved. */
  recountStatus(): Promise<RecountStatus | undefined>;
  /**
   * Saves the recount status. With `claim`, atomically and only when no recount is running: a `running` status
   * saved less than `claim.staleMs` ago (its node may have died since) holds; then nothing is saved and it resolves
   * to false.
   */
  saveRecountStatus(status: RecountStatus, claim?: { staleMs: number }): Promise<boolean>;
  /**
   * The live feed's pace from now on, in posts a second once a burst is spent (0 shows every visible post): the
   * campaign's `feedPace`, else the node's `FEED_MAX_PER_SEC`. Each node's store takes it from the campaign
   * definition, so it is not stored; an edit applies it live.
   */
  setFeedPace(perSecond: number): void;
  /**
   * Erases an author from this campaign (docs/privacy.md): every stored post of theirs is deleted through the delete
   * path of `apply` (counters, insights and screens drop as for a delete, published as one change), and then what
   * still names them goes too: their posts' records and the tombstones of their earlier-deleted posts become id-only
   * tombstones (so a replay is still a duplicate), the profile kept with a block of theirs goes (the block itself
   * stays), audit entries about them lose their `about` (handle, name, excerpt). Last, an `eraseAuthor` audit entry
   * under `actor` records the act with `ref` and the count, and nothing of the content. The embedded store rewrites
   * its journal on disk at once. Resolves to how many stored posts were erased (0: nothing of theirs was stored,
   * and then nothing is logged).
   */
  eraseAuthor(target: ErasureTarget, actor: string, ref: string): Promise<number>;
  /**
   * Retention (docs/privacy.md): drops the text, the author's name and the media of every stored post, the names
   * the insights show beside handles, and the names and excerpts the audit log and the blocked profiles keep of who
   * an action was about (their handle stays); counters, aggregates and insights counts stay. Idempotent: a post already
   * reduced is left as it is. Nothing is published (screens take the reduced posts at their next snapshot) and
   * nothing logged (the caller does). Resolves to how many posts it changed.
   */
  reduceForRetention(): Promise<number>;
  /**
   * Claims the retention run of this campaign for `holdMs`, so one node of several on one Redis does it: true when
   * claimed (Redis `SET NX PX`; the embedded store is one node and always claims).
   */
  claimRetention(holdMs: number): Promise<boolean>;
  /** Subscribes to every change; resolves once subscribed, to the function that unsubscribes. */
  subscribe(listener: StoreListener): Promise<() => void>;
  /** True while the store can be reached. */
  isHealthy(): boolean;
  /** Closes connections. */
  close(): Promise<void>;
}
