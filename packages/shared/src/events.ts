import type { Delta, Snapshot } from "./models.js";

/**
 * Events the server sends. Typed once here and used as
 * `Server<ClientToServerEvents, ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>`.
 */
export interface ServerToClientEvents {
  /** The full state, sent on connect. */
  snapshot: (snapshot: Snapshot) => void;
  /** What changed during one tick; `seq` is one more than the last snapshot or delta on this connection. */
  delta: (delta: Delta) => void;
}

/** Events a client sends. The server validates them and ignores anything unexpected. */
export interface ClientToServerEvents {
  /** Asks for a fresh snapshot after a gap in `seq` or a reconnect. */
  resync: (ack: (snapshot: Snapshot) => void) => void;
}

/** Events between server nodes; none go over Socket.IO today. */
export type InterServerEvents = Record<string, never>;

/** Per-socket data the server keeps. */
export interface SocketData {
  connectedAt: number;
}
