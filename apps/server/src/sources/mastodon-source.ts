import { setTimeout as sleep } from "node:timers/promises";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { SourceStatus } from "@pulse/shared";
import { exponentialBackoff, type Backoff } from "./backoff.js";
import { DeliveryQueue, type DeliveryTuning } from "./delivery-queue.js";
import { errorMessage } from "./error-message.js";
import { HttpStatusError, NetworkError, httpStatusError } from "./http-error.js";
import type { IngestSink, Source, SourceLogger } from "./source.js";
import { SourceStatusTracker } from "./source-status.js";
import { allHashtags, type SubscriptionTerms } from "./subscription-terms.js";

/** Options of `MastodonSource`. */
export interface MastodonSourceOptions extends DeliveryTuning {
  /** The instance's base URL (`MASTODON_URL`), for the REST API: `https://mastodon.social`. */
  url: string;
  /** Bearer token (`MASTODON_TOKEN`). Some instances serve public hashtag streams without one. */
  token?: string;
  /** Streaming API base (`MASTODON_STREAMING_URL`). Default `${url}/api/v1/streaming`. */
  streamingUrl?: string;
  /** The campaigns' hashtags are the streams opened, one each; a change opens and closes streams live. */
  terms: SubscriptionTerms;
  logger?: SourceLogger;
  /** Delay before reconnect number `attempt`. Default `MASTODON_BACKOFF`. A `Retry-After` header wins over it. */
  backoff?: Backoff;
  /** Reconnect a stream that sent nothing, not even a heartbeat, for this long. Default 45 s. */
  silenceMs?: number;
  /** `limit` of one gap-fill page (Mastodon allows up to 40). Default 40. */
  gapPageSize?: number;
  /** Most gap-fill pages read after one reconnect; beyond it the gap is left unfilled and a warning logged. Default 10. */
  gapMaxPages?: number;
  /** Local status ids remembered to turn a `delete` into the status `uri`. Default 10,000. */
  idMapSize?: number;
}

/**
 * Default reconnect schedule: 1 s, doubling on each failed attempt, capped at 60 s. It restarts at 1 s once a
 * connection is accepted. A `Retry-After` on a 429 or 503 (seconds or HTTP date, capped at 15 min) replaces it.
 */
export const MASTODON_BACKOFF: Backoff = exponentialBackoff(1_000, 60_000);

/** Mastodon's streaming server writes `:thump` every 15 s; three missed heartbeats mean the stream is dead. */
const DEFAULT_SILENCE_MS = 45_000;
/** A Status is a few KB; a poll with many options and a long thread context stays far below this. */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** The events of a hashtag stream that carry posts; others (`filters_changed`, announcements…) are skipped. */
const POST_EVENTS = new Set(["update", "status.update", "delete"]);
/** Answers where retrying cannot help: a bad token, a forbidden or unknown stream, a malformed request. */
const FATAL_STATUSES = new Set([400, 401, 403, 404, 410, 422]);

/** The raw streaming event handed to the pipeline, as Mastodon's websocket API sends it. */
export interface MastodonStreamEvent {
  event: string;
  payload: string;
}

/** An answer where retrying cannot help. */
function isFatal(err: unknown): err is HttpStatusError {
  return err instanceof HttpStatusError && FATAL_STATUSES.has(err.status);
}

/** Per-hashtag stream state. */
interface TagStream {
  tag: string;
  state: "starting" | "connected" | "backing-off" | "failed";
  /** Highest status id seen on this tag (stream or gap fill). */
  lastId: string | undefined;
  /** When the stream first opened: the lower bound of a gap when no status was seen before it. */
  firstOpenedAt: number | undefined;
  /** Where the pending gap fill starts; set when an opened stream drops, cleared once filled. */
  gap: { minId: string } | { since: number } | undefined;
  /** Aborts the current connection (and its gap fill). */
  controller: AbortController | undefined;
  /** Aborted when no campaign wants the tag any more, or when the source stops: ends the stream for good. */
  closing: AbortController;
  loop: Promise<void> | undefined;
}

