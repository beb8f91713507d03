/**
 * Which campaign a page shows, read from its path: `/c/<id>/`, `/c/<id>/wall` and `/c/<id>/embed/<widget>` are
 * campaign `<id>`'s pages; the v1 paths (`/`, `/wall`, `/embed/<widget>`) show the default campaign. Plain
 * functions with no imports: the `/embed.js` loader bundles this file too.
 */

/** A campaign id: a slug, as the server's campaign validation requires. */
const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The prefix of a campaign's pages, before its id. */
const CAMPAIGN_PREFIX = "/c/";

/** A page's path, split into its campaign and the page within it. */
export interface CampaignPagePath {
  /** The campaign the path names, or null for a v1 path (the default campaign). */
  campaign: string | null;
  /** The path within the campaign: `/c/<id>/wall` → `/wall`, `/c/<id>` → `/`; a v1 path as it is. */
  page: string;
}

/** True when `id` is a well-formed campaign id. */
export function isCampaignId(id: unknown): id is string {
  return typeof id === "string" && CAMPAIGN_ID.test(id);
}

/** Splits a `location.pathname` into its campaign and page. A `/c/` path whose id is not a slug names none. */
export function campaignFromPath(pathname: string): CampaignPagePath {
  if (pathname.startsWith(CAMPAIGN_PREFIX)) {
    const rest = pathname.slice(CAMPAIGN_PREFIX.length);
    const slash = rest.indexOf("/");
    const id = slash === -1 ? rest : rest.slice(0, slash);
    if (isCampaignId(id)) return { campaign: id, page: slash === -1 ? "/" : rest.slice(slash) };
  }
  return { campaign: null, page: pathname };
}

/**
 * The path of `page` (`/`, `/wall`, `/embed/counter`) for `campaign`: `/c/<id>/wall`, or the v1 path for null.
 * The dashboard keeps its trailing slash, `/c/<id>/`, so that the page is the same whichever way it is written.
 */
export function campaignPath(campaign: string | null, page = "/"): string {
  return campaign === null ? page : `${CAMPAIGN_PREFIX}${campaign}${page}`;
}

/** The staff console's path; it names the campaign it acts on in its query instead (`/staff?campaign=<id>`). */
const STAFF_PATH = "/staff";

/**
 * The campaign of the page this code runs in ({@link campaignFromPath} of its location, or the staff console's
 * `?campaign=`); null for the default campaign, and outside a browser.
 */
export function pageCampaign(): string | null {
  if (typeof location === "undefined") return null;
  if ((location.pathname.replace(/\/+$/, "") || "/") === STAFF_PATH) {
    const chosen = new URLSearchParams(location.search).get("campaign");
    return isCampaignId(chosen) ? chosen : null;
  }
  return campaignFromPath(location.pathname).campaign;
}
