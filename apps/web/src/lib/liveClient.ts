/**
 * Wires a socket to the live state machine: socket events in, state out, and the resyncs the machine asks
 * for carried out. Kept out of React so it runs, and is tested, against a real Socket.IO server.
 */
import type { Delta, LiveHealth, Snapshot } from "@pulse/shared/client";
import { initialLiveState, reduceLive, type LiveEvent, type LiveState } from "./liveState";
import { afterDisconnect, RESYNC_TIMEOUT_MS, type DisconnectReason, type PulseSocket } from "./socket";

/** Options of {@link subscribeLive}. */
export interface SubscribeLiveOptions {
  /** How long a resync waits for its acknowledgement before it is asked again. */
  resyncTimeoutMs?: number;
}

/**
 * Follows `socket`, calling `onChange` with every new state. Assumes the socket is kept connected (see
 * `keepConnected`), so a server-initiated disconnect shows as reconnecting. Returns its cleanup.
 */
export function subscribeLive(
  socket: PulseSocket,
  onChange: (state: LiveState) => void,
  { resyncTimeoutMs = RESYNC_TIMEOUT_MS }: SubscribeLiveOptions = {},
): () => void {
  let current = initialLiveState();
  let disposed = false;

  const requestResync = () => {
    socket.timeout(resyncTimeoutMs).emit("resync", (err: Error | null, snapshot: Snapshot) => {
      if (disposed) return;
      dispatch(err ? { type: "resyncFailed" } : { type: "snapshot", snapshot });
    });
  };
  const dispatch = (event: LiveEvent) => {
    const { state: next, resync } = reduceLive(current, event, Date.now());
    if (next !== current) {
      current = next;
      onChange(next);
    }
    if (resync) requestResync();
  };

  const onSnapshot = (snapshot: Snapshot) => dispatch({ type: "snapshot", snapshot });
  const onDelta = (delta: Delta) => dispatch({ type: "delta", delta });
  const onHealth = (health: LiveHealth) => dispatch({ type: "health", health });
  const onSync = ({ seq }: { seq: number }) => dispatch({ type: "sync", seq });
  const onConnect = () => dispatch({ type: "connected" });
  const onDisconnect = (reason: DisconnectReason) =>
    dispatch({ type: "disconnected", willReconnect: afterDisconnect(reason) !== "staysDown" });
  const onReconnectAttempt = (attempt: number) => dispatch({ type: "reconnectAttempt", attempt });
  const onReconnectFailed = () => dispatch({ type: "disconnected", willReconnect: false });

  socket.on("snapshot", onSnapshot);
  socket.on("delta", onDelta);
  socket.on("health", onHealth);
  socket.on("sync", onSync);
  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.io.on("reconnect_attempt", onReconnectAttempt);
  socket.io.on("reconnect_failed", onReconnectFailed);
  // Joining a socket that is already up: its on-connect snapshot went to someone else, so ask for one.
  if (socket.connected) dispatch({ type: "connected", missedSnapshot: true });

  return () => {
    disposed = true;
    socket.off("snapshot", onSnapshot);
    socket.off("delta", onDelta);
    socket.off("health", onHealth);
    socket.off("sync", onSync);
    socket.off("connect", onConnect);
    socket.off("disconnect", onDisconnect);
    socket.io.off("reconnect_attempt", onReconnectAttempt);
    socket.io.off("reconnect_failed", onReconnectFailed);
  };
}
