import type { ClientToServerEvents, ServerToClientEvents } from "@pulse/shared/client";
import { io, type Socket } from "socket.io-client";

/** The Socket.IO client, typed by the shared event maps: no event name is written anywhere else. */
export type PulseSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a `resync` waits for its acknowledgement before it is asked again. */
export const RESYNC_TIMEOUT_MS = 5_000;

/** Creates a socket to the server that served the page (same origin, default namespace, path `/socket.io`). */
export function createPulseSocket(): PulseSocket {
  return io({
    path: "/socket.io",
    // WebSocket first (no sticky sessions needed behind a load balancer); long-polling if it is blocked.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    autoConnect: false,
  });
}

let shared: PulseSocket | null = null;
let users = 0;

/** The page's one shared socket, connected. Pair every call with {@link releaseSocket}. */
export function acquireSocket(): PulseSocket {
  shared ??= createPulseSocket();
  users += 1;
  if (!shared.active) shared.connect();
  return shared;
}

/** Gives back a socket from {@link acquireSocket}; the last user to leave disconnects it. */
export function releaseSocket(): void {
  users = Math.max(0, users - 1);
  if (users === 0) shared?.disconnect();
}
