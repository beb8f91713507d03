import { useEffect, useState, useSyncExternalStore } from "react";
import { createCountUpSource, type CountUpSource } from "./countUpSource";
import { useReducedMotion } from "./useReducedMotion";

export { COUNT_UP_MS } from "./countUpSource";

/**
 * `target`, counted up to, as a {@link CountUpSource} for {@link useCounted} readers: each new target animates
 * from the number on screen; with reduced motion the number simply changes. The component that calls this does
 * not re-render while the number rolls (only the readers do). The roll stops on unmount.
 */
export function useCountUp(target: number): CountUpSource {
  const reduced = useReducedMotion();
  const [source] = useState(createCountUpSource);
  useEffect(() => source.setTarget(target, !reduced), [source, target, reduced]);
  useEffect(() => () => source.dispose(), [source]);
  return source;
}

/** The number a {@link useCountUp} source shows now; re-renders the caller on each frame of a roll. */
export function useCounted(source: CountUpSource): number {
  return useSyncExternalStore(source.subscribe, source.get, source.get);
}
