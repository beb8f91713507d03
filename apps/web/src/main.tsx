import type { ComponentType } from "react";
import { shellMarkup } from "./appShell";
import { applyTheme, resolveTheme } from "./components/theme";
import { resolveLanguage } from "./i18n/language";
import { resolveRoute, type RouteId } from "./routes";
import "./styles.css";

/** One lazily loaded chunk per page, so a page downloads only its own code (Recharts only where charts are). */
const PAGES: Record<RouteId, () => Promise<ComponentType>> = {
  dashboard: () => import("./features/dashboard/DashboardPage").then((m) => m.DashboardPage),
  wall: () => import("./features/wall/WallPage").then((m) => m.WallPage),
  staff: () => import("./features/staff/StaffPage").then((m) => m.StaffPage),
  notFound: () => import("./features/notFound/NotFoundPage").then((m) => m.NotFoundPage),
};

// Before the first paint, so a light-theme screen never flashes dark.
applyTheme(resolveTheme(location.search));
const route = resolveRoute(location.pathname);
const lang = resolveLanguage(location.search, navigator.languages ?? [navigator.language]);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// This entry imports no React: the page's chunk starts loading now, beside React and the app's shell, instead of
// after them (one round of downloads before the first numbers, not two), and a first paint goes on screen meanwhile.
const page = PAGES[route]();
root.innerHTML = shellMarkup(route, lang);
void Promise.all([page, import("./app")]).then(([Page, { renderApp }]) => renderApp(Page, lang));
