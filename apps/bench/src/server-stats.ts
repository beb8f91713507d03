import { processUsage } from "./processes.js";

/** What the bench reads from a server under test. */
export interface ServerStats {
  cpuSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay p99 (ms) since the previous read. */
  lagP99Ms: number;
}

/** Reads a Prometheus sample with no labels (`name value`). */
function sample(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.eE+-]+)`, "m").exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * CPU and RSS come from /proc for both servers, so they are measured the same way; heap and event-loop delay
 * come from Pulse's `/metrics` (prom-client, prefix `pulse_`) or the naive server's `/stats`.
 */
export async function readServerStats(kind: "pulse" | "naive", url: string, pid: number): Promise<ServerStats> {
  const usage = await processUsage(pid);
  if (kind === "pulse") {
    const text = await (await fetch(new URL("/metrics", url))).text();
    return {
      ...usage,
      heapUsedBytes: sample(text, "pulse_nodejs_heap_size_used_bytes"),
      lagP99Ms: sample(text, "pulse_nodejs_eventloop_lag_p99_seconds") * 1000,
    };
  }
  const stats = (await (await fetch(new URL("/stats", url))).json()) as { heapUsed: number; lagP99Ms: number };
  return { ...usage, heapUsedBytes: stats.heapUsed, lagP99Ms: stats.lagP99Ms };
}
