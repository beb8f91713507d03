/**
 * Which page of the app a path shows. Each page is its own lazily loaded chunk (see `main.tsx`). The embeds
 * are not pages of this app: each widget is its own HTML entry of the build (`vite.config.ts`), which the
 * server serves at `/embed/<widget>`, so a partner's widget never loads the app. A campaign's pages are the same
 * under `/c/<id>` (see `lib/campaignPath.ts`).
 */
import { campaignFromPath } from "./lib/campaignPath";

export type RouteId = "dashboard" | "wall" | "staff" | "notFound";

/** A page and the paths it answers. */
interface Route {
  id: Exclude<RouteId, "notFound">;
  /** Exact paths, or a prefix ending in `/*`. */
  paths: readonly string[];
  /** Also a page of each campaign, under `/c/<id>`. */
  perCampaign?: true;
}

/** The pages, in the order they are tried. */
export const ROUTES: readonly Route[] = [
  { id: "dashboard", paths: ["/", "/index.html"], perCampaign: true },
  { id: "wall", paths: ["/wall"], perCampaign: true },
  { id: "staff", paths: ["/staff"] },
];

function matches(pattern: string, path: string): boolean {
  if (pattern.endsWith("/*")) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/**
 * The page for a `location.pathname`, v1 or a campaign's (`/c/<id>/wall`); a trailing slash is ignored, and
 * anything unknown is `notFound`.
 */
export function resolveRoute(pathname: string): RouteId {
  const { campaign, page } = campaignFromPath(pathname);
  const path = page.length > 1 ? page.replace(/\/+$/, "") || "/" : page || "/";
  const found = ROUTES.find((route) => (campaign === null || route.perCampaign) && route.paths.some((pattern) => matches(pattern, path)));
  return found?.id ?? "notFound";
}
