import { campaignEnded, clockNow, onServerClock, serverClock } from "../lib/campaignClock";
import type { LiveStatus } from "../lib/liveState";

/** What a React-free widget tells its live badge. */
export interface EmbedStatus {
  /** The live connection's status. */
  setStatus(status: LiveStatus): void;
  /** The campaign's end (ISO 8601), or null while unknown. */
  setEnd(end: string | null): void;
}

/**
 * Keeps a React-free widget's badge current: `show` gets the connection's status and whether the campaign clock (the
 * server's, simulated or real) has passed the campaign's end, at once on every change and each second, so "live"
 * turns "ended" on time. The widget lives as long as its page, and so does the timer.
 */
export function followEmbedStatus(show: (status: LiveStatus, ended: boolean) => void): EmbedStatus {
  let status: LiveStatus = "connecting";
  let end: string | null = null;
  const refresh = () => {
    const now = clockNow(serverClock(), performance.now(), Date.now());
    show(status, campaignEnded(end === null ? null : { end }, now));
  };
  onServerClock(refresh);
  setInterval(refresh, 1_000);
  return {
    setStatus(next) {
      status = next;
      refresh();
    },
    setEnd(next) {
      end = next;
      refresh();
    },
  };
}
