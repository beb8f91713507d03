/**
 * One `afterEach` for every fault test: whatever a test started (nodes, clients, Redis servers) is ended, even
 * when the test failed half-way.
 */
import { closeLiveClients } from "./live-client.js";
import { stopClientProcesses } from "./client-process.js";
import { stopServerProcesses } from "./server-process.js";
import { stopRedisProcesses } from "./redis-process.js";

const extra: (() => Promise<void> | void)[] = [];

/** Registers something else to end after the test, such as a testkit `startRedisServer()`'s `kill`. */
export function onCleanup(dispose: () => Promise<void> | void): void {
  extra.push(dispose);
}

/** Ends clients first (so they do not chase nodes that are going), then nodes, then Redis servers. */
export async function cleanupAll(): Promise<void> {
  closeLiveClients();
  await stopClientProcesses();
  // Nodes still running at the end of a test are killed at once: a graceful stop is what some tests check, not cleanup.
  await stopServerProcesses(0);
  const disposers = extra.splice(0);
  await Promise.allSettled(disposers.map((dispose) => dispose()));
  await stopRedisProcesses();
}
