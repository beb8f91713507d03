/**
 * The app's first paint, written by the entry (`main.tsx`) before React and the page's code have arrived: the
 * dashboard's top bar as the dashboard draws it (so the page's largest text is on screen at once, and React's
 * own top bar later takes its place at the same size) and a loading note; other pages get the loading note
 * only. React replaces it all when it renders the page.
 */
import type { Lang } from "./i18n/language";
import { shellEn, shellFr, type ShellMessageKey } from "./i18n/shellMessages";
import type { RouteId } from "./routes";

const SHELL_MESSAGES: Record<Lang, Record<ShellMessageKey, string>> = { fr: shellFr, en: shellEn };

/** `text` safe inside HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The same mark as `PulseLogo`, in the top bar's logo box. */
const LOGO =
  '<span class="topbar__logo" aria-hidden="true"><svg viewBox="0 0 32 32" width="100%" height="100%">' +
  '<path d="M3 17h7l3-8 5 15 3-7h8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"></path>' +
  "</svg></span>";

/** The first paint's markup for `route` in `lang`. Static text from the shell's dictionary only, escaped. */
export function shellMarkup(route: RouteId, lang: Lang): string {
  const t = (key: ShellMessageKey) => escapeHtml(SHELL_MESSAGES[lang][key]);
  const loading = `<p class="page-loading" role="status">${t("app.loading")}</p>`;
  if (route !== "dashboard") return loading;
  return (
    '<div class="dashboard"><header class="topbar"><div class="topbar__brand">' +
    LOGO +
    `<div><p class="topbar__app">${t("app.name")} <span class="topbar__tagline">${t("app.tagline")}</span></p>` +
    '<p class="topbar__title">\u00a0</p></div></div></header>' +
    loading +
    "</div>"
  );
}
