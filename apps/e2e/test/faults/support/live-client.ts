/**
 * A Socket.IO client that keeps the live state as a dashboard does: snapshot on connect, `applyDelta` for each
 * delta whose `seq` follows, `resync` when one is missing. Unlike a browser tab it is given every node's URL
 * and fails over to the next one when its node goes away, and it records what happened for assertions.
 */
import { io as connect, type Socket } from "socket.io-client";
import { applyDelta, type ClientToServerEvents, type LiveHealth, type ServerToClientEvents, type Snapshot } from "@pulse/shared";

type PulseSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What a client saw, for assertions. */
export interface LiveClientLog {
  /** Every URL it connected to, in order: more than one entry means it reconnected. */
  connects: string[];
  /** Disconnect reasons, in order. */
  disconnects: string[];
  /** Every `health` status received, in order. */
  health: LiveHealth["status"][];
  /** Deltas applied. */
  deltas: number;
  /** Times a delta's `seq` skipped ahead of the state's. */
  gaps: number;
  /** Resyncs answered with a snapshot. */
  resyncs: number;
}

/** Options of a live client. */
export interface LiveClientOptions {
  /** Node URLs; the client starts on the first and moves on to the next when a node goes away. */
  urls: string[];
  /** Wait before each reconnection attempt. */
  retryDelayMs?: number;
}

const clients = new Set<LiveClient>();

/** A client that tracks a node's live state; see the module comment. */
export class LiveClient {
  /** The state as the dashboard would show it; undefined until the first snapshot. */
  state: Snapshot | undefined;
  readonly log: LiveClientLog = { connects: [], disconnects: [], health: [], deltas: 0, gaps: 0, resyncs: 0 };
  /** The URL of the node it is connected to, if any. */
  url: string | undefined;
  private socket: PulseSocket | undefined;
  private index = 0;
  private resyncing = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveClientOptions) {
    clients.add(this);
    this.open(options.urls[0] ?? "");
  }

  /** The last health status received. */
  get health(): LiveHealth["status"] | undefined {
    return this.log.health.at(-1);
  }

  /** Disconnects for good. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    clients.delete(this);
  }

  private open(url: string): void {
    if (this.closed) return;
    // Reconnection is this class's job, so that it can move to another node.
    const socket: PulseSocket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 3000 });
    this.socket = socket;
    socket.on("connect", () => {
      this.url = url;
      this.log.connects.push(url);
    });
    socket.on("snapshot", (snapshot) => {
      this.state = snapshot;
      this.resyncing = false;
    });
    socket.on("delta", (delta) => {
      const state = this.state;
      if (!state || this.resyncing || delta.seq <= state.seq) return;
      if (delta.seq === state.seq + 1) {
        this.state = applyDelta(state, delta);
        this.log.deltas += 1;
        return;
      }
      this.log.gaps += 1;
      this.resync(socket);
    });
    socket.on("sync", ({ seq }) => {
      // The server's last seq while it is quiet: behind it, the burst's last (volatile) deltas were lost.
      if (!this.state || this.resyncing || seq <= this.state.seq) return;
      this.log.gaps += 1;
      this.resync(socket);
    });
    socket.on("health", (health) => this.log.health.push(health.status));
    socket.on("connect_error", () => this.retry(socket));
    socket.on("disconnect", (reason) => {
      this.url = undefined;
      this.log.disconnects.push(reason);
      if (reason !== "io client disconnect") this.retry(socket);
    });
  }

  private resync(socket: PulseSocket): void {
    this.resyncing = true;
    socket.timeout(5000).emit("resync", (err: Error | null, snapshot: Snapshot) => {
      if (socket !== this.socket) return;
      if (err) {
        // No answer: ask again on the next delta.
        this.resyncing = false;
        return;
      }
      this.state = snapshot;
      this.resyncing = false;
      this.log.resyncs += 1;
    });
  }

  private retry(socket: PulseSocket): void {
    if (this.closed || socket !== this.socket) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.socket = undefined;
    this.index = (this.index + 1) % this.options.urls.length;
    const next = this.options.urls[this.index] ?? "";
    this.retryTimer = setTimeout(() => this.open(next), this.options.retryDelayMs ?? 200);
  }
}

/** Closes every live client still open. */
export function closeLiveClients(): void {
  for (const client of clients) client.close();
}
