/**
 * `SOURCE=x`: the X API v2 filtered stream (`GET /2/tweets/search/stream`), with its rules kept in step with the
 * campaigns' hashtags and organizations by `XStreamRules` (x-stream-rules.ts). Follows X's "Handling
 * disconnections" guide: heartbeats are bare `\r\n`, 20 s without a byte means a stall, and each kind of failure
 * has its own schedule.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { SourceStatus } from "@pulse/shared";
import { exponentialBackoff, linearBackoff, type Backoff } from "./backoff.js";
import { DeliveryQueue, type DeliveryTuning } from "./delivery-queue.js";
import { errorMessage } from "./error-message.js";
import { HttpStatusError, NetworkError, describeErrors, httpStatusError } from "./http-error.js";
import { SourceStatusTracker } from "./source-status.js";
import type { IngestSink, Source, SourceLogger } from "./source.js";
import type { SubscriptionTerms } from "./subscription-terms.js";
import { XStreamRules } from "./x-stream-rules.js";

/** The failures X gives different reconnect schedules. */
export type XFailureKind = "network" | "http" | "rateLimit";

/** One retry schedule per kind of failure. */
export type XBackoffSchedules = Record<XFailureKind, Backoff>;

/**
 * X's documented schedules: network errors (refused, reset, stalled, dropped) back off linearly by 250 ms up to
 * 16 s; HTTP errors exponentially from 5 s up to 320 s; a 429 exponentially from 60 s. X names no cap for 429s,
 * so it stops doubling at 960 s, past one 15-minute rate-limit window.
 */
export const X_BACKOFF: Readonly<XBackoffSchedules> = Object.freeze({
  network: linearBackoff(250, 16_000),
  http: exponentialBackoff(5_000, 320_000),
  rateLimit: exponentialBackoff(60_000, 960_000),
});

/** X closes a stream that sends nothing for this long; it sends a heartbeat every few seconds. */
export const X_SILENCE_TIMEOUT_MS = 20_000;

/**
 * The stream's query: the expansions and fields the X v2 normalizer reads (author, full `note_tweet` text,
 * entities, kind from `referenced_tweets` with `includes.tweets`, country from `geo.place_id` with
 * `includes.places`, edit key from `edit_history_tweet_ids`, media from `attachments.media_keys` with
 * `includes.media` and their sensitivity from `possibly_sensitive`).
 */
export const X_STREAM_QUERY: Readonly<Record<string, string>> = Object.freeze({
  expansions: "author_id,referenced_tweets.id,geo.place_id,edit_history_tweet_ids,attachments.media_keys",
  "tweet.fields":
    "attachments,author_id,created_at,edit_history_tweet_ids,entities,geo,lang,note_tweet,possibly_sensitive,public_metrics,referenced_tweets",
  "user.fields": "name,public_metrics,username,verified",
  "place.fields": "country_code",
  "media.fields": "url,preview_image_url,alt_text,width,height,type,variants",
});

/** Options of `XSource`. */
export interface XSourceOptions extends DeliveryTuning {
  /** `X_API_URL`. Default `https://api.x.com`. */
  apiUrl?: string;
  /** `X_BEARER_TOKEN`: an app-only bearer token. */
  bearerToken: string;
  /** What the rules ask for; a change is synced at once, on the open stream. */
  terms: SubscriptionTerms;
  logger?: SourceLogger;
  /** Replaces some or all of `X_BACKOFF` (tests use milliseconds). */
  backoff?: Partial<XBackoffSchedules>;
  /** Abort and reconnect after this long without a byte. Default 20 000 ms. */
  silenceTimeoutMs?: number;
  /**
   * On a reconnect, ask X to resend up to this many minutes (1–5) through `backfill_minutes`, which only some
   * access levels allow. What was already counted comes back as a duplicate. Default 0: not asked.
   */
  backfillMinutes?: number;
  /** Deadline of one rules request. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Longest rule value made. Default 512 characters, the lowest access level's. */
  ruleMaxLength?: number;
}

/** What a failure means for the connector: which schedule to wait by, or give up. */
export function classifyXFailure(err: unknown): XFailureKind | "fatal" {
  if (err instanceof HttpStatusError) {
    if (err.status === 429) return "rateLimit";
    // Bad or revoked credentials, or an app without filtered-stream access: waiting does not fix either.
    if (err.status === 401 || err.status === 403) return "fatal";
    return "http";
  }
  return "network";
}

