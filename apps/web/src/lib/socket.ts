import type { ClientToServerEvents, ServerToClientEvents } from "@pulse/shared/client";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { followServerClock } from "./campaignClock";
import { pageCampaign } from "./campaignPath";

/** The Socket.IO client, typed by the shared event maps: no event name is written anywhere else. */
export type PulseSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Why a socket disconnected, as socket.io-client reports it. */
export type DisconnectReason = Socket.DisconnectReason;

/** How long a `resync` waits for its acknowledgement before it is asked again. */
export const RESYNC_TIMEOUT_MS = 5_000;

/** How the client retries a lost connection: for ever, with capped exponential backoff and jitter. */
export interface ReconnectPolicy {
  /** The first delay, in ms; each retry doubles it. */
  delayMs: number;
  /** The delay never grows past this, in ms. */
  delayMaxMs: number;
  /** Each delay is spread by ± this share, so a room of wall screens does not come back in step. */
  randomization: number;
}

/** Retries start after about 500 ms and settle at 10 s, ± 50 %. */
export const RECONNECT: ReconnectPolicy = { delayMs: 500, delayMaxMs: 10_000, randomization: 0.5 };

/**
 * Creates a socket to the server that served the page (same origin, default namespace, path `/socket.io`),
 * or to `url` when given (tests). `options` override the defaults.
 */
export function createPulseSocket(url?: string, options: Partial<ManagerOptions & SocketOptions> = {}): PulseSocket {
  const opts: Partial<ManagerOptions & SocketOptions> = {
    path: "/socket.io",
    // WebSocket first (no sticky sessions needed behind a load balancer); long-polling if it is blocked.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    autoConnect: false,
    // Never give up: a wall screen must come back on its own, however long the outage.
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: RECONNECT.delayMs,
    reconnectionDelayMax: RECONNECT.delayMaxMs,
    randomizationFactor: RECONNECT.randomization,
    ...options,
  };
  return url === undefined ? io(opts) : io(url, opts);
}

/** What a page asks of the live feed beyond the counters. */
export interface LiveFeedOptions {
  /** Snapshots and deltas carry the campaign's insights (`auth.insights: true`); other screens go without. */
  insights?: boolean;
}

/**
 * The handshake that joins campaign `campaign`'s clients (`auth: { campaign }`): it then receives that campaign's
 * snapshots and deltas only. Null (a v1 page) names none, which the server takes as the default campaign. With
 * `insights`, they carry the campaign's insights too.
 */
export function campaignHandshake(campaign: string | null, options: LiveFeedOptions = {}): Partial<SocketOptions> {
  const auth: Record<string, unknown> = {};
  if (campaign !== null) auth.campaign = campaign;
  if (options.insights) auth.insights = true;
  return Object.keys(auth).length === 0 ? {} : { auth };
}

/** What happens after a disconnect: socket.io retries by itself, we must call `connect()`, or it stays down. */
export type DisconnectOutcome = "retries" | "reconnectManually" | "staysDown";

/**
 * socket.io-client retries on its own after a lost transport or ping timeout, but not after the server
 * disconnected the socket (a node shutting down gracefully does that): then only `connect()` brings it back.
 * A disconnect the client asked for stays down.
 */
export function afterDisconnect(reason: DisconnectReason): DisconnectOutcome {
  if (reason === "io client disconnect") return "staysDown";
  if (reason === "io server disconnect") return "reconnectManually";
  return "retries";
}

/**
 * The delay before retry number `attempt` (0-based): `delayMs · 2^attempt`, capped at `delayMaxMs`, spread by
 * ± `randomization`. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy = RECONNECT, random: () => number = Math.random): number {
  const base = Math.min(policy.delayMaxMs, policy.delayMs * 2 ** Math.max(0, attempt));
  const spread = base * policy.randomization * (2 * random() - 1);
  return Math.round(Math.min(policy.delayMaxMs, Math.max(0, base + spread)));
}

/**
 * Reconnects `socket` whenever socket.io will not: after a server-initiated disconnect, or a connection the
 * server refused. The manual retry waits a backoff delay too (so thousands of screens told to leave a node
 * do not all hit the next one at once), which grows while the server keeps sending the socket away and starts
 * over once a connection has held for `delayMaxMs`. Returns its cleanup.
 */
export function keepConnected(socket: PulseSocket, policy: ReconnectPolicy = RECONNECT): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  let connectedAt = 0;

  const schedule = () => {
    if (Date.now() - connectedAt >= policy.delayMaxMs) retries = 0;
    const delay = backoffDelay(retries, policy);
    retries += 1;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      socket.connect();
    }, delay);
  };
  const onConnect = () => {
    connectedAt = Date.now();
  };
  const onDisconnect = (reason: DisconnectReason) => {
    if (afterDisconnect(reason) === "reconnectManually") schedule();
  };
  // A refused connection (a middleware error) leaves the socket inactive; a network error leaves it retrying.
  const onConnectError = () => {
    if (!socket.active) schedule();
  };

  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.on("connect_error", onConnectError);
  return () => {
    clearTimeout(timer);
    socket.off("connect", onConnect);
    socket.off("disconnect", onDisconnect);
    socket.off("connect_error", onConnectError);
  };
}

let shared: PulseSocket | null = null;
let stopKeeping: (() => void) | null = null;
let stopClock: (() => void) | null = null;
let users = 0;

/**
 * The page's one shared socket, joined to the page's campaign ({@link campaignHandshake}), connected and kept
 * connected, its `clock` events feeding the campaign clock (`campaignClock.ts`) from the first connect. Pair every
 * call with {@link releaseSocket}.
 */
export function acquireSocket(options: LiveFeedOptions = {}): PulseSocket {
  shared ??= createPulseSocket(undefined, campaignHandshake(pageCampaign(), options));
  // `auth` is unset on a socket made without a handshake (the default campaign, no insights).
  if (options.insights && !(shared.auth as { insights?: boolean } | undefined)?.insights) {
    // A later user wants insights: the handshake asks for them from the next connect, which comes at once.
    shared.auth = campaignHandshake(pageCampaign(), options).auth ?? {};
    if (shared.connected) shared.disconnect();
  }
  stopKeeping ??= keepConnected(shared);
  stopClock ??= followServerClock(shared);
  users += 1;
  if (!shared.active) shared.connect();
  return shared;
}

/** Gives back a socket from {@link acquireSocket}; the last user to leave disconnects it. */
export function releaseSocket(): void {
  users = Math.max(0, users - 1);
  if (users > 0) return;
  stopKeeping?.();
  stopKeeping = null;
  stopClock?.();
  stopClock = null;
  shared?.disconnect();
}

/**
 * Runs `follow` on the page's shared socket ({@link acquireSocket}); the returned cleanup stops it and gives
 * the socket back. What every live hook and React-free widget does with the socket.
 */
export function followOnPageSocket(follow: (socket: PulseSocket) => () => void, options: LiveFeedOptions = {}): () => void {
  const stop = follow(acquireSocket(options));
  return () => {
    stop();
    releaseSocket();
  };
}
