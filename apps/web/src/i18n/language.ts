/** The languages the UI speaks. French comes first: it is the default. */
export const LANGUAGES = ["fr", "en"] as const;

/** A UI language. */
export type Lang = (typeof LANGUAGES)[number];

/** The language used when nothing else decides. */
export const DEFAULT_LANG: Lang = "fr";

function asLang(value: string | null | undefined): Lang | undefined {
  const base = value?.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((lang) => lang === base);
}

/**
 * Picks the UI language: `?lang=fr|en` in the query string wins, then the browser's preferred languages in
 * order, then French.
 */
export function resolveLanguage(search: string, browserLanguages: readonly string[] = []): Lang {
  const fromQuery = asLang(new URLSearchParams(search).get("lang"));
  if (fromQuery) return fromQuery;
  for (const candidate of browserLanguages) {
    const lang = asLang(candidate);
    if (lang) return lang;
  }
  return DEFAULT_LANG;
}

/** The same URL with `lang` set, for the language switch; other query parameters are kept. */
export function withLanguage(href: string, lang: Lang): string {
  const url = new URL(href);
  url.searchParams.set("lang", lang);
  return `${url.pathname}${url.search}${url.hash}`;
}
