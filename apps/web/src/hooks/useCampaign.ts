import type { Campaign } from "@pulse/shared/client";
import { useEffect, useState } from "react";

/** What {@link useCampaign} returns. */
export interface CampaignState {
  /** The campaign, or null while loading or after an error. */
  campaign: Campaign | null;
  error: Error | null;
}

/** Loads `GET /api/campaign`: the organization names, countries and time zone that label the live numbers. */
export async function fetchCampaign(signal?: AbortSignal): Promise<Campaign> {
  const response = await fetch("/api/campaign", { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /api/campaign answered ${response.status}`);
  const body = (await response.json()) as Partial<Campaign> | null;
  // The browser bundle carries no zod; check the fields the screens rely on.
  if (!body || typeof body.id !== "string" || typeof body.timezone !== "string" || !Array.isArray(body.organizations)) {
    throw new Error("GET /api/campaign did not return a campaign");
  }
  return body as Campaign;
}

/** The campaign, fetched once on mount; the request is aborted on unmount. */
export function useCampaign(): CampaignState {
  const [state, setState] = useState<CampaignState>({ campaign: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    fetchCampaign(controller.signal).then(
      (campaign) => setState({ campaign, error: null }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ campaign: null, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, []);

  return state;
}
