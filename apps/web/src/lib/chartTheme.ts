/**
 * Chart colours as plain values: SVG presentation attributes (`fill`, `stroke`, `stopColor`) do not resolve
 * CSS custom properties everywhere, so the charts take these and `styles.css` mirrors them.
 */
export const CHART_THEME = {
  /** The data colour; 9.4:1 against the panel background. */
  primary: "#5cc8ff",
  /** Bars that are not one country ("unknown", "other countries"). */
  muted: "#7d8b99",
  grid: "#26323f",
  cursor: "rgba(255, 255, 255, 0.06)",
  tooltip: { background: "#1b2430", border: "1px solid #33414f", borderRadius: "0.375rem", color: "#eef2f6" },
  tooltipText: { color: "#eef2f6" },
} as const;
