import {
  applyDelta,
  diffSnapshots,
  emptyChange,
  emptySnapshot,
  INSIGHT_LISTS,
  INSIGHT_MAPS,
  isEmptyChange,
  mergeChanges,
  type InsightsState,
  type Change,
  type Delta,
  type Post,
  type Snapshot,
} from "@pulse/shared";
import { dequal } from "dequal";
import type { Logger } from "pino";
import type { Store, StoreChange } from "../store/store.js";
import { projectChange } from "./public-media.js";

/** Where a relay sends each tick's delta: one broadcast, encoded once. */
export type Broadcast = (delta: Delta) => void;

/** Options of a relay. */
export interface RelayOptions {
  store: Store;
  campaignId: string;
  broadcast: Broadcast;
  tickMs: number;
  /** How often the relay re-reads the store to heal changes the feed may have lost. */
  reconcileMs?: number;
  logger?: Logger;
  /** Sends the `seq` of the last delta to every client; see `syncMs`. */
  broadcastSync?: (seq: number) => void;
  /** How long the relay stays quiet before it sends `sync` with the last `seq`. Default 2 s. */
  syncMs?: number;
  /** Called after each tick that sent a delta, for metrics. */
  onTick?: (info: { durationMs: number; delta: Delta }) => void;
  /**
   * What clients may see of a post (`publicPost`: its media), applied once to each post as it comes from the store,
   * so the mirror, snapshots and deltas hold only projected posts. Absent: posts as stored.
   */
  publicPost?: (post: Post) => Post;
}

/**
 * Drops from `change.insights` (mutated) the ranked lists equal to those `held` already has and the map entries
 * it already holds at that value; drops `insights` when nothing is left.
 */
export function pruneInsights(change: Change, held: InsightsState | undefined): void {
  const insights = change.insights;
  if (!insights || !held) return;
  for (const list of INSIGHT_LISTS) if (insights[list] !== undefined && dequal(insights[list], held[list])) delete insights[list];
  for (const map of INSIGHT_MAPS) {
    const entries = insights[map];
    if (!entries) continue;
    for (const [key, value] of Object.entries(entries)) if ((held[map][key] ?? 0) === value) delete entries[key];
    if (Object.keys(entries).length === 0) delete insights[map];
  }
  if (Object.keys(insights).length === 0) delete change.insights;
}

/** Most fed changes kept while a store read is in flight, to lay them over the snapshot it returns. */
const CHANGE_LOG_LIMIT = 2_000;

/**
 * Runs on every node. It follows the store's change feed, coalesces each tick into one delta with the next
 * `seq`, and keeps a mirror of what clients hold as of that `seq`, so the snapshot on connect or resync is
 * consistent with the deltas that follow it. The store's `rev` orders feed and snapshots: a gap in `rev`,
 * a feed reconnect or the periodic reconcile re-reads the store and sends the difference as an ordinary delta.
 */
export class Relay {
  private mirror: Snapshot;
  private pending: Change = emptyChange();
  private seq = 0;
  private rev = 0;
  private log: StoreChange[] = [];
  private unsubscribe: (() => void) | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private lastBroadcastAt = 0;
  private publicPost: ((post: Post) => Post) | undefined;

  constructor(private readonly options: RelayOptions) {
    this.mirror = emptySnapshot(options.campaignId);
    this.publicPost = options.publicPost;
  }

  /**
   * Takes a new projection (a campaign's `mediaApproval` changed) and re-reads the store, so the posts clients hold
   * are sent again, projected anew, in the next tick.
   */
  setPublicPost(publicPost: (post: Post) => Post): Promise<void> {
    this.publicPost = publicPost;
    return this.reload();
  }

  /** A change as clients may see it. */
  private project(change: Change): Change {
    return this.publicPost ? projectChange(change, this.publicPost) : change;
  }

