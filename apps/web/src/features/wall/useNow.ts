import { useEffect, useState } from "react";

/**
 * The current time in epoch ms, updated on each whole second (so a clock's seconds turn over on time rather
 * than up to a second late). The timers are cleared on unmount.
 */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let interval: ReturnType<typeof setInterval> | undefined;
    const tick = () => setNow(Date.now());
    const align = setTimeout(() => {
      tick();
      interval = setInterval(tick, intervalMs);
    }, intervalMs - (Date.now() % intervalMs));
    return () => {
      clearTimeout(align);
      clearInterval(interval);
    };
  }, [intervalMs]);

  return now;
}
