import { useSyncExternalStore } from "react";

/** The wall's design is drawn on a 16:9 canvas 100 units wide; a unit is 19.2 px at 1080p and 38.4 px at 4K. */
export const WALL_ASPECT = 16 / 9;

/** One wall unit in px for a viewport: 1 % of the width, or of the width a 16:9 canvas of that height has. */
export function wallUnit(width: number, height: number): number {
  return Math.min(width, height * WALL_ASPECT) / 100;
}

function subscribe(onChange: () => void): () => void {
  addEventListener("resize", onChange);
  return () => removeEventListener("resize", onChange);
}

const current = () => wallUnit(innerWidth, innerHeight);

/**
 * One wall unit in px (the `--u` of wall.css), following resizes; for the chart sizes SVG needs in px.
 * Unsubscribes on unmount.
 */
export function useViewportUnit(): number {
  return useSyncExternalStore(subscribe, current, () => 19.2);
}
