import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { SOURCE_STATES, type IngestResult, type SourceStatus } from "@pulse/shared";
import type { RedisCommandObserver, RedisCommandOutcome } from "./store/redis-store.js";

/** Seconds over which `pulse_posts_per_second` averages. */
export const POSTS_RATE_WINDOW_SECONDS = 10;

/**
 * Counts per whole second in a ring, so a rate over the last few seconds costs one slot write per call and a
 * short sum when read. prom-client keeps only cumulative values (a Summary's window covers its quantiles, not
 * its count), so the window is kept here.
 */
export class PerSecondWindow {
  readonly #counts: number[];
  /** The second (epoch seconds) each slot holds, so a stale slot reads as 0. */
  readonly #seconds: number[];

  constructor(
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#counts = new Array<number>(windowSeconds).fill(0);
    this.#seconds = new Array<number>(windowSeconds).fill(-1);
  }

  /** Adds `n` to the current second. */
  add(n: number): void {
    const second = Math.floor(this.now() / 1000);
    const slot = second % this.windowSeconds;
    if (this.#seconds[slot] !== second) {
      this.#seconds[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] = (this.#counts[slot] ?? 0) + n;
  }

  /** The average per second over the window: the current second and the `windowSeconds - 1` before it. */
  rate(): number {
    const second = Math.floor(this.now() / 1000);
    let sum = 0;
    for (let i = 0; i < this.windowSeconds; i++) {
      const at = this.#seconds[i] ?? -1;
      if (at > second - this.windowSeconds && at <= second) sum += this.#counts[i] ?? 0;
    }
    return sum / this.windowSeconds;
  }
}

/** The Prometheus metrics of one Pulse app, on a registry of its own so several apps can share a process. */
export class Metrics implements RedisCommandObserver {
  readonly registry = new Registry();
  // The ingest counters carry the campaign: a handful of series per campaign, and campaigns are created by staff,
  // never by a token holder, so the label stays bounded. Items no campaign took (unreadable, or matching none) have
  // no campaign label. Histograms (tick, delta, Redis) stay per node: buckets times campaigns would be many series.
  private readonly ingestItems = new Counter({
    name: "pulse_ingest_items_total",
    help: "Items handed to the ingest pipeline, by source, outcome and campaign (none for items no campaign took)",
    labelNames: ["source", "outcome", "campaign"] as const,
    registers: [this.registry],
  });
  private readonly postsAccepted = new Counter({
    name: "pulse_posts_accepted_total",
    help: "Posts the store accepted from this node's ingest, every source together (new posts and edits), by campaign",
    labelNames: ["campaign"] as const,
    registers: [this.registry],
  });
  private readonly postsWindow = new PerSecondWindow(POSTS_RATE_WINDOW_SECONDS);
  private readonly clients = new Gauge({
    name: "pulse_clients_connected",
    help: "Socket.IO clients connected to this node",
    registers: [this.registry],
  });
  private readonly tickDuration = new Histogram({
    name: "pulse_tick_duration_seconds",
    help: "Time to coalesce and broadcast one delta",
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  private readonly deltaBytes = new Histogram({
    name: "pulse_delta_bytes",
    help: "Size of each broadcast delta as sent: its Socket.IO packet, encoded once for every client",
    buckets: [256, 1024, 4096, 16384, 65536, 262144],
    registers: [this.registry],
  });
  private readonly redisDuration = new Histogram({
    name: "pulse_redis_command_duration_seconds",
    help: "Round trip of each store call to Redis, by store operation and outcome (ok, error, timeout)",
    labelNames: ["operation", "outcome"] as const,
    // Up to past the store's 2 s command deadline, so timeouts land in a bucket of their own.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly sourceState = new Gauge({
    name: "pulse_source_state",
    help: "1 for the state each source is in",
    labelNames: ["source", "state"] as const,
    registers: [this.registry],
  });
  private readonly sourceWaiting = new Gauge({
    name: "pulse_source_waiting_items",
    help: "Items a network source received that the store has not taken yet (they pile up while it refuses)",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });

  constructor(sources: () => SourceStatus[] = () => []) {
    collectDefaultMetrics({ register: this.registry, prefix: "pulse_" });
    // Source states and the posts rate are read when scraped rather than pushed on every change.
    const { sourceState, sourceWaiting } = this;
    new Gauge({
      name: "pulse_sources",
      help: "Configured sources",
      registers: [this.registry],
      collect() {
        const list = sources();
        this.set(list.length);
        sourceState.reset();
        sourceWaiting.reset();
        for (const s of list) {
          for (const state of SOURCE_STATES) sourceState.set({ source: s.name, state }, s.state === state ? 1 : 0);
          if (s.waiting !== undefined) sourceWaiting.set({ source: s.name }, s.waiting);
        }
      },
    });
    const postsWindow = this.postsWindow;
    new Gauge({
      name: "pulse_posts_per_second",
      help: `Posts accepted per second on this node, averaged over the last ${POSTS_RATE_WINDOW_SECONDS} s`,
      registers: [this.registry],
      collect() {
        this.set(postsWindow.rate());
      },
    });
  }

  /** Counts one ingest call's outcomes in `campaign`; without one, what the router took for no campaign. */
  countIngest(source: string, result: IngestResult, campaign?: string): void {
    const count = (outcome: string, n: number): void => {
      if (n > 0) this.ingestItems.inc(campaign === undefined ? { source, outcome } : { source, outcome, campaign }, n);
    };
    if (result.accepted) {
      this.postsAccepted.inc(campaign === undefined ? {} : { campaign }, result.accepted);
      this.postsWindow.add(result.accepted);
    }
    count("accepted", result.accepted);
    count("duplicate", result.duplicates);
    count("deleted", result.deleted);
    count("ignored", result.ignored);
    count("rejected", result.rejected.length);
  }

  /** Records the number of connected clients. */
  setClients(count: number): void {
    this.clients.set(count);
  }

  /** Records how long one tick took. */
  observeTick(durationMs: number): void {
    this.tickDuration.observe(durationMs / 1000);
  }

  /** Records the encoded size of one broadcast delta. */
  observeDeltaBytes(bytes: number): void {
    this.deltaBytes.observe(bytes);
  }

  /** Records one store call's round trip to Redis. */
  observeRedisCommand(operation: string, outcome: RedisCommandOutcome, seconds: number): void {
    this.redisDuration.observe({ operation, outcome }, seconds);
  }
}
