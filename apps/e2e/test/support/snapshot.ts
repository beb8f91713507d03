import { endpointPath, type Snapshot } from "@pulse/shared";

/**
 * Reads a node's `GET /api/snapshot`, or campaign `campaign`'s `GET /api/c/<id>/snapshot`, and throws unless it
 * answers 200 within 5 s.
 */
export async function snapshotOf(url: string, campaign?: string): Promise<Snapshot> {
  const path = campaign === undefined ? endpointPath("snapshot") : endpointPath("campaignSnapshot", { params: { id: campaign } });
  const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${url}${path} answered ${res.status}`);
  return (await res.json()) as Snapshot;
}
