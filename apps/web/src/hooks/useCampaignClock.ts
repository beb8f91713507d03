import { useEffect, useState, useSyncExternalStore } from "react";
import { clockNow, onServerClock, serverClock } from "../lib/campaignClock";

/** What {@link useCampaignClock} returns. */
export interface CampaignClock {
  /** The campaign clock's time, epoch ms: the real time, or the simulated day's. */
  now: number;
  /** True while the server plays a simulated or replayed day, which the page should say. */
  simulated: boolean;
}

const readNow = () => clockNow(serverClock(), performance.now(), Date.now());

/**
 * The campaign clock (see `lib/campaignClock.ts`), updated on each whole real second (so a real clock's seconds
 * turn over on time) and at once when the server tells a new reading. The page's socket must be acquired (any
 * live page does so); until the server's first reading, the browser's clock. Timers are cleared on unmount.
 */
export function useCampaignClock(intervalMs = 1_000): CampaignClock {
  const anchor = useSyncExternalStore(onServerClock, serverClock);
  const [now, setNow] = useState(readNow);

  useEffect(() => {
    let interval: ReturnType<typeof setInterval> | undefined;
    const tick = () => setNow(readNow());
    tick();
    const align = setTimeout(() => {
      tick();
      interval = setInterval(tick, intervalMs);
    }, intervalMs - (Date.now() % intervalMs));
    return () => {
      clearTimeout(align);
      clearInterval(interval);
    };
  }, [intervalMs, anchor]);

  return { now, simulated: anchor?.clock.simulated ?? false };
}
