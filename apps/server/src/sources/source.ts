import type { IngestResult, LiveClock, SourceStatus } from "@pulse/shared";

/**
 * The part of a pino logger the sources use. A pino logger fits, and so does a test's recorder; a helper that
 * needs less takes a `Pick` of it.
 */
export interface SourceLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** How a sink treats a call's items. */
export interface IngestOptions {
  /**
   * Keep only posts that carry one of the campaign's hashtags; the others count as `ignored`. Connectors set
   * it, since a stream may deliver more than was asked for; HTTP ingest does not, as its caller filters.
   */
  campaignOnly?: boolean;
}

/** Where a source hands what it read: the same pipeline `POST /api/ingest` uses. */
export interface IngestSink {
  /**
   * Normalizes, attributes and stores items; `source` names who sent them, for metrics and logs. Rejects
   * with `StoreUnavailableError` when nothing could be stored, so the caller can retry the same items.
   */
  ingest(items: unknown[], source: string, options?: IngestOptions): Promise<IngestResult>;
}

/** A long-running producer of posts: the simulator, a replay file or a network connector. */
export interface Source {
  readonly name: string;
  /** Starts producing into `sink`; returns at once. */
  start(sink: IngestSink): void;
  /** Stops and releases timers and connections. */
  stop(): Promise<void>;
  /** State, rate and errors, for `/healthz` and the staff console. */
  status(): SourceStatus;
  /** For a source that plays a simulated or replayed day: where its clock stands. Live sources have none. */
  clock?(): LiveClock | undefined;
}