/**
 * `SOURCE=mastodon`: one server-sent-events stream per hashtag of the campaigns (`terms`) at
 * `${streamingUrl}/hashtag?tag=<tag>`. When the terms change, streams open for the new hashtags and close for
 * the ones no campaign wants any more; the others stay open. (Hashtag streams cannot follow an account, so
 * organizations' handles play no part here.) Each `update`, `status.update` and `delete` becomes a raw streaming event
 * `{ event, payload }` for the ingest pipeline, which normalizes it and keeps only campaign posts. A `delete`
 * carries only the instance-local id while posts are keyed by `uri`, so the connector remembers id → uri for the
 * statuses it saw and rewrites the payload; an unknown id is passed on as is.
 *
 * A stream that ends, errs or stays silent (no `:thump` heartbeat) for `silenceMs` is reopened after a backoff
 * (`MASTODON_BACKOFF`, or `Retry-After`). After a reopen the gap is filled from
 * `${url}/api/v1/timelines/tag/<tag>?min_id=<last id seen>`, page by page; statuses seen twice count once since
 * ingest is idempotent. Items go to the pipeline through a `DeliveryQueue`: batched, one call at a time, a
 * refused batch retried as it was, never dropped.
 */
export class MastodonSource implements Source {
  readonly name = "mastodon";
  private readonly tracker = new SourceStatusTracker(this.name);
  /** The open streams, by hashtag. */
  private readonly streams = new Map<string, TagStream>();
  /** Streams closed while the source runs, until their loop has ended. */
  private readonly closing = new Set<Promise<void>>();
  private readonly apiUrl: string;
  private readonly streamingUrl: string;
  private readonly backoff: Backoff;
  private readonly silenceMs: number;
  private readonly gapPageSize: number;
  private readonly gapMaxPages: number;
  private readonly idMapSize: number;
  private readonly logger: SourceLogger | undefined;
  private readonly delivery: DeliveryQueue;
  /** Local status id → `uri`, oldest first, bounded by `idMapSize`. */
  private readonly uris = new Map<string, string>();
  private readonly stopping = new AbortController();
  private started = false;
  private unsubscribe: (() => void) | undefined;
  private followed = false;

  constructor(private readonly options: MastodonSourceOptions) {
    this.apiUrl = options.url.replace(/\/+$/, "");
    this.streamingUrl = (options.streamingUrl ?? `${this.apiUrl}/api/v1/streaming`).replace(/\/+$/, "");
    this.backoff = options.backoff ?? MASTODON_BACKOFF;
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
    this.gapPageSize = Math.min(40, Math.max(1, options.gapPageSize ?? 40));
    this.gapMaxPages = Math.max(1, options.gapMaxPages ?? 10);
    this.idMapSize = Math.max(1, options.idMapSize ?? 10_000);
    this.logger = options.logger;
    const { batchMs, ingestRetryMs } = options;
    this.delivery = new DeliveryQueue({ name: this.name, tracker: this.tracker, logger: options.logger, batchMs, ingestRetryMs });
  }

  /** Opens one stream per hashtag, and follows the terms; returns at once. */
  start(sink: IngestSink): void {
    if (this.started) throw new Error("mastodon: already started");
    this.started = true;
    this.delivery.start(sink);
    this.unsubscribe = this.options.terms.subscribe(() => this.follow());
    this.logger?.info({ streamingUrl: this.streamingUrl, tags: allHashtags(this.options.terms.current()) }, "mastodon: opening hashtag streams");
    this.follow();
  }

