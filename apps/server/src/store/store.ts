import type { ApplyOutcome, Change, Post, Snapshot } from "@pulse/shared";

/** One write to the store: count a post (or apply an edit), or delete a post by its `network:id` key. */
export type StoreOp = { type: "post"; post: Post } | { type: "delete"; key: string };

/**
 * One applied batch as the feed carries it. `rev` is the store's revision after the batch: it grows by one
 * for every batch that changed something, so a node can tell which changes a snapshot already holds.
 */
export interface StoreChange {
  rev: number;
  change: Change;
}

/** A snapshot read from the store, and the store revision it reflects. */
export interface StoreSnapshot {
  rev: number;
  snapshot: Snapshot;
}

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
   * store cannot be reached; then nothing was applied.
   */
  apply(ops: StoreOp[]): Promise<ApplyOutcome[]>;
  /** The current state, read atomically from the store with its revision; the snapshot's `seq` is 0. */
  snapshot(): Promise<StoreSnapshot>;
  /** Subscribes to every change; resolves once subscribed, to the function that unsubscribes. */
  subscribe(listener: StoreListener): Promise<() => void>;
  /** True while the store can be reached. */
  isHealthy(): boolean;
  /** Closes connections. */
  close(): Promise<void>;
}
