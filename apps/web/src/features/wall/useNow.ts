import { useCampaignClock } from "../../hooks/useCampaignClock";

/**
 * The wall's time in epoch ms: the campaign clock, so a simulated or replayed day shows its own time and date, not
 * today's. Updated on each whole second; the timers are cleared on unmount.
 */
export function useNow(intervalMs = 1_000): number {
  return useCampaignClock(intervalMs).now;
}
