import { lazy, StrictMode, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createRoot } from "react-dom/client";
import { PageLoading } from "./components/PageLoading";
import { applyTheme, resolveTheme } from "./components/theme";
import { I18nProvider } from "./i18n/I18nProvider";
import { resolveLanguage } from "./i18n/language";
import { resolveRoute, type RouteId } from "./routes";
import "./styles.css";

/** One lazily loaded chunk per page, so a page downloads only its own code (Recharts only where charts are). */
const PAGES: Record<RouteId, LazyExoticComponent<ComponentType>> = {
  dashboard: lazy(() => import("./features/dashboard/DashboardPage").then((m) => ({ default: m.DashboardPage }))),
  wall: lazy(() => import("./features/wall/WallPage").then((m) => ({ default: m.WallPage }))),
  staff: lazy(() => import("./features/staff/StaffPage").then((m) => ({ default: m.StaffPage }))),
  notFound: lazy(() => import("./features/notFound/NotFoundPage").then((m) => ({ default: m.NotFoundPage }))),
};

// Before the first render, so a light-theme screen never flashes dark.
applyTheme(resolveTheme(location.search));
const Page = PAGES[resolveRoute(location.pathname)];
const lang = resolveLanguage(location.search, navigator.languages ?? [navigator.language]);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <I18nProvider lang={lang}>
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    </I18nProvider>
  </StrictMode>,
);
