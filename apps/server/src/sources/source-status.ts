import type { SourceStatus } from "@pulse/shared";

/** Keeps the status a source reports, so every source reports it the same way. */
export class SourceStatusTracker {
  private status: SourceStatus;

  constructor(name: string) {
    this.status = { name, state: "starting", posts: 0, errors: 0, reconnects: 0 };
  }

  /** A copy of the current status. */
  snapshot(): SourceStatus {
    return { ...this.status };
  }

  /** A local producer is at work, or a stream is open. */
  running(state: "running" | "connected" = "connected", detail?: string): void {
    this.status.state = state;
    delete this.status.nextRetryAt;
    if (detail !== undefined) this.status.detail = detail;
  }

  /** Counts posts handed to the pipeline. */
  delivered(posts: number, at = new Date()): void {
    if (posts <= 0) return;
    this.status.posts += posts;
    this.status.lastPostAt = at.toISOString();
  }

  /** Records an error without changing state. */
  error(err: unknown): void {
    this.status.errors += 1;
    this.status.lastError = err instanceof Error ? err.message : String(err);
  }

  /** Waiting `delayMs` before reconnecting, after `err`. */
  backingOff(err: unknown, delayMs: number, now = Date.now()): void {
    this.error(err);
    this.status.state = "backing-off";
    this.status.reconnects = (this.status.reconnects ?? 0) + 1;
    this.status.nextRetryAt = new Date(now + delayMs).toISOString();
  }

  /** Gave up for good (bad credentials, say). */
  failed(err: unknown): void {
    this.error(err);
    this.status.state = "failed";
    delete this.status.nextRetryAt;
  }

  /** Ended: `finished` when the work ran out, `stopped` when asked to stop. */
  ended(state: "finished" | "stopped", detail?: string): void {
    this.status.state = state;
    delete this.status.nextRetryAt;
    if (detail !== undefined) this.status.detail = detail;
  }
}
