import type { Store } from "./store.js";

/**
 * Polls a store's health and calls `onChange` when it flips, so clients can be told that live data is paused
 * (or back) without every caller polling. Returns the function that stops watching.
 */
export function watchStoreHealth(store: Pick<Store, "isHealthy">, onChange: (healthy: boolean) => void, intervalMs = 500): () => void {
  let healthy = store.isHealthy();
  const timer = setInterval(() => {
    const now = store.isHealthy();
    if (now === healthy) return;
    healthy = now;
    onChange(now);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
