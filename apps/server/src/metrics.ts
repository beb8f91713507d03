import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { SOURCE_STATES, type IngestResult, type SourceStatus } from "@pulse/shared";

/** The Prometheus metrics of one Pulse app, on a registry of its own so several apps can share a process. */
export class Metrics {
  readonly registry = new Registry();
  private readonly ingestItems = new Counter({
    name: "pulse_ingest_items_total",
    help: "Items handed to the ingest pipeline, by source and outcome",
    labelNames: ["source", "outcome"] as const,
    registers: [this.registry],
  });
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
    help: "Size of each broadcast delta as JSON",
    buckets: [256, 1024, 4096, 16384, 65536, 262144],
    registers: [this.registry],
  });
  private readonly sourceState = new Gauge({
    name: "pulse_source_state",
    help: "1 for the state each source is in",
    labelNames: ["source", "state"] as const,
    registers: [this.registry],
  });

  constructor(sources: () => SourceStatus[] = () => []) {
    collectDefaultMetrics({ register: this.registry, prefix: "pulse_" });
    // Source states are read when scraped rather than pushed on every change.
    const sourceState = this.sourceState;
    new Gauge({
      name: "pulse_sources",
      help: "Configured sources",
      registers: [this.registry],
      collect() {
        const list = sources();
        this.set(list.length);
        sourceState.reset();
        for (const s of list) for (const state of SOURCE_STATES) sourceState.set({ source: s.name, state }, s.state === state ? 1 : 0);
      },
    });
  }

  /** Counts one ingest call's outcomes. */
  countIngest(source: string, result: IngestResult): void {
    if (result.accepted) this.ingestItems.inc({ source, outcome: "accepted" }, result.accepted);
    if (result.duplicates) this.ingestItems.inc({ source, outcome: "duplicate" }, result.duplicates);
    if (result.deleted) this.ingestItems.inc({ source, outcome: "deleted" }, result.deleted);
    if (result.ignored) this.ingestItems.inc({ source, outcome: "ignored" }, result.ignored);
    if (result.rejected.length) this.ingestItems.inc({ source, outcome: "rejected" }, result.rejected.length);
  }

  /** Records the number of connected clients. */
  setClients(count: number): void {
    this.clients.set(count);
  }

  /** Records one tick. */
  observeTick(durationMs: number, bytes: number): void {
    this.tickDuration.observe(durationMs / 1000);
    this.deltaBytes.observe(bytes);
  }
}