const NAME = "x";
/** A message is a few kilobytes; a "line" this long means the stream is garbage, and holding it would grow memory. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Reads the X API v2 filtered stream into the ingest pipeline.
 *
 * - On start it syncs the rules (`XStreamRules`), then opens the stream with `X_STREAM_QUERY`; a failed sync is
 *   retried before connecting, by the same schedules as the stream. When the terms change (a campaign edited,
 *   created, archived, or live by the clock), the rules are synced again while the stream stays open: one list,
 *   one delete and one add call at most, one sync at a time, a failed one retried on its own schedule.
 * - Every JSON line is a raw item for the ingest pipeline, handed over by a `DeliveryQueue` (batches, one call
 *   at a time, a refused batch retried as it was). A line that is not JSON, or one cut off by a drop, is counted
 *   as an error and skipped.
 *   In-stream error objects (`{ errors }` without `data`, such as an operational disconnect) go to the pipeline,
 *   which ignores them, and are recorded as the status's last error.
 * - Any byte, a heartbeat included, resets the silence watchdog; past `silenceTimeoutMs` it aborts and reconnects.
 * - Failures back off by kind (`X_BACKOFF`), each kind counting its own attempts; a connection that answered 200
 *   and sent a byte is healthy and resets every count, so after a drop the next try waits one network step
 *   (250 ms). A 401 or 403 is fatal: state `failed`, no retry, since only new credentials or access can fix it.
 */
