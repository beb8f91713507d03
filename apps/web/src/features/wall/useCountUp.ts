import { useEffect, useState } from "react";
import { createCountUpSource, type CountUpSource } from "../../lib/countUpSource";
import { useReducedMotion } from "./useReducedMotion";

/**
 * `target`, counted up to, as a {@link CountUpSource} for its readers (`CountedNumber`): each new target animates
 * from the number on screen; with reduced motion the number simply changes. The component that calls this does
 * not re-render while the number rolls (its readers write each frame themselves). The roll stops on unmount.
 */
export function useCountUp(target: number): CountUpSource {
  const reduced = useReducedMotion();
  const [source] = useState(createCountUpSource);
  useEffect(() => source.setTarget(target, !reduced), [source, target, reduced]);
  useEffect(() => () => source.dispose(), [source]);
  return source;
}
