/**
 * Country flags as image files from the `flag-icons` package (4:3 SVGs), so they render on any machine: a
 * kiosk without an emoji font shows regional-indicator emoji as empty boxes. Each flag is its own hashed
 * asset, never inlined (`?no-inline`), so the pages that draw flags carry one short URL per country in their
 * JS and the browser fetches only the flags on screen.
 */
const files = import.meta.glob<string>("@flag-icons/flags/4x3/*.svg", { query: "?no-inline", import: "default", eager: true });

/** Flag URLs by ISO 3166-1 alpha-2 code (`FR`); the package's other flags (`gb-eng`, `eu`…) are left out. */
const URLS: ReadonlyMap<string, string> = new Map(
  Object.entries(files).flatMap(([file, url]) => {
    const code = /\/([a-z]{2})\.svg$/.exec(file)?.[1];
    return code ? [[code.toUpperCase(), url] as const] : [];
  }),
);

/** The URL of the flag of an ISO 3166-1 alpha-2 code, or undefined for anything else ("unknown", "ZZ"). */
export function flagUrl(code: string): string | undefined {
  return /^[A-Z]{2}$/.test(code) ? URLS.get(code) : undefined;
}