export class XSource implements Source {
  readonly name = NAME;
  private readonly tracker = new SourceStatusTracker(NAME);
  private readonly apiUrl: string;
  private readonly schedules: XBackoffSchedules;
  private readonly silenceTimeoutMs: number;
  private readonly backfillMinutes: number;
  private readonly logger: SourceLogger | undefined;
  private readonly delivery: DeliveryQueue;
  private readonly rules: XStreamRules;
  private readonly attempts: Record<XFailureKind, number> = { network: 0, http: 0, rateLimit: 0 };
  private started = false;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private rulesInStep = false;
  /** The terms changed since the last sync began. */
  private rulesStale = false;
  /** The sync running on the open stream, if any. */
  private resync: Promise<void> | undefined;
  private readonly resyncController = new AbortController();
  private readonly resyncAttempts: Record<XFailureKind, number> = { network: 0, http: 0, rateLimit: 0 };
  private unsubscribe: (() => void) | undefined;
  private connections = 0;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: XSourceOptions) {
    if (!options.bearerToken) throw new Error("x: a bearer token is required (X_BEARER_TOKEN)");
    this.apiUrl = (options.apiUrl ?? "https://api.x.com").replace(/\/+$/, "");
    this.schedules = { ...X_BACKOFF, ...options.backoff };
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? X_SILENCE_TIMEOUT_MS;
    const backfill = options.backfillMinutes ?? 0;
    if (!Number.isInteger(backfill) || backfill < 0 || backfill > 5) {
      throw new Error(`x: backfillMinutes must be a whole number from 0 to 5, received ${backfill}`);
    }
    this.backfillMinutes = backfill;
    this.logger = options.logger;
    const { batchMs, ingestRetryMs } = options;
    this.rules = new XStreamRules({
      apiUrl: this.apiUrl,
      headers: this.headers(),
      ruleMaxLength: options.ruleMaxLength,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      tracker: this.tracker,
      logger: options.logger,
    });
    this.delivery = new DeliveryQueue({ name: NAME, tracker: this.tracker, logger: options.logger, batchMs, ingestRetryMs });
  }

  /** Syncs the rules and opens the stream in the background; returns at once. */
  start(sink: IngestSink): void {
    if (this.started) throw new Error("x: already started");
    this.started = true;
    this.delivery.start(sink);
    this.unsubscribe = this.options.terms.subscribe(() => this.termsChanged());
    this.loop = this.run();
  }

  /** Closes the stream and every timer, stores what was already read (one try), and resolves when done. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.controller?.abort(new Error("x: stopped"));
    this.resyncController.abort(new Error("x: stopped"));
    this.wake?.();
    await this.loop;
    await this.resync;
    await this.delivery.close();
    if (this.tracker.snapshot().state !== "failed") this.tracker.ended("stopped");
  }

  status(): SourceStatus {
    return { ...this.tracker.snapshot(), waiting: this.delivery.waiting };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const controller = new AbortController();
      this.controller = controller;
      try {
        if (!this.rulesInStep) {
          this.rulesStale = false;
          await this.rules.sync(controller, this.options.terms.current());
          this.rulesInStep = true;
          // Terms that changed during the first sync are synced on the open stream.
          if (this.rulesStale) this.termsChanged();
        }
        await this.readStream(controller);
      } catch (caught) {
        if (this.stopping) break;
        const err = failureOf(caught, controller.signal);
        const kind = classifyXFailure(err);
        if (kind === "fatal") {
          this.tracker.failed(err);
          this.logger?.warn({ err: err.message }, "x: giving up; fix the credentials or the app's access, then restart");
          return;
        }
        this.attempts[kind] += 1;
        const delayMs = this.schedules[kind](this.attempts[kind]);
        this.tracker.backingOff(err, delayMs);
        this.logger?.warn({ err: err.message, kind, attempt: this.attempts[kind], delayMs }, "x: reconnecting after a pause");
        await this.pause(delayMs);
      }
    }
  }

  /** The terms changed: sync the rules on the open stream (the first sync, before connecting, is `run`'s). */
  private termsChanged(): void {
    this.rulesStale = true;
    // A failed source (credentials, access) waits for a restart: syncing would only be refused again.
    if (this.stopping || !this.rulesInStep || this.resync || this.tracker.snapshot().state === "failed") return;
    this.resync = this.resyncRules().finally(() => {
      this.resync = undefined;
    });
  }

  /** Syncs until the rules match the latest terms; a failure waits by its kind's schedule, as the stream does. */
  private async resyncRules(): Promise<void> {
    const signal = this.resyncController.signal;
    while (this.rulesStale && !this.stopping) {
      this.rulesStale = false;
      // A controller per try: a deadline aborts it, and `stop` aborts the one running.
      const controller = new AbortController();
      const abort = () => controller.abort(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      try {
        await this.rules.sync(controller, this.options.terms.current());
        this.resyncAttempts.network = this.resyncAttempts.http = this.resyncAttempts.rateLimit = 0;
      } catch (caught) {
        if (this.stopping) return;
        const err = failureOf(caught, controller.signal);
        const kind = classifyXFailure(err);
        this.tracker.error(err);
        // Fatal for the stream (credentials, access) is for the stream loop to judge; here it waits as an HTTP error.
        const schedule = kind === "fatal" ? "http" : kind;
        this.resyncAttempts[schedule] += 1;
        const delayMs = this.schedules[schedule](this.resyncAttempts[schedule]);
        this.logger?.warn({ err: err.message, kind, delayMs }, "x: could not sync the stream rules; retrying after a pause");
        this.rulesStale = true;
        await sleep(delayMs, undefined, { signal, ref: false }).catch(() => undefined);
      } finally {
        signal.removeEventListener("abort", abort);
      }
    }
  }

  /** Waits `ms`, or less if `stop` is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  // ---- stream ----

  private streamUrl(): string {
    const query = new URLSearchParams(X_STREAM_QUERY);
    // Backfill only helps after a gap; on the first connection there is nothing missed to ask for.
    if (this.backfillMinutes > 0 && this.connections > 0) query.set("backfill_minutes", String(this.backfillMinutes));
    return `${this.apiUrl}/2/tweets/search/stream?${query}`;
  }

  /** Reads one connection until it fails; it always ends by throwing. */
  private async readStream(controller: AbortController): Promise<void> {
    // The watchdog also covers a server that accepts the connection but never answers.
    const watchdog = setTimeout(
      () => controller.abort(new NetworkError(`x: stream silent for ${this.silenceTimeoutMs} ms (no data, no heartbeat)`)),
      this.silenceTimeoutMs,
    );
    watchdog.unref();
    let partial = "";
    try {
      const url = this.streamUrl();
      this.connections += 1;
      const response = await fetch(url, { headers: this.headers(), signal: controller.signal });
      if (!response.ok) throw await httpStatusError(response, "x: GET /2/tweets/search/stream");
      if (!response.body) throw new NetworkError("x: the stream answered without a body");
      this.tracker.running("connected");
      this.logger?.info({ connection: this.connections }, "x: stream connected");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let healthy = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        watchdog.refresh();
        if (!healthy) {
          healthy = true;
          this.attempts.network = this.attempts.http = this.attempts.rateLimit = 0;
        }
        // Messages end with \r\n and a heartbeat is a bare \r\n; JSON never holds a raw newline.
        const lines = (partial + decoder.decode(value, { stream: true })).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) this.onLine(line);
        if (partial.length > MAX_LINE_CHARS) {
          this.skip(`x: skipped a line longer than ${MAX_LINE_CHARS} characters without an end`);
          partial = "";
        }
      }
      partial += decoder.decode();
      throw new NetworkError("x: the stream was closed by the server");
    } finally {
      clearTimeout(watchdog);
      if (partial.trim().length > 0 && !this.stopping) {
        this.skip(`x: skipped a message cut off by the disconnect (${partial.length} characters)`);
      }
    }
  }

  private onLine(raw: string): void {
    const line = raw.trim();
    if (line.length === 0) return; // heartbeat
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      this.skip(`x: skipped a line that is not JSON: ${line.slice(0, 80)}`);
      return;
    }
    if (isStreamError(item)) {
      const message = `x: stream error: ${describeErrors(item.errors)}`;
      this.tracker.error(message);
      this.logger?.warn({ errors: item.errors }, message);
    }
    this.delivery.push(item);
  }

  private skip(message: string): void {
    this.tracker.error(message);
    this.logger?.warn({}, message);
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.options.bearerToken}`, "User-Agent": "Pulse" };
  }
}

/** The error a failed attempt stands for: an abort by the watchdog or a deadline carries its reason. */
function failureOf(caught: unknown, signal: AbortSignal): Error {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason;
  if (caught instanceof HttpStatusError || caught instanceof NetworkError) return caught;
  // fetch rejects with "fetch failed" and puts ECONNREFUSED, ECONNRESET… in `cause`.
  const cause = (caught as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : undefined;
  return new NetworkError(`x: network error: ${errorMessage(caught)}${detail ? ` (${detail})` : ""}`);
}

function isStreamError(item: unknown): item is { errors: unknown[] } {
  return typeof item === "object" && item !== null && !("data" in item) && Array.isArray((item as { errors?: unknown }).errors);
}