  /** Subscribes to the store, then reads it, so nothing falls between the two. */
  async start(): Promise<void> {
    this.unsubscribe = await this.options.store.subscribe({
      onChange: (change) => this.onChange(change),
      onGap: () => this.restartFeed(),
    });
    await this.reload();
    // The first snapshot is the mirror itself; clients start from it without a delta.
    this.mirror = applyDelta(this.mirror, this.pending);
    this.pending = emptyChange();
    this.tickTimer = setInterval(() => this.tick(), this.options.tickMs);
    this.tickTimer.unref();
    const reconcileMs = this.options.reconcileMs ?? 30_000;
    if (reconcileMs > 0) {
      this.reconcileTimer = setInterval(() => void this.reload(), reconcileMs);
      this.reconcileTimer.unref();
    }
  }

  /** Stops timers and the subscription. */
  stop(): void {
    clearInterval(this.tickTimer);
    clearInterval(this.reconcileTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The state clients hold after the last delta, with its `seq`. */
  snapshot(): Snapshot {
    return this.mirror;
  }

  /** The store revision the relay has reached. */
  revision(): number {
    return this.rev;
  }

  /** True when every change received has gone out in a delta. */
  idle(): boolean {
    return isEmptyChange(this.pending);
  }

  /**
   * The feed reconnected: forget the revision reached, since a Redis that restarted empty counts `rev` from
   * 1 again, and let the store's snapshot decide.
   */
  private restartFeed(): void {
    this.rev = 0;
    this.log = [];
    void this.reload();
  }

  private onChange(stored: StoreChange): void {
    if (stored.rev <= this.rev) return;
    const fed: StoreChange = { rev: stored.rev, change: this.project(stored.change) };
    const gap = fed.rev > this.rev + 1;
    this.rev = fed.rev;
    // Changes are only needed while a store read is in flight; keeping them otherwise costs memory for nothing.
    if (this.reloading) {
      this.log.push(fed);
      if (this.log.length > CHANGE_LOG_LIMIT) this.log.splice(0, this.log.length - CHANGE_LOG_LIMIT);
    }
    mergeChanges(this.pending, fed.change);
    if (gap) {
      this.options.logger?.warn({ rev: fed.rev }, "relay saw a gap in the store feed; re-reading the store");
      void this.reload();
    }
  }

  /** Sends what changed during the tick as one delta. Public so tests and shutdown can flush. */
  tick(): void {
    const started = performance.now();
    if (isEmptyChange(this.pending)) {
      // Quiet: a client that missed the burst's last deltas learns it from the last seq.
      if (this.seq > 0 && started - this.lastBroadcastAt >= (this.options.syncMs ?? 2_000)) {
        this.lastBroadcastAt = started;
        this.options.broadcastSync?.(this.seq);
      }
      return;
    }
    // Insight lists a store sent again unmoved, and map entries clients already hold, are not sent.
    pruneInsights(this.pending, this.mirror.insights);
    if (isEmptyChange(this.pending)) return;
    this.lastBroadcastAt = started;
    this.seq += 1;
    const delta: Delta = { seq: this.seq, ...this.pending };
    this.pending = emptyChange();
    this.mirror = applyDelta(this.mirror, delta);
    this.options.broadcast(delta);
    this.options.onTick?.({ durationMs: performance.now() - started, delta });
  }

  /**
   * Re-reads the store and queues whatever differs from what clients will hold. Changes fed while the read
   * was in flight, newer than the snapshot's `rev`, are laid over it from the change log.
   */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          this.log = [];
          const { rev, snapshot } = await this.options.store.snapshot();
          // The log holds projected changes already; the snapshot's posts are projected like them.
          const projected = this.project({ ...emptyChange(), posts: snapshot.recent, ...(snapshot.pinned ? { pinned: snapshot.pinned } : {}) });
          let target: Snapshot = { ...snapshot, recent: projected.posts, ...(projected.pinned ? { pinned: projected.pinned } : {}) };
          for (const fed of this.log) if (fed.rev > rev) target = applyDelta(target, fed.change);
          const current = applyDelta(this.mirror, this.pending);
          mergeChanges(this.pending, diffSnapshots(current, target));
          if (rev > this.rev) this.rev = rev;
        } while (this.reloadAgain);
      } catch (err) {
        this.options.logger?.warn({ err }, "relay could not re-read the store; will retry");
      } finally {
        this.log = [];
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }
}

