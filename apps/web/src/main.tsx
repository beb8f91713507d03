import type { ComponentType } from "react";
import { applyTheme, resolveTheme } from "./components/theme";
import { resolveRoute, type RouteId } from "./routes";
import "./styles.css";

/** One lazily loaded chunk per page, so a page downloads only its own code (Recharts only where charts are). */
const PAGES: Record<RouteId, () => Promise<ComponentType>> = {
  dashboard: () => import("./features/dashboard/DashboardPage").then((m) => m.DashboardPage),
  wall: () => import("./features/wall/WallPage").then((m) => m.WallPage),
  staff: () => import("./features/staff/StaffPage").then((m) => m.StaffPage),
  notFound: () => import("./features/notFound/NotFoundPage").then((m) => m.NotFoundPage),
};

// Before the first render, so a light-theme screen never flashes dark.
applyTheme(resolveTheme(location.search));
// This entry imports no React: the page's chunk starts loading now, beside React and the app's shell, instead of
// after them. On a phone's connection that is one round of downloads before the first numbers instead of two.
const page = PAGES[resolveRoute(location.pathname)]();
void import("./app").then(({ renderApp }) => renderApp(page));
