import { useEffect, useRef, useState } from "react";
import { countUpValue } from "../../lib/countUp";
import { useReducedMotion } from "./useReducedMotion";

/** How long the count-up towards a new total lasts. */
export const COUNT_UP_MS = 1_200;

/**
 * `target`, counted up to: each new target animates from the number on screen, so a stream of updates reads
 * as one rolling counter. With reduced motion the number simply changes. One animation frame loop at most,
 * cancelled on every change and on unmount.
 */
export function useCountUp(target: number, durationMs = COUNT_UP_MS): number {
  const reduced = useReducedMotion();
  const [shown, setShown] = useState(0);
  const onScreen = useRef(0);

  useEffect(() => {
    if (reduced) return;
    const from = onScreen.current;
    if (from === target) return;
    const startedAt = performance.now();
    let frame = requestAnimationFrame(function step(now: number) {
      const value = countUpValue(from, target, now - startedAt, durationMs);
      onScreen.current = value;
      setShown(value);
      if (value !== target) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [target, durationMs, reduced]);

  useEffect(() => {
    // With reduced motion the screen shows the target itself; the next animation starts from there.
    if (reduced) onScreen.current = target;
  }, [reduced, target]);

  return reduced ? target : shown;
}
