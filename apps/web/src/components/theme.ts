/**
 * The app-wide colour theme. `?theme=dark|light` picks it on every page (dark by default, the newsroom look);
 * `main.tsx` applies it to `<html data-theme>` before the first render, so nothing flashes. The palettes
 * themselves live in `styles.css`; the surfaces are mirrored here so brand colours can be checked against
 * them (a unit test keeps the two in step).
 */

/** The colour themes, default first. */
export const THEMES = ["dark", "light"] as const;

/** A colour theme. */
export type Theme = (typeof THEMES)[number];

/** The theme when the URL names none, or names one that does not exist. */
export const DEFAULT_THEME: Theme = "dark";

/** The backgrounds text and graphics sit on in each theme, mirrored from `styles.css`. */
export const THEME_SURFACES: Record<Theme, { bg: string; surface: string; surfaceRaised: string }> = {
  dark: { bg: "#0b0f14", surface: "#121921", surfaceRaised: "#1b2430" },
  light: { bg: "#f3f5f8", surface: "#ffffff", surfaceRaised: "#e8edf2" },
};

/** `value` as a theme, or undefined when it is none (case and spaces do not matter). */
export function asTheme(value: string | null | undefined): Theme | undefined {
  const cleaned = value?.trim().toLowerCase();
  return THEMES.find((theme) => theme === cleaned);
}

/** The theme a query string asks for (`?theme=light`); anything else is the default. */
export function resolveTheme(search: string): Theme {
  return asTheme(new URLSearchParams(search).get("theme")) ?? DEFAULT_THEME;
}

/** Applies `theme` to the document: `data-theme` for the styles, `color-scheme` for form controls and scrollbars. */
export function applyTheme(theme: Theme, doc: Document = document): void {
  const root = doc.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  doc.querySelector('meta[name="theme-color"]')?.setAttribute("content", THEME_SURFACES[theme].bg);
}
