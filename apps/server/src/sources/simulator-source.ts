import type { Campaign, LiveClock, Post, SourceStatus } from "@pulse/shared";
import { createSimulation, type Simulation } from "@pulse/simulator";
import type { IngestSink, Source } from "./source.js";

/** The part of a pino logger the simulator uses. */
export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options of `SimulatorSource`. */
export interface SimulatorSourceOptions {
  campaign: Campaign;
  /** Simulated seconds per real second (`SIM_SPEED`). */
  speed: number;
  /** The simulation's seed (`SIM_SEED`): the same seed plays the same day. */
  seed: number;
  /** Where in the campaign to begin, in ms from its start. Default 0. */
  startAt?: number;
  /**
   * Called at `start`: the simulated epoch ms already in the store (its latest minute), so a node that restarts
   * on a kept store carries on from there instead of replaying the day from midnight.
   */
  resumeFrom?: () => number | undefined;
  /** How often, in real ms, to hand over the posts of the simulated time elapsed. Default 200. */
  intervalMs?: number;
  /** Per-country volumes, overriding the simulation's defaults. */
  volumes?: Readonly<Record<string, number>>;
  logger?: SimulatorLogger;
}

/** The source name used for `sink.ingest` and in `status()`. */
const NAME = "simulator";

/**
 * Plays the seeded simulation of the campaign day in accelerated real time. Every `intervalMs` it takes the
 * posts of the simulated time elapsed since the last delivery (real elapsed × `speed`) and hands them to the
 * sink in one batch. Calls never overlap: while one is pending, the next window just grows. A failed call is
 * retried with the very same batch on the next step, which is safe because ingest is idempotent. At the end of
 * the campaign the state becomes `finished`.
 *
 * `status().lastPostAt` is the real time of the last delivered batch, so staleness checks work; `simulatedNow()`
 * tells where in the campaign day the simulation stands.
 */
export class SimulatorSource implements Source {
  readonly name = NAME;
  private readonly simulation: Simulation;
  private readonly speed: number;
  private readonly intervalMs: number;
  private readonly logger: SimulatorLogger | undefined;
  private readonly resumeFrom: (() => number | undefined) | undefined;
  /** Simulated epoch ms up to which posts have been delivered (exclusive). */
  private cursor: number;
  /** Where the simulated clock stood, and the real time, when `start` was called. */
  private startCursor = 0;
  private realStart = 0;
  private state: SourceStatus["state"] = "starting";
  private posts = 0;
  private errors = 0;
  private lastPostAt: string | undefined;
  private lastError: string | undefined;
  private sink: IngestSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A batch handed over but not yet acknowledged; retried as is until it succeeds. */
  private pending: { posts: Post[]; until: number } | undefined;
  private inflight: Promise<void> | undefined;
  private failing = false;

  constructor(options: SimulatorSourceOptions) {
    if (!(options.speed > 0)) throw new Error(`simulator: speed must be above 0, received ${options.speed}`);
    this.simulation = createSimulation({ campaign: options.campaign, seed: options.seed, volumes: options.volumes });
    this.speed = options.speed;
    this.intervalMs = Math.max(1, options.intervalMs ?? 200);
    this.logger = options.logger;
    this.resumeFrom = options.resumeFrom;
    const startAt = Math.max(0, options.startAt ?? 0);
    this.cursor = Math.min(this.simulation.endMs, this.simulation.startMs + startAt);
  }

  /** Starts the clock and the timer; returns at once. */
  start(sink: IngestSink): void {
    if (this.sink) throw new Error("simulator: already started");
    this.sink = sink;
    const resume = this.resumeFrom?.();
    if (resume !== undefined && resume > this.cursor) this.cursor = Math.min(this.simulation.endMs, resume);
    this.realStart = performance.now();
    this.startCursor = this.cursor;
    this.state = "running";
    this.logger?.info(
      { speed: this.speed, from: new Date(this.cursor).toISOString(), countries: this.simulation.countries.map((c) => c.country) },
      "simulator started",
    );
    this.timer = setInterval(() => this.step(), this.intervalMs);
    // A simulator alone must not keep a process alive (tests, CLI tools); the HTTP server does that.
    this.timer.unref();
    this.finishIfDone();
  }

  /** Stops the timer and waits for a pending ingest call to settle, so nothing is handed over afterwards. */
  async stop(): Promise<void> {
    this.clearTimer();
    if (this.state !== "finished") this.state = "stopped";
    await this.inflight;
  }

  status(): SourceStatus {
    const status: SourceStatus = { name: NAME, state: this.state, posts: this.posts, errors: this.errors };
    if (this.lastPostAt) status.lastPostAt = this.lastPostAt;
    if (this.lastError) status.lastError = this.lastError;
    return status;
  }

  /** Simulated epoch ms up to which posts have been delivered. */
  deliveredUntil(): number {
    return this.cursor;
  }

  /** Simulated epoch ms the clock has reached (before start: where it will begin). */
  simulatedNow(): number {
    if (!this.sink) return this.cursor;
    const elapsed = (performance.now() - this.realStart) * this.speed;
    return Math.min(this.simulation.endMs, this.startCursor + elapsed);
  }

  /** The simulated clock: it runs at `speed` while the day plays, and stands still before start and at its end. */
  clock(): LiveClock {
    const running = this.state === "running" && this.simulatedNow() < this.simulation.endMs;
    return { now: Math.floor(this.simulatedNow()), speed: running ? this.speed : 0, simulated: true };
  }

  private step(): void {
    if (this.state !== "running" || this.inflight) return;
    let batch = this.pending;
    if (!batch) {
      const until = Math.floor(this.simulatedNow());
      if (until <= this.cursor) return;
      const posts = this.simulation.postsBetween(this.cursor, until);
      if (posts.length === 0) {
        this.cursor = until;
        this.finishIfDone();
        return;
      }
      batch = { posts, until };
      this.pending = batch;
    }
    this.inflight = this.deliver(batch).finally(() => {
      this.inflight = undefined;
    });
  }

  private async deliver(batch: { posts: Post[]; until: number }): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    try {
      const result = await sink.ingest(batch.posts, NAME);
      this.pending = undefined;
      this.cursor = batch.until;
      this.posts += batch.posts.length;
      this.lastPostAt = new Date().toISOString();
      if (this.failing) {
        this.failing = false;
        this.logger?.info({ posts: batch.posts.length }, "simulator: ingest recovered");
      }
      // The simulator only makes valid posts, so a rejection is a bug worth surfacing.
      const rejected = result.rejected[0];
      if (rejected) {
        this.errors += result.rejected.length;
        this.lastError = `ingest rejected ${result.rejected.length} simulated post(s): ${rejected.error}`;
        this.logger?.warn({ rejected: result.rejected.length, first: rejected.error }, "simulator: posts rejected");
      }
      this.finishIfDone();
    } catch (err) {
      this.errors += 1;
      this.lastError = err instanceof Error ? err.message : String(err);
      // Warn once per failure streak: the timer retries every step and would flood the log.
      if (!this.failing) this.logger?.warn({ err, posts: batch.posts.length }, "simulator: ingest failed, retrying the same batch");
      this.failing = true;
    }
  }

  private finishIfDone(): void {
    if (this.state !== "running" || this.pending || this.cursor < this.simulation.endMs) return;
    this.state = "finished";
    this.clearTimer();
    this.logger?.info({ posts: this.posts }, "simulator finished the campaign day");
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
