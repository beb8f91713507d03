import { lazy, StrictMode, Suspense, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { PageLoading } from "./components/PageLoading";
import { I18nProvider } from "./i18n/I18nProvider";
import { resolveLanguage } from "./i18n/language";

/**
 * Renders the app around `page`, the current page's component, whose chunk `main.tsx` has already started to
 * load: a loading note shows until it has arrived.
 */
export function renderApp(page: Promise<ComponentType>): void {
  const Page = lazy(() => page.then((component) => ({ default: component })));
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
}
