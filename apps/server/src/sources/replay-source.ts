import { setTimeout as sleep } from "node:timers/promises";
import type { LiveClock, SourceStatus } from "@pulse/shared";
import type { Logger } from "pino";
import { replayBatches } from "./replay-reader.js";
import type { IngestSink, Source } from "./source.js";
import { SourceStatusTracker } from "./source-status.js";

/** Options of a replay source. */
export interface ReplaySourceOptions {
  file: string;
  /** Simulated seconds per real second (`SIM_SPEED`). */
  speed: number;
  logger?: Logger;
  /** Wait before retrying a batch the store could not take. */
  retryMs?: number;
}

/**
 * `SOURCE=replay:<file>`: replays an NDJSON archive (any format ingest takes) through the ingest pipeline,
 * spaced by `createdAt` and `speed`. Like HTTP ingest it counts every valid post, since an archive was
 * filtered when it was made. A batch the store cannot take is retried as it was, so nothing is lost.
 */
export class ReplaySource implements Source {
  readonly name: string;
  private readonly tracker: SourceStatusTracker;
  private readonly abort = new AbortController();
  private done: Promise<void> | undefined;
  /** Where the replayed time started, once the first post was read (see `ReplayBatch.schedule`). */
  private schedule: { at: number; realAt: number } | undefined;
  /** The replayed time at which the file ended; the clock stands there. */
  private endedAt: number | undefined;
  /** The latest post time read so far. */
  private lastPostAt: number | undefined;

  constructor(private readonly options: ReplaySourceOptions) {
    this.name = `replay:${options.file}`;
    this.tracker = new SourceStatusTracker(this.name);
  }

  start(sink: IngestSink): void {
    this.done = this.run(sink).catch((err: unknown) => {
      this.tracker.failed(err);
      this.options.logger?.error({ err, file: this.options.file }, "replay failed");
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
    const state = this.tracker.snapshot().state;
    if (state !== "finished" && state !== "failed") this.tracker.ended("stopped");
  }

  status(): SourceStatus {
    return this.tracker.snapshot();
  }

  /** The replayed day's clock: the first post's time, advancing at `speed`, standing still once the file ends. */
  clock(): LiveClock | undefined {
    if (!this.schedule) return undefined;
    if (this.endedAt !== undefined) return { now: this.endedAt, speed: 0, simulated: true };
    const now = this.schedule.at + (performance.now() - this.schedule.realAt) * this.options.speed;
    return { now: Math.floor(now), speed: this.options.speed, simulated: true };
  }

  private async run(sink: IngestSink): Promise<void> {
    const { signal } = this.abort;
    this.tracker.running("running", "0%");
    for await (const batch of replayBatches(this.options.file, { speed: this.options.speed, signal })) {
      this.schedule ??= batch.schedule;
      this.lastPostAt = batch.lastPostAt ?? this.lastPostAt;
      for (const bad of batch.malformed) {
        this.tracker.error(`line ${bad.line}: ${bad.error}`);
        this.options.logger?.warn({ file: this.options.file, line: bad.line }, bad.error);
      }
      while (batch.items.length > 0 && !signal.aborted) {
        try {
          const result = await sink.ingest(batch.items, "replay");
          this.tracker.delivered(result.accepted);
          for (const r of result.rejected) this.tracker.error(`item near line ${batch.line}: ${r.error}`);
          break;
        } catch (err) {
          this.tracker.error(err);
          await sleep(this.options.retryMs ?? 1000, undefined, { signal }).catch(() => undefined);
        }
      }
      const percent = batch.totalBytes > 0 ? Math.round((100 * batch.bytesRead) / batch.totalBytes) : 100;
      this.tracker.running("running", `line ${batch.line}, ${percent}%`);
    }
    if (!signal.aborted) {
      // At its last post, not at however late the machine got there: the day's clock ends where the day did.
      this.endedAt = this.lastPostAt ?? this.clock()?.now;
      this.tracker.ended("finished", "100%");
      this.options.logger?.info({ file: this.options.file, ...this.tracker.snapshot() }, "replay finished");
    }
  }
}
