import { subscribeLive } from "../lib/liveClient";
import type { LiveState } from "../lib/liveState";
import { acquireSocket, releaseSocket } from "../lib/socket";

/**
 * Follows the live state over the page's one Socket.IO connection (same origin as the widget), with the app's
 * seq, resync and reconnect logic. For widgets drawn without React; React widgets use `useLiveSnapshot`.
 * Returns its cleanup.
 */
export function followLive(onChange: (state: LiveState) => void): () => void {
  const socket = acquireSocket();
  const unsubscribe = subscribeLive(socket, onChange);
  return () => {
    unsubscribe();
    releaseSocket();
  };
}
