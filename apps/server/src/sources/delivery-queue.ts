/**
 * How the network connectors (X, Mastodon, Bluesky) hand what they read to the ingest pipeline. A connector
 * only pushes items; this queue gathers them into batches, runs one ingest call at a time, and retries a batch
 * the store refused as it was, so nothing is lost or counted twice (ingest is idempotent).
 */
import { errorMessage } from "./error-message.js";
import type { SourceStatusTracker } from "./source-status.js";
import type { IngestSink, SourceLogger } from "./source.js";

/** At most this many items per ingest call: a full batch goes at once, and the rest follow right after it. */
export const DELIVERY_MAX_BATCH = 500;
/** Default of `batchMs`: how long items gather before one ingest call. */
export const DEFAULT_BATCH_MS = 50;
/** Default of `ingestRetryMs`: the wait before a refused batch is tried again. */
export const DEFAULT_INGEST_RETRY_MS = 1_000;

/** The delivery settings every connector's options share. */
export interface DeliveryTuning {
  /** How long items gather before one ingest call. Default 50 ms. */
  batchMs?: number;
  /** Wait before retrying a batch the store refused (store unavailable). Default 1000 ms. */
  ingestRetryMs?: number;
}

/** Options of `DeliveryQueue`. */
export interface DeliveryQueueOptions<T> extends DeliveryTuning {
  /** The source's name: what `sink.ingest` is told, and the logs' prefix. */
  name: string;
  /** The source's status, which counts delivered posts and errors. */
  tracker: SourceStatusTracker;
  logger?: Pick<SourceLogger, "info" | "warn">;
  /**
   * Completes a batch just before each ingest call (Bluesky looks authors' handles up). What it returns is what a
   * retry starts from, so work it did is not lost with a refused call. It should not reject; if it does, the
   * batch is retried like a refused one.
   */
  prepare?: (batch: T[]) => Promise<T[]>;
  /** The raw item ingest receives for a queued one. Default: the item itself. */
  toRaw?: (item: T) => unknown;
}

/**
 * A connector's outbox.
 *
 * - `push` queues items; they go to `sink.ingest(items, name, { campaignOnly: true })` after `batchMs`, or at
 *   once when `DELIVERY_MAX_BATCH` are queued. Calls never overlap; what arrives during one goes right after it.
 * - A call that rejects (the store is away) keeps its batch: the very same items are tried again after
 *   `ingestRetryMs`, before anything newer. One warning per failure streak, and one line when ingest recovers.
 * - `waiting` counts what was received and not stored yet, the batch in the sink's hands included: the
 *   source's `waiting` in `/healthz` and `pulse_source_waiting_items`.
 * - `close` stops the timers and makes one last try with what is left.
 */
export class DeliveryQueue<T = unknown> {
  private readonly name: string;
  private readonly tracker: SourceStatusTracker;
  private readonly logger: Pick<SourceLogger, "info" | "warn"> | undefined;
  private readonly batchMs: number;
  private readonly retryMs: number;
  private readonly prepare: ((batch: T[]) => Promise<T[]>) | undefined;
  private readonly toRaw: (item: T) => unknown;
  private sink: IngestSink | undefined;
  /** Items received and not yet in a call, in arrival order. */
  private queue: T[] = [];
  /** The batch in the sink's hands, or one it refused: retried as is before anything newer. */
  private batch: T[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  /** A call failed and none has succeeded since: the warning was already logged. */
  private failing = false;
  private closed = false;

  constructor(options: DeliveryQueueOptions<T>) {
    this.name = options.name;
    this.tracker = options.tracker;
    this.logger = options.logger;
    this.batchMs = Math.max(0, options.batchMs ?? DEFAULT_BATCH_MS);
    this.retryMs = Math.max(1, options.ingestRetryMs ?? DEFAULT_INGEST_RETRY_MS);
    this.prepare = options.prepare;
    this.toRaw = options.toRaw ?? ((item) => item);
  }

  /** Where items go; nothing is delivered before. */
  start(sink: IngestSink): void {
    this.sink = sink;
    if (this.queue.length > 0) this.schedule(this.batchMs);
  }

  /** Queues items in the order given. After `close` they are dropped. */
  push(...items: T[]): void {
    if (this.closed || items.length === 0) return;
    this.queue.push(...items);
    this.schedule(this.queue.length >= DELIVERY_MAX_BATCH ? 0 : this.batchMs);
  }

  /** Items received and not stored yet: queued, in the sink's hands, or refused and waiting for their retry. */
  get waiting(): number {
    return this.queue.length + (this.batch?.length ?? 0);
  }

  /**
   * Stops the timers, waits for the call in flight, then hands what is left over in one last try (as many
   * calls as it takes, each tried once). What the store still refuses is dropped with a warning.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
    while (this.sink && this.waiting > 0) {
      const before = this.waiting;
      await this.deliver();
      if (this.waiting >= before) break; // refused: the store is away, do not insist
    }
    if (this.waiting > 0) this.logger?.warn({ items: this.waiting }, `${this.name}: stopped with items the store did not take`);
    this.queue = [];
    this.batch = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.inflight || this.closed || !this.sink) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inflight = this.deliver().finally(() => {
        this.inflight = undefined;
        if (this.batch) this.schedule(this.retryMs);
        else if (this.queue.length > 0) this.schedule(0);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One ingest call: the refused batch again if there is one, else the head of the queue. */
  private async deliver(): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    const batch = this.batch ?? this.queue.splice(0, DELIVERY_MAX_BATCH);
    if (batch.length === 0) return;
    this.batch = batch;
    try {
      const items = this.prepare ? await this.prepare(batch) : batch;
      this.batch = items;
      const result = await sink.ingest(items.map(this.toRaw), this.name, { campaignOnly: true });
      this.batch = undefined;
      this.tracker.delivered(result.accepted);
      for (const rejected of result.rejected) this.tracker.error(`ingest rejected an item: ${rejected.error}`);
      if (result.rejected.length > 0) {
        this.logger?.warn({ rejected: result.rejected.length, first: result.rejected[0]?.error }, `${this.name}: items rejected by ingest`);
      }
      if (this.failing) this.logger?.info({ items: items.length }, `${this.name}: ingest recovered`);
      this.failing = false;
    } catch (err) {
      this.tracker.error(err);
      // Once per failure streak: a retry every second would flood the log.
      if (!this.failing) this.logger?.warn({ err: errorMessage(err), items: batch.length }, `${this.name}: ingest failed, retrying the same items`);
      this.failing = true;
    }
  }
}
