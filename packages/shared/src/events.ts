import type { Delta, Snapshot } from "./models.js";

/** Whether the node can reach its store. While `degraded`, no deltas come: clients keep their numbers and say live data is paused. */
export interface LiveHealth {
  status: "ok" | "degraded";
}

/**
 * Which campaign a node serves, and which version of it: `revision` changes whenever anything in the campaign
 * does (name, brand, goal, hashtags…), and is the `ETag` of `GET /api/campaign`. A client holding another
 * revision fetches the campaign again. Small on purpose: it goes to every client on connect.
 */
export interface CampaignNotice {
  id: string;
  revision: string;
}

/**
 * The campaign's clock as the server keeps it: the real time with live sources, the simulated time of the day the
 * simulator or a replay plays. `now` is epoch ms when sent; it advances by `speed` ms per real ms (0 once a
 * simulated day is over). `simulated` is true for a simulated or replayed day, which screens say.
 */
export interface LiveClock {
  now: number;
  speed: number;
  simulated: boolean;
}

/**
 * Events the server sends. Typed once here and used as
 * `Server<ClientToServerEvents, ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>`.
 */
export interface ServerToClientEvents {
  /** The full state, sent on connect. */
  snapshot: (snapshot: Snapshot) => void;
  /**
   * What changed during one tick; `seq` is one more than the last snapshot or delta on this connection.
   * Sent volatile: a client too slow to take it misses it, sees the gap in `seq` and resyncs.
   */
  delta: (delta: Delta) => void;
  /** The node's store health, sent on connect and whenever it changes. */
  health: (health: LiveHealth) => void;
  /**
   * Sent every few seconds while no delta goes out: the `seq` of the last delta. A client whose state is
   * behind it missed the last (volatile) deltas of a burst and resyncs; otherwise it would stay wrong until
   * the next post.
   */
  sync: (info: { seq: number }) => void;
  /** The node's campaign, sent on connect and whenever it changes. */
  campaign: (notice: CampaignNotice) => void;
  /**
   * The campaign clock, sent on connect and whenever it departs from what the last one foretold (a simulated day
   * that resumes, speeds up or ends). Clients run their clocks from it, and decide from it whether the campaign
   * has ended.
   */
  clock: (clock: LiveClock) => void;
  /** The client's campaign was archived: the server disconnects it next, and a reconnect gets `unknown campaign`. */
  archived: (notice: { id: string }) => void;
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
  /** The campaign the client named in its handshake (`auth.campaign`); undefined: the default one. */
  campaign: string | undefined;
  /** The client asked for insights in its handshake (`auth.insights: true`): its snapshots and deltas carry them. */
  insights: boolean;
}
