import type { Campaign } from "@pulse/shared/client";

/**
 * Loads `GET /api/campaign` for widgets drawn without React. `hooks/useCampaign.ts` does the same for React,
 * but importing anything from a module that imports React would put React into the counter's chunks.
 */
export async function loadCampaign(signal?: AbortSignal): Promise<Campaign> {
  const response = await fetch("/api/campaign", { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /api/campaign answered ${response.status}`);
  const body = (await response.json()) as Partial<Campaign> | null;
  // No zod in the browser: check the fields the widgets read.
  if (!body || typeof body.name !== "string" || !Array.isArray(body.hashtags)) throw new Error("GET /api/campaign did not return a campaign");
  return body as Campaign;
}