  /** Closes every stream and timer, then hands over what was already read (one try) and resolves. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.stopping.abort();
    for (const stream of this.streams.values()) stream.closing.abort();
    await Promise.all([...[...this.streams.values()].map((s) => s.loop), ...this.closing]);
    await this.delivery.close();
    if (this.tracker.snapshot().state !== "failed") this.tracker.ended("stopped");
  }

  status(): SourceStatus {
    return { ...this.tracker.snapshot(), waiting: this.delivery.waiting };
  }

  /** Opens a stream for each hashtag the terms gained and closes those of the hashtags they lost. */
  private follow(): void {
    if (this.stopping.signal.aborted) return;
    const wanted = new Set(allHashtags(this.options.terms.current()));
    const closed: string[] = [];
    for (const [tag, stream] of this.streams) {
      if (wanted.has(tag)) continue;
      this.streams.delete(tag);
      closed.push(tag);
      stream.closing.abort();
      const loop = stream.loop ?? Promise.resolve();
      this.closing.add(loop);
      void loop.finally(() => this.closing.delete(loop));
    }
    const opened: string[] = [];
    for (const tag of wanted) {
      if (this.streams.has(tag)) continue;
      opened.push(tag);
      const stream: TagStream = {
        tag,
        state: "starting",
        lastId: undefined,
        firstOpenedAt: undefined,
        gap: undefined,
        controller: undefined,
        closing: new AbortController(),
        loop: undefined,
      };
      this.streams.set(tag, stream);
      stream.loop = this.runStream(stream).catch((err: unknown) => {
        // runStream handles its own errors; reaching here is a bug, reported rather than thrown away.
        stream.state = "failed";
        this.tracker.failed(err);
        this.logger?.error({ err, tag: stream.tag }, "mastodon: stream loop crashed");
      });
    }
    if (this.streams.size === 0) this.tracker.running("running", "no hashtag to stream: no campaign has one");
    else this.refreshState();
    // The first call opens what `start` logged.
    if (this.followed && (closed.length > 0 || opened.length > 0)) this.logger?.info({ opened, closed }, "mastodon: hashtag streams follow the campaigns");
    this.followed = true;
  }

  /** Keeps one hashtag stream open until `stop` or until no campaign wants its tag, reconnecting with backoff. */
  private async runStream(stream: TagStream): Promise<void> {
    let attempt = 0;
    const ended = stream.closing.signal;
    while (!ended.aborted) {
      let opened = false;
      let error: unknown;
      try {
        await this.readStream(stream, () => {
          opened = true;
        });
        error = new Error(`#${stream.tag}: the server closed the stream`);
      } catch (err) {
        error = err;
      }
      if (ended.aborted) break;
      if (isFatal(error)) {
        stream.state = "failed";
        this.tracker.failed(error);
        this.logger?.error({ tag: stream.tag, status: error.status, err: error.message }, "mastodon: stream refused, giving up");
        return;
      }
      // A stream that opened restarts the schedule; one that never did keeps climbing it.
      attempt = opened ? 1 : attempt + 1;
      // A gap opens when a live stream drops; an older unfilled gap is kept, as it starts earlier.
      if (opened) stream.gap ??= this.gapStart(stream);
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
      const delay = retryAfter ?? this.backoff(attempt);
      stream.state = "backing-off";
      this.tracker.backingOff(error, delay);
      this.logger?.warn({ tag: stream.tag, attempt, delayMs: delay, err: errorMessage(error) }, "mastodon: stream lost, reconnecting");
      await sleep(delay, undefined, { signal: ended, ref: false }).catch(() => undefined);
    }
  }

  /** Where the gap after a drop begins: the last id seen, else the time the stream first opened. */
  private gapStart(stream: TagStream): TagStream["gap"] {
    if (stream.lastId !== undefined) return { minId: stream.lastId };
    return { since: stream.firstOpenedAt ?? Date.now() };
  }

