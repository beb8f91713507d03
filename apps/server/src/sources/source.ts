import type { IngestResult, SourceStatus } from "@pulse/shared";

/** Where a source hands what it read: the same pipeline `POST /api/ingest` uses. */
export interface IngestSink {
  /** Normalizes, attributes and stores items; `source` names who sent them, for metrics and logs. */
  ingest(items: unknown[], source: string): Promise<IngestResult>;
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
}
