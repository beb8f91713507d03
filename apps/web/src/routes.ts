/**
 * Which page of the app a path shows. Each page is its own lazily loaded chunk (see `main.tsx`). The embeds
 * are not pages of this app: each widget is its own HTML entry of the build (`vite.config.ts`), which the
 * server serves at `/embed/<widget>`, so a partner's widget never loads the app.
 */
export type RouteId = "dashboard" | "wall" | "staff" | "notFound";

/** A page and the paths it answers. */
interface Route {
  id: Exclude<RouteId, "notFound">;
  /** Exact paths, or a prefix ending in `/*`. */
  paths: readonly string[];
}

/** The pages, in the order they are tried. */
export const ROUTES: readonly Route[] = [
  { id: "dashboard", paths: ["/", "/index.html"] },
  { id: "wall", paths: ["/wall"] },
  { id: "staff", paths: ["/staff"] },
];

function matches(pattern: string, path: string): boolean {
  if (pattern.endsWith("/*")) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/** The page for a `location.pathname`; a trailing slash is ignored, and anything unknown is `notFound`. */
export function resolveRoute(pathname: string): RouteId {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") || "/" : pathname || "/";
  return ROUTES.find((route) => route.paths.some((pattern) => matches(pattern, path)))?.id ?? "notFound";
}