  /** One connection: resolves when the server ends the stream, rejects on an error or silence. */
  private async readStream(stream: TagStream, onOpen: () => void): Promise<void> {
    const controller = new AbortController();
    stream.controller = controller;
    const stopListener = () => controller.abort();
    stream.closing.signal.addEventListener("abort", stopListener, { once: true });
    let silence: NodeJS.Timeout | undefined;
    const armSilence = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => controller.abort(new NetworkError(`#${stream.tag}: no data or heartbeat for ${this.silenceMs} ms`)), this.silenceMs);
      silence.unref();
    };
    let gapFill: Promise<void> | undefined;
    try {
      armSilence();
      const url = `${this.streamingUrl}/hashtag?tag=${encodeURIComponent(stream.tag)}`;
      const res = await fetch(url, { headers: this.headers("text/event-stream"), signal: controller.signal });
      if (!res.ok) throw await httpStatusError(res, `#${stream.tag} stream`);
      if (!res.body) throw new Error(`#${stream.tag}: the stream answered without a body`);
      // A login page or proxy error served as 200 is not a stream; treating it as one would reset the backoff.
      const type = res.headers.get("content-type") ?? "";
      if (!type.includes("text/event-stream")) {
        await res.body.cancel().catch(() => undefined);
        throw new Error(`#${stream.tag}: expected text/event-stream, received ${type || "no content type"}`);
      }
      onOpen();
      stream.state = "connected";
      stream.firstOpenedAt ??= Date.now();
      this.refreshState();
      this.logger?.info({ tag: stream.tag }, "mastodon: stream connected");
      if (stream.gap) gapFill = this.fillGap(stream, controller.signal);

      // A fresh parser per connection, so half an event cut off by a drop is never delivered.
      const parser = createParser({
        // Bounds memory if a server never ends an event; exceeding it fails the connection, which reconnects.
        maxBufferSize: MAX_EVENT_CHARS,
        onEvent: (message) => this.onMessage(stream, message),
        onError: (err) => {
          this.tracker.error(`#${stream.tag}: ${err.message}`);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        armSilence();
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
    } catch (err) {
      // An abort surfaces as the fetch's AbortError; report why it was aborted instead.
      const reason: unknown = controller.signal.reason;
      throw controller.signal.aborted && reason instanceof NetworkError ? reason : err;
    } finally {
      if (silence) clearTimeout(silence);
      stream.closing.signal.removeEventListener("abort", stopListener);
      controller.abort();
      stream.controller = undefined;
      await gapFill;
    }
  }

  /** Turns one SSE message into a pipeline item. */
  private onMessage(stream: TagStream, message: EventSourceMessage): void {
    const event = message.event ?? "message";
    if (!POST_EVENTS.has(event)) {
      this.logger?.debug({ tag: stream.tag, event }, "mastodon: event skipped");
      return;
    }
    if (event === "delete") {
      const id = message.data.trim();
      this.delivery.push({ event, payload: this.uris.get(id) ?? id } satisfies MastodonStreamEvent);
      return;
    }
    let status: unknown;
    try {
      status = JSON.parse(message.data);
    } catch (err) {
      this.tracker.error(`#${stream.tag}: ${event} event with malformed JSON data: ${errorMessage(err)}`);
      this.logger?.warn({ tag: stream.tag, event, data: message.data.slice(0, 200) }, "mastodon: malformed event skipped");
      return;
    }
    // status.update edits an older status; only new ones move the gap cursor, but both feed the id → uri map.
    this.remember(stream, status, event === "update");
    this.delivery.push({ event, payload: message.data } satisfies MastodonStreamEvent);
  }

  /** Records a status's id → uri, and (when `advance`) its id as the last seen on this tag. */
  private remember(stream: TagStream, status: unknown, advance: boolean): void {
    if (typeof status !== "object" || status === null) return;
    const { id, uri } = status as { id?: unknown; uri?: unknown };
    if (typeof id !== "string") return;
    if (typeof uri === "string") {
      this.uris.delete(id);
      this.uris.set(id, uri);
      if (this.uris.size > this.idMapSize) {
        const oldest = this.uris.keys().next();
        if (!oldest.done) this.uris.delete(oldest.value);
      }
    }
    if (advance && (stream.lastId === undefined || compareIds(id, stream.lastId) > 0)) stream.lastId = id;
  }

  /** Fills `stream.gap` from the tag timeline, retrying while this connection lives. */
  private async fillGap(stream: TagStream, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (stream.gap && !signal.aborted) {
      try {
        await this.readGap(stream, signal);
        return;
      } catch (err) {
        if (signal.aborted) return;
        this.tracker.error(err);
        if (isFatal(err)) {
          this.logger?.error({ tag: stream.tag, err: err.message }, "mastodon: gap fill refused; statuses during the drop are missing");
          stream.gap = undefined;
          return;
        }
        attempt += 1;
        const delay = (err instanceof HttpStatusError ? err.retryAfterMs : undefined) ?? this.backoff(attempt);
        this.logger?.warn({ tag: stream.tag, delayMs: delay, err: errorMessage(err) }, "mastodon: gap fill failed, retrying");
        await sleep(delay, undefined, { signal, ref: false }).catch(() => undefined);
      }
    }
  }

  /**
   * Pages through `timelines/tag/:tag` with `min_id` (each page the statuses just after it, newest first) until
   * a short page or `gapMaxPages`. Without a last id it reads the newest page and keeps what is newer than
   * `since`. Progress is kept in `stream.gap`, so a drop mid-way resumes where it stopped.
   */
  private async readGap(stream: TagStream, signal: AbortSignal): Promise<void> {
    const base = `${this.apiUrl}/api/v1/timelines/tag/${encodeURIComponent(stream.tag)}?limit=${this.gapPageSize}`;
    let filled = 0;
    for (let page = 0; stream.gap; page++) {
      if (page >= this.gapMaxPages) {
        this.logger?.warn({ tag: stream.tag, pages: page }, "mastodon: gap fill stopped at its page cap; older statuses of the gap may be missing");
        break;
      }
      const gap = stream.gap;
      const url = "minId" in gap ? `${base}&min_id=${encodeURIComponent(gap.minId)}` : base;
      const res = await fetch(url, { headers: this.headers("application/json"), signal });
      if (!res.ok) throw await httpStatusError(res, `#${stream.tag} gap fill`);
      const body: unknown = await res.json();
      if (!Array.isArray(body)) throw new Error(`#${stream.tag} gap fill: expected an array of statuses`);
      let statuses = body.filter((s): s is { id: string } => typeof s === "object" && s !== null && typeof (s as { id?: unknown }).id === "string");
      if ("since" in gap) {
        statuses = statuses.filter((s) => Date.parse(String((s as { created_at?: unknown }).created_at)) >= gap.since);
      }
      // Oldest first, so they reach the pipeline in the order they were posted.
      statuses.sort((a, b) => compareIds(a.id, b.id));
      for (const status of statuses) this.remember(stream, status, true);
      this.delivery.push(...statuses);
      filled += statuses.length;
      const newest = statuses.at(-1);
      if (!("minId" in gap) || body.length < this.gapPageSize || !newest) break;
      stream.gap = { minId: newest.id };
    }
    stream.gap = undefined;
    this.logger?.info({ tag: stream.tag, statuses: filled }, "mastodon: gap filled");
  }

  private headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { Accept: accept };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    return headers;
  }

  /** Reports `connected` once every stream is open; a failed stream keeps the source `failed`. */
  private refreshState(): void {
    const streams = [...this.streams.values()];
    if (streams.some((s) => s.state === "failed")) return;
    const open = streams.filter((s) => s.state === "connected").length;
    if (open === streams.length) this.tracker.running("connected", `${open} hashtag stream(s)`);
  }
}

/** Orders Mastodon ids: numeric snowflakes (and fixed-length ids of other servers) compare by length, then text. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
