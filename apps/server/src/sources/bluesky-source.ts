import { isRecord, jetstreamRepostSubject, normalizeJetstream, normalizeTag, type Post, type SourceStatus } from "@pulse/shared";
import WebSocket, { type RawData } from "ws";
import { exponentialBackoff, type Backoff } from "./backoff.js";
import { BlueskyProfileResolver, type BlueskyProfileResolverOptions } from "./bluesky-profiles.js";
import { DeliveryQueue, type DeliveryTuning } from "./delivery-queue.js";
import { SourceStatusTracker } from "./source-status.js";
import type { IngestSink, Source, SourceLogger } from "./source.js";
import { allHashtags, type SubscriptionTerms } from "./subscription-terms.js";

/** Options of `BlueskySource`. */
export interface BlueskySourceOptions extends DeliveryTuning {
  /** The Jetstream subscribe endpoint (`JETSTREAM_URL`), `ws:` or `wss:`; its own query parameters are kept. */
  url: string;
  /** The campaigns' hashtags are what it keeps; a change takes effect on the open connection. */
  terms: SubscriptionTerms;
  logger?: SourceLogger;
  /** Delay before reconnect number n. Default `BLUESKY_BACKOFF`: 250 ms doubling up to 30 s. */
  backoff?: Backoff;
  /** Silence after which the connector pings, and at twice which it reconnects. Default 30 s (so 60 s). */
  idleTimeoutMs?: number;
  /** How many campaign posts to remember for recognizing their reposts. Default 100 000. */
  rememberPosts?: number;
  /**
   * The AppView that resolves authors' DIDs to handles and display names (`BLUESKY_APPVIEW_URL`). Absent or empty:
   * no lookups, and a post's `author.handle` is its DID.
   */
  appviewUrl?: string;
  /** Tuning of the profile lookups (timeout, cache); see `BlueskyProfileResolver`. */
  profileLookup?: Omit<BlueskyProfileResolverOptions, "appviewUrl" | "logger">;
}

/** What waits for the next ingest call: a normalized post (its author may still need a handle) or a raw event. */
type Queued = { post: Post } | { event: unknown };

/** The source name used for `sink.ingest` and in `status()`. */
const NAME = "bluesky";
/** The collections the connector subscribes to. */
export const JETSTREAM_COLLECTIONS = ["app.bsky.feed.post", "app.bsky.feed.repost"] as const;
/** The schedule: exponential from 250 ms up to 30 s. */
export const BLUESKY_BACKOFF: Backoff = exponentialBackoff(250, 30_000);
/** A resume starts this far before the last event seen, so nothing in flight is missed (Jetstream's advice). */
export const RESUME_OVERLAP_US = 5_000_000;

/** The subscribe URL: `base` with both collections in `wantedCollections`, and `cursor` (µs) when resuming. */
export function jetstreamUrl(base: string, cursor?: number): string {
  const url = new URL(base);
  url.searchParams.delete("wantedCollections");
  url.searchParams.delete("cursor");
  for (const collection of JETSTREAM_COLLECTIONS) url.searchParams.append("wantedCollections", collection);
  if (cursor !== undefined) url.searchParams.set("cursor", String(cursor));
  return url.toString();
}

/**
 * Follows Bluesky's Jetstream: one websocket subscribed to posts and reposts, from which it keeps what the
 * campaign needs and hands it to the ingest pipeline in batches.
 *
 * What it keeps: posts carrying a hashtag of one of the campaigns (`terms`) (normalized here, `campaignOnly`), deletes of the posts and
 * reposts it handed over in this process (the whole network's deletes would each leave a tombstone in the store),
 * and reposts of campaign posts it has seen in this process
 * (as normalized posts carrying the subject's hashtags, since a repost has none of its own). It skips the rest
 * before the pipeline, so a store outage only has to hold what counts; `status().detail` says how many it skipped.
 * Limits: a repost of a campaign post made before this process started (or forgotten past `rememberPosts`) is not
 * recognized.
 *
 * Authors: Jetstream names them by DID only. With `appviewUrl`, the DIDs of a batch are looked up (see
 * `BlueskyProfileResolver`) before the batch goes to the pipeline, so posts carry the handle (which organizations
 * are matched by) and the display name; `author.id` stays the DID. A lookup that fails or times out does not hold
 * the batch: those posts keep the DID as handle, as without `appviewUrl`.
 *
 * Resilience: a malformed message counts as an error and is skipped. After a drop it reconnects on `backoff`,
 * resuming at `cursor` = the latest `time_us` seen minus 5 s; the pipeline's dedupe absorbs the overlap. Items
 * go to the pipeline through a `DeliveryQueue`: one ingest call at a time, a refused batch kept and retried whole.
 */
