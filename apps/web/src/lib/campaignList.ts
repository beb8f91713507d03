/**
 * The campaigns a visitor can switch between (`GET /api/campaigns`), as the dashboard's campaign picker lists
 * them. Kept out of React so it can be tested without a browser.
 */
import { ENDPOINTS, type ResponseOf } from "@pulse/shared/client";
import { campaignPath } from "./campaignPath";

/** A campaign as `GET /api/campaigns` lists it: id, name, dates, time zone, status and whether it is the default. */
export type CampaignSummary = ResponseOf<"campaigns">[number];

/** Loads `GET /api/campaigns` (from `origin` when given, as tests do). Malformed entries are left out. */
export async function fetchCampaigns(signal?: AbortSignal, origin = ""): Promise<CampaignSummary[]> {
  const { method, path } = ENDPOINTS.campaigns;
  const response = await fetch(`${origin}${path}`, { method, signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error(`${method} ${path} did not return a list`);
  return body.filter(
    (entry: Partial<CampaignSummary> | null): entry is CampaignSummary =>
      typeof entry?.id === "string" &&
      typeof entry.name === "string" &&
      (entry.status === "scheduled" || entry.status === "live" || entry.status === "ended"),
  );
}

/** One campaign in the picker. */
export interface PickerEntry {
  id: string;
  name: string;
  status: CampaignSummary["status"];
  /** Its dashboard, `/c/<id>/`, keeping the page's search (language, theme). */
  href: string;
  /** The campaign this page shows. */
  current: boolean;
}

/**
 * The picker's entries, in the list's order: none when there is one campaign or none (nothing to pick). The
 * current one is the page's campaign (`campaign`), or the default campaign on a v1 page (null).
 */
export function pickerEntries(campaigns: readonly CampaignSummary[], campaign: string | null, search = ""): PickerEntry[] {
  if (campaigns.length < 2) return [];
  return campaigns.map(({ id, name, status, default: isDefault }) => ({
    id,
    name,
    status,
    href: `${campaignPath(id)}${search}`,
    current: campaign === null ? isDefault : id === campaign,
  }));
}
