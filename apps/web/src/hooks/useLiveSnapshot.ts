import type { Snapshot } from "@pulse/shared/client";
import { useEffect, useState } from "react";
import { subscribeLive } from "../lib/liveClient";
import { initialLiveState, liveStatus, type LiveStatus } from "../lib/liveState";
import { followOnPageSocket, type LiveFeedOptions } from "../lib/socket";

/** What {@link useLiveSnapshot} returns. */
export interface LiveSnapshot {
  /** The current state, or null before the first snapshot. */
  snapshot: Snapshot | null;
  status: LiveStatus;
  /** Epoch ms of the last update applied, or null. */
  lastUpdate: number | null;
  /** The current reconnection attempt (1, 2, …) while reconnecting, else 0. */
  reconnectAttempt: number;
}

/**
 * With `insights`, the snapshot carries the campaign's insights (the page's one socket asks for them).
 * Keeps a Snapshot current from the server's `snapshot`, `delta` and `health` events, resyncing on a seq gap,
 * a reconnect or the store coming back. Subscribes on mount and cleans up on unmount; the socket reconnects
 * for ever while in use and closes when its last user leaves.
 */
export function useLiveSnapshot(options: LiveFeedOptions = {}): LiveSnapshot {
  const [state, setState] = useState(initialLiveState);
  const insights = options.insights === true;

  useEffect(() => followOnPageSocket((socket) => subscribeLive(socket, setState), { insights }), [insights]);

  return {
    snapshot: state.snapshot,
    status: liveStatus(state),
    lastUpdate: state.lastUpdate,
    reconnectAttempt: state.reconnectAttempt,
  };
}
