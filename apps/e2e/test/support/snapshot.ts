import type { Snapshot } from "@pulse/shared";

/** Reads a node's `GET /api/snapshot`, and throws unless it answers 200 within 5 s. */
export async function snapshotOf(url: string): Promise<Snapshot> {
  const res = await fetch(`${url}/api/snapshot`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${url}/api/snapshot answered ${res.status}`);
  return (await res.json()) as Snapshot;
}
