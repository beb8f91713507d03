/** The root font size in px (the page scales it with the viewport), for chart sizes that SVG needs in px. */
export function remInPx(): number {
  if (typeof document === "undefined") return 16;
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}
