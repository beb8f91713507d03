/** Which part of the console shows, kept in the URL (`?view=…&org=…`) so every view can be linked and reloaded. */

/**
 * The console's views, in tab order. `report` is the printable end-of-day report; `campaigns` sets campaigns up
 * (its code loads only when it is opened); `accounts`, the staff accounts, shows to admins only.
 */
export const STAFF_VIEWS = ["moderation", "queue", "organizations", "roi", "sources", "blocklist", "audit", "insights", "exports", "report", "campaigns", "accounts"] as const;

/** One view of the console. */
export type StaffView = (typeof STAFF_VIEWS)[number];

/** Where the console is: the view, and the organization open in the organizations view. */
export interface StaffLocation {
  view: StaffView;
  org: string | null;
}

/** Reads the view from a query string; anything unknown is the moderation view. */
export function parseStaffLocation(search: string): StaffLocation {
  const params = new URLSearchParams(search);
  const asked = params.get("view");
  const view = STAFF_VIEWS.find((v) => v === asked) ?? "moderation";
  const org = params.get("org");
  return { view, org: view === "organizations" && org ? org : null };
}

/** The query string for a location, keeping the other parameters (`lang`, `theme`). */
export function staffSearch(search: string, location: StaffLocation): string {
  const params = new URLSearchParams(search);
  params.set("view", location.view);
  if (location.org) params.set("org", location.org);
  else params.delete("org");
  return `?${params.toString()}`;
}

/**
 * The query string with the campaign the console acts on (`?campaign=<id>`, read back by `pageCampaign`; none:
 * the default campaign), keeping the other parameters.
 */
export function withStaffCampaign(search: string, campaign: string | null): string {
  const params = new URLSearchParams(search);
  if (campaign) params.set("campaign", campaign);
  else params.delete("campaign");
  const query = params.toString();
  return query ? `?${query}` : "";
}
