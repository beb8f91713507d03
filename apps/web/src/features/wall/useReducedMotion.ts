import { useSyncExternalStore } from "react";

const QUERY = "(prefers-reduced-motion: reduce)";

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia === "undefined") return () => {};
  const media = matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

const reducedNow = () => typeof matchMedia !== "undefined" && matchMedia(QUERY).matches;

/** True while the reader asks for less motion; follows the setting live, and unsubscribes on unmount. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reducedNow, () => false);
}
