/** Which part of the console shows, kept in the URL (`?view=…&org=…`) so every view can be linked and reloaded. */

/** The console's views, in tab order. `report` is the printable end-of-day report. */
export const STAFF_VIEWS = ["moderation", "queue", "organizations", "roi", "sources", "blocklist", "audit", "exports", "report"] as const;

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
