import { startTransition, StrictMode, Suspense, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { PageLoading } from "./components/PageLoading";
import { I18nProvider } from "./i18n/I18nProvider";
import type { Lang } from "./i18n/language";

/**
 * Renders the app around `Page`, the current page's component, already loaded by `main.tsx`: React's first
 * render is the page itself, in place of the entry's first paint (`appShell.ts`).
 */
export function renderApp(Page: ComponentType, lang: Lang): void {
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  // A transition: React renders the page in slices it can interrupt, not in one long task, while the first
  // paint stays on screen.
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <I18nProvider lang={lang}>
          {/* For a part of the page that loads later, such as the staff console's tabs. */}
          <Suspense fallback={<PageLoading />}>
            <Page />
          </Suspense>
        </I18nProvider>
      </StrictMode>,
    );
  });
}
