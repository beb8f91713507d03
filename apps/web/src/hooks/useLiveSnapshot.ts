import type { Delta, Snapshot } from "@pulse/shared/client";
import { useEffect, useState } from "react";
import { initialLiveState, liveStatus, reduceLive, type LiveEvent, type LiveStatus } from "../lib/liveState";
import { acquireSocket, releaseSocket, RESYNC_TIMEOUT_MS } from "../lib/socket";

/** What {@link useLiveSnapshot} returns. */
export interface LiveSnapshot {
  /** The current state, or null before the first snapshot. */
  snapshot: Snapshot | null;
  status: LiveStatus;
  /** Epoch ms of the last update applied, or null. */
  lastUpdate: number | null;
}

/**
 * Keeps a Snapshot current from the server's `snapshot` and `delta` events, resyncing on a seq gap or a
 * reconnect. Subscribes on mount and cleans up on unmount; the socket closes when its last user leaves.
 */
export function useLiveSnapshot(): LiveSnapshot {
  const [state, setState] = useState(initialLiveState);

  useEffect(() => {
    const socket = acquireSocket();
    let current = initialLiveState();
    let disposed = false;

    const requestResync = () => {
      socket.timeout(RESYNC_TIMEOUT_MS).emit("resync", (err: Error | null, snapshot: Snapshot) => {
        if (disposed) return;
        dispatch(err ? { type: "resyncFailed" } : { type: "snapshot", snapshot });
      });
    };
    const dispatch = (event: LiveEvent) => {
      const { state: next, resync } = reduceLive(current, event, Date.now());
      current = next;
      setState(next);
      if (resync) requestResync();
    };

    const onSnapshot = (snapshot: Snapshot) => dispatch({ type: "snapshot", snapshot });
    const onDelta = (delta: Delta) => dispatch({ type: "delta", delta });
    const onConnect = () => dispatch({ type: "connected" });
    const onDisconnect = () => dispatch({ type: "disconnected", willReconnect: socket.active });
    const onReconnectFailed = () => dispatch({ type: "disconnected", willReconnect: false });

    socket.on("snapshot", onSnapshot);
    socket.on("delta", onDelta);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.io.on("reconnect_failed", onReconnectFailed);
    // Joining a socket that is already up: its on-connect snapshot went to someone else, so ask for one.
    if (socket.connected) dispatch({ type: "connected", missedSnapshot: true });

    return () => {
      disposed = true;
      socket.off("snapshot", onSnapshot);
      socket.off("delta", onDelta);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.io.off("reconnect_failed", onReconnectFailed);
      releaseSocket();
    };
  }, []);

  return { snapshot: state.snapshot, status: liveStatus(state), lastUpdate: state.lastUpdate };
}