export class BlueskySource implements Source {
  readonly name = NAME;
  private readonly url: string;
  /** The hashtags kept, as `normalizeTag` gives them; replaced when the terms change. */
  private hashtags: ReadonlySet<string> = new Set();
  private unsubscribe: (() => void) | undefined;
  private readonly logger: SourceLogger | undefined;
  private readonly backoff: Backoff;
  private readonly idleTimeoutMs: number;
  private readonly rememberPosts: number;
  private readonly tracker = new SourceStatusTracker(NAME);
  private readonly profiles: BlueskyProfileResolver | undefined;
  private readonly delivery: DeliveryQueue<Queued>;

  private started = false;
  private stopped = false;
  private ws: WebSocket | undefined;
  /** Reconnects since the last connection that delivered a message. */
  private attempt = 0;
  /** The latest `time_us` seen, for the resume cursor. */
  private lastTimeUs: number | undefined;
  private skipped = 0;
  /** AT URI → hashtags of campaign posts seen, oldest first, for recognizing their reposts. */
  private readonly campaignPosts = new Map<string, string[]>();

  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BlueskySourceOptions) {
    const url = new URL(options.url);
    if (url.protocol !== "ws:" && url.protocol !== "wss:") {
      throw new Error(`bluesky: JETSTREAM_URL must be a ws: or wss: URL, received ${options.url}`);
    }
    this.url = options.url;
    this.logger = options.logger;
    this.backoff = options.backoff ?? BLUESKY_BACKOFF;
    this.idleTimeoutMs = Math.max(10, options.idleTimeoutMs ?? 30_000);
    this.rememberPosts = Math.max(0, options.rememberPosts ?? 100_000);
    const appviewUrl = options.appviewUrl?.trim();
    this.profiles = appviewUrl
      ? new BlueskyProfileResolver({ ...options.profileLookup, appviewUrl, logger: options.logger })
      : undefined;
    const { batchMs, ingestRetryMs } = options;
    this.delivery = new DeliveryQueue<Queued>({
      name: NAME,
      tracker: this.tracker,
      logger: options.logger,
      batchMs,
      ingestRetryMs,
      // Authors are looked up just before the call; a refused batch keeps the handles found.
      prepare: (batch) => this.withProfiles(batch),
      toRaw: (item) => ("post" in item ? item.post : item.event),
    });
  }

  /** Opens the stream; returns at once. */
  start(sink: IngestSink): void {
    if (this.started) throw new Error("bluesky: already started");
    this.started = true;
    this.delivery.start(sink);
    this.follow();
    this.unsubscribe = this.options.terms.subscribe(() => this.follow());
    this.connect();
  }

  /** Closes the socket and timers, then hands over what was already read (one try) and resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.profiles?.close();
    for (const timer of [this.retryTimer, this.idleTimer]) clearTimeout(timer);
    const ws = this.ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once("close", () => resolve());
        if (ws.readyState === WebSocket.OPEN) {
          ws.close(1000, "stopping");
          // A server that never answers the close handshake must not hold the shutdown.
          setTimeout(() => ws.terminate(), 1_000).unref();
        } else {
          ws.terminate();
        }
      });
    }
    await this.delivery.close();
    this.tracker.ended("stopped");
  }

  status(): SourceStatus {
    const status = this.tracker.snapshot();
    const cursor = this.lastTimeUs === undefined ? "none yet" : String(this.lastTimeUs);
    const handles = this.profiles?.describe() ?? "handles not resolved (no AppView)";
    status.detail = `last time_us ${cursor}; skipped ${this.skipped} event(s) that no campaign needs; ${handles}`;
    status.waiting = this.delivery.waiting;
    return status;
  }

  /**
   * Takes the campaigns' hashtags as the filter. Jetstream cannot filter by hashtag (its subscription names only
   * collections and DIDs), so the filter is local and the connection stays as it is: no reconnect.
   */
  private follow(): void {
    const before = this.hashtags;
    this.hashtags = new Set(allHashtags(this.options.terms.current()));
    if (before.size > 0) this.logger?.info({ hashtags: [...this.hashtags] }, "bluesky: filter follows the campaigns");
  }

  private connect(): void {
    if (this.stopped) return;
    const cursor = this.lastTimeUs === undefined ? undefined : Math.max(0, this.lastTimeUs - RESUME_OVERLAP_US);
    const ws = new WebSocket(jetstreamUrl(this.url, cursor), {
      handshakeTimeout: this.idleTimeoutMs,
      perMessageDeflate: false,
    });
    this.ws = ws;
    let failure: Error | undefined;
    let lastSeen = Date.now();
    let delivered = false;
    const seen = (): void => {
      lastSeen = Date.now();
    };

    ws.on("open", () => {
      seen();
      this.tracker.running("connected");
      this.logger?.info({ cursor: cursor ?? null }, cursor === undefined ? "bluesky: live" : "bluesky: resumed from cursor");
      this.idleTimer = setInterval(() => {
        const silent = Date.now() - lastSeen;
        if (silent >= 2 * this.idleTimeoutMs) {
          failure = new Error(`no data from Jetstream for ${Math.round(silent / 1000)} s`);
          ws.terminate();
        } else if (silent >= this.idleTimeoutMs && ws.readyState === WebSocket.OPEN) {
          ws.ping();
        }
      }, Math.max(5, Math.floor(this.idleTimeoutMs / 2)));
      this.idleTimer.unref();
    });
    ws.on("message", (data, isBinary) => {
      seen();
      if (!delivered) {
        // Only a connection that carries data resets the schedule: one that opens and drops at once still backs off.
        delivered = true;
        this.attempt = 0;
      }
      this.onMessage(data, isBinary);
    });
    ws.on("ping", seen);
    ws.on("pong", seen);
    // `close` always follows `error`; the error only names what went wrong (a 503 on upgrade, a reset…).
    ws.on("error", (err) => {
      failure ??= err;
    });
    ws.on("close", (code, reason) => {
      clearInterval(this.idleTimer);
      this.idleTimer = undefined;
      if (this.ws === ws) this.ws = undefined;
      if (this.stopped) return;
      const why = reason.length > 0 ? `: ${reason.toString()}` : "";
      this.scheduleReconnect(failure ?? new Error(`Jetstream closed the connection (code ${code}${why})`));
    });
  }

  private scheduleReconnect(err: Error): void {
    this.attempt += 1;
    const delay = Math.max(0, this.backoff(this.attempt));
    this.tracker.backingOff(err, delay);
    this.logger?.warn({ err: err.message, attempt: this.attempt, delayMs: delay }, "bluesky: disconnected, reconnecting");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    let event: unknown;
    try {
      // The default binaryType gives a Buffer; fragments and ArrayBuffers are handled for completeness.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
      const text = bytes.toString("utf8");
      event = JSON.parse(text);
    } catch (err) {
      const kind = isBinary ? "binary frame (compression is not supported)" : "message";
      this.tracker.error(new Error(`malformed Jetstream ${kind}: ${(err as Error).message}`));
      return;
    }
    if (isRecord(event) && Number.isSafeInteger(event.time_us)) {
      this.lastTimeUs = Math.max(this.lastTimeUs ?? 0, event.time_us as number);
    }
    const item = this.select(event);
    if (item === undefined) {
      this.skipped += 1;
      return;
    }
    this.delivery.push(item);
  }

  /** What to hand the pipeline for one event, or undefined when no campaign needs it. */
  private select(event: unknown): Queued | undefined {
    const result = normalizeJetstream(event);
    switch (result.type) {
      case "delete": {
        const uri = result.key.slice(`${NAME}:`.length);
        if (!this.campaignPosts.has(uri)) return undefined;
        this.campaignPosts.delete(uri);
        return { event };
      }
      case "post": {
        const post = result.post;
        if (post.hashtags.some((tag) => this.hashtags.has(normalizeTag(tag)))) {
          this.remember(post.id, post.hashtags);
          // Handed over normalized, so its author can be completed before the pipeline sees it.
          return { post };
        }
        const subject = post.kind === "retweet" ? jetstreamRepostSubject(event) : undefined;
        const hashtags = subject === undefined ? undefined : this.campaignPosts.get(subject);
        // A repost has no hashtags of its own: it counts with those of the campaign post it reposts.
        if (!hashtags) return undefined;
        this.remember(post.id, hashtags);
        return { post: { ...post, hashtags } };
      }
      case "rejected":
        this.tracker.error(new Error(`unusable Jetstream event: ${result.error}`));
        return undefined;
      case "ignored":
        return undefined;
    }
  }

  private remember(uri: string, hashtags: string[]): void {
    if (this.rememberPosts === 0) return;
    this.campaignPosts.delete(uri);
    this.campaignPosts.set(uri, hashtags);
    if (this.campaignPosts.size > this.rememberPosts) {
      const oldest = this.campaignPosts.keys().next();
      if (!oldest.done) this.campaignPosts.delete(oldest.value);
    }
  }

  /** The batch with the handle and display name of each post author the AppView knows; the rest unchanged. */
  private async withProfiles(batch: Queued[]): Promise<Queued[]> {
    if (!this.profiles) return batch;
    // An author still named by DID has not been looked up (or the lookup failed): the normalizer sets handle = id.
    const unresolved = (item: Queued): item is { post: Post } => "post" in item && item.post.author.handle === item.post.author.id;
    const dids = batch.filter(unresolved).map((item) => item.post.author.id);
    if (dids.length === 0) return batch;
    const found = await this.profiles.resolve(dids);
    return batch.map((item) => {
      const profile = unresolved(item) ? found.get(item.post.author.id) : undefined;
      if (!profile || !("post" in item)) return item;
      const author = { ...item.post.author, handle: profile.handle };
      if (profile.displayName !== undefined) author.name = profile.displayName;
      return { post: { ...item.post, author } };
    });
  }
}
