import { useEffect, useState } from "react";

/**
 * True once `active` has held for `delayMs` without a break, and false as soon as it stops: brief blips never
 * show. The timer is cleared whenever `active` changes and on unmount.
 */
export function useDelayedFlag(active: boolean, delayMs: number): boolean {
  const [elapsed, setElapsed] = useState(false);

  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setElapsed(true), delayMs);
    return () => {
      clearTimeout(timer);
      setElapsed(false);
    };
  }, [active, delayMs]);

  return active && elapsed;
}
