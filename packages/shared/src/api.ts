/** State of one configured source, as `/healthz` reports it. */
export interface SourceStatus {
  name: string;
  state: "starting" | "running" | "reconnecting" | "stopped" | "failed" | "finished";
  posts: number;
  errors: number;
  lastPostAt?: string;
  lastError?: string;
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
