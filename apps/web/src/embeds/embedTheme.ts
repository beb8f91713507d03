/** Light and dark for the widgets, chosen by the URL's `theme` and, for `auto`, by the reader's system. */
import type { EmbedTheme } from "./embedParams";

/** The theme actually drawn. */
export type ResolvedTheme = "light" | "dark";

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The theme `theme` draws when the system prefers dark (`systemDark`) or not. */
export function resolveTheme(theme: EmbedTheme, systemDark: boolean): ResolvedTheme {
  if (theme === "auto") return systemDark ? "dark" : "light";
  return theme;
}

/**
 * Sets `data-theme` on `<html>` (the stylesheets key their colours on it) and, for `auto`, follows the system
 * setting as it changes. Returns its cleanup.
 *
 * The page never declares `color-scheme: dark`: when a frame's colour scheme differs from its parent's, the
 * browser paints the frame opaque, and the widget must stay transparent on any partner page.
 */
export function followTheme(theme: EmbedTheme): () => void {
  const media = window.matchMedia(DARK_QUERY);
  const apply = () => {
    document.documentElement.dataset.theme = resolveTheme(theme, media.matches);
  };
  apply();
  if (theme !== "auto") return () => {};
  media.addEventListener("change", apply);
  return () => media.removeEventListener("change", apply);
}
