/**
 * A real Socket.IO client that keeps the live state as a dashboard does: snapshot on connect, the delta reducer
 * for each delta whose `seq` follows, `resync` when one is missing. Given several node URLs, it fails over to
 * the next one when its node goes away. It records what happened, for assertions.
 *
 * testkit cannot depend on `@pulse/shared` (whose tests use testkit), so the event types and the delta reducer
 * come from a subclass in each app's test support; the protocol (event names, `seq`) is the contract's.
 */
import { io as connect, type Socket } from "socket.io-client";
import { waitFor } from "./wait.js";

/** The health statuses a node announces. */
type HealthStatus = "ok" | "degraded";

/** What a client saw, for assertions. */
export interface LiveClientLog {
  /** Every URL it connected to, in order: more than one entry means it reconnected. */
  connects: string[];
  /** Disconnect reasons, in order. */
  disconnects: string[];
  /** Every `health` status received, in order. */
  health: HealthStatus[];
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
  /** The handshake's `auth`, e.g. `{ campaign: id }` to follow one campaign of a node. */
  auth?: Record<string, unknown>;
}

/** The part of a snapshot or delta the client reads itself. */
interface Sequenced {
  seq: number;
}

// Typed loosely inside; the subclass's event maps type `socket` for tests.
type AnySocket = Socket;
/** Socket.IO's shape of an event map: event names to listener types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventsMap = Record<string, any>;

const clients = new Set<{ close(): void }>();

/** A client that tracks a node's live state; see the module comment. `S` is the snapshot, `D` the delta. */
export abstract class LiveClient<S extends Sequenced, D extends Sequenced, Listen extends EventsMap = EventsMap, Emit extends EventsMap = EventsMap> {
  /** The state as the dashboard would show it; undefined until the first snapshot. */
  state: S | undefined;
  /** Every delta received, applied or not, in order. */
  readonly deltas: D[] = [];
  readonly log: LiveClientLog = { connects: [], disconnects: [], health: [], deltas: 0, gaps: 0, resyncs: 0 };
  /** The URL of the node it is connected to, if any. */
  url: string | undefined;
  #socket: AnySocket | undefined;
  #index = 0;
  #resyncing = false;
  #closed = false;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveClientOptions) {
    clients.add(this);
    this.#open(options.urls[0] ?? "");
  }

  /** The reducer of the contract: the state after `delta`. */
  protected abstract apply(state: S, delta: D): S;

  /** The current socket, typed by the subclass, to listen to other events or emit raw ones. */
  get socket(): Socket<Listen, Emit> {
    if (!this.#socket) throw new Error("the live client is between connections");
    return this.#socket as unknown as Socket<Listen, Emit>;
  }

  /** The last health status received. */
  get health(): HealthStatus | undefined {
    return this.log.health.at(-1);
  }

  /** Resolves with the first snapshot once it has arrived. */
  async ready(timeoutMs = 5_000): Promise<S> {
    await waitFor(() => this.state !== undefined, timeoutMs, "a snapshot");
    return this.state as S;
  }

  /** Asks the node for a fresh snapshot, and takes it as the state. */
  resync(): Promise<S> {
    const socket = this.socket as unknown as AnySocket;
    return new Promise((resolve) =>
      socket.emit("resync", (snapshot: S) => {
        this.state = snapshot;
        resolve(snapshot);
      }),
    );
  }

  /** Disconnects for good. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.disconnect();
    clients.delete(this);
  }

  #open(url: string): void {
    if (this.#closed) return;
    // Reconnection is this class's job, so that it can move to another node.
    const socket: AnySocket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 3000, auth: this.options.auth });
    this.#socket = socket;
    socket.on("connect", () => {
      this.url = url;
      this.log.connects.push(url);
    });
    socket.on("snapshot", (snapshot: S) => {
      this.state = snapshot;
      this.#resyncing = false;
    });
    socket.on("delta", (delta: D) => {
      this.deltas.push(delta);
      const state = this.state;
      if (!state || this.#resyncing || delta.seq <= state.seq) return;
      if (delta.seq === state.seq + 1) {
        this.state = this.apply(state, delta);
        this.log.deltas += 1;
        return;
      }
      this.log.gaps += 1;
      this.#resync(socket);
    });
    socket.on("sync", ({ seq }: Sequenced) => {
      // The server's last seq while it is quiet: behind it, the burst's last (volatile) deltas were lost.
      if (!this.state || this.#resyncing || seq <= this.state.seq) return;
      this.log.gaps += 1;
      this.#resync(socket);
    });
    socket.on("health", (health: { status: HealthStatus }) => this.log.health.push(health.status));
    socket.on("connect_error", () => this.#retry(socket));
    socket.on("disconnect", (reason) => {
      this.url = undefined;
      this.log.disconnects.push(reason);
      if (reason !== "io client disconnect") this.#retry(socket);
    });
  }

  #resync(socket: AnySocket): void {
    this.#resyncing = true;
    socket.timeout(5000).emit("resync", (err: Error | null, snapshot: S) => {
      if (socket !== this.#socket) return;
      if (err) {
        // No answer: ask again on the next delta.
        this.#resyncing = false;
        return;
      }
      this.state = snapshot;
      this.#resyncing = false;
      this.log.resyncs += 1;
    });
  }

  #retry(socket: AnySocket): void {
    if (this.#closed || socket !== this.#socket) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.#socket = undefined;
    this.#index = (this.#index + 1) % this.options.urls.length;
    const next = this.options.urls[this.#index] ?? "";
    this.#retryTimer = setTimeout(() => this.#open(next), this.options.retryDelayMs ?? 200);
    // A client a test forgot to close must not keep the test process alive.
    this.#retryTimer.unref();
  }
}

/** Closes every live client still open. */
export function closeLiveClients(): void {
  for (const client of clients) client.close();
}
