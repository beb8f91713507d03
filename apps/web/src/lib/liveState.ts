/**
 * The client side of the contract's sequencing rules, as a pure state machine so it is tested without a
 * browser or a socket. `useLiveSnapshot` feeds it socket events and carries out the resyncs it asks for.
 */
import { applyDelta, type Delta, type LiveHealth, type Snapshot } from "@pulse/shared/client";

/** Every status the screen can show, in the order a reader may meet them. */
export const LIVE_STATUSES = ["connecting", "live", "paused", "reconnecting", "offline"] as const;

/**
 * What the screen tells the reader about the live connection. `paused`: connected, but the server cannot reach
 * its store, so no deltas come and the numbers shown are the last ones.
 */
export type LiveStatus = (typeof LIVE_STATUSES)[number];

/** Whether the server can reach its store. */
export type StoreHealth = LiveHealth["status"];

/** The state of the socket itself. */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** How many deltas are held while no usable snapshot is there; past this the oldest go (a resync follows). */
export const MAX_PENDING_DELTAS = 256;

/** The client's live state. */
export interface LiveState {
  /** The current state, or null before the first snapshot. Kept (stale) while reconnecting. */
  snapshot: Snapshot | null;
  /** Deltas that arrived while a snapshot was awaited, in arrival order. */
  pending: Delta[];
  /** True until the snapshot for the current connection, or the one a resync asked for, arrives. */
  awaitingSnapshot: boolean;
  connection: ConnectionState;
  /** True once the socket has connected at least once, so the next connect is a reconnect. */
  connectedBefore: boolean;
  /** Epoch ms of the last snapshot or delta applied, or null. */
  lastUpdate: number | null;
  /** The health the server last reported on this connection; `ok` until it says otherwise. */
  health: StoreHealth;
  /** The current reconnection attempt (1, 2, …) while reconnecting, else 0. */
  reconnectAttempt: number;
}

/** An input to the state machine. */
export type LiveEvent =
  | { type: "connected"; /** A snapshot sent on connect may have been missed (the socket was shared). */ missedSnapshot?: boolean }
  | { type: "disconnected"; /** The socket retries by itself. */ willReconnect: boolean }
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "delta"; delta: Delta }
  /** The server's last `seq`, sent while it is quiet. */
  | { type: "sync"; seq: number }
  | { type: "resyncFailed" }
  | { type: "health"; health: LiveHealth }
  | { type: "reconnectAttempt"; attempt: number };

/** The next state, and whether the client must now emit `resync`. */
export interface LiveTransition {
  state: LiveState;
  resync: boolean;
}

/** The state before anything happened. */
export function initialLiveState(): LiveState {
  return {
    snapshot: null,
    pending: [],
    awaitingSnapshot: true,
    connection: "connecting",
    connectedBefore: false,
    lastUpdate: null,
    health: "ok",
    reconnectAttempt: 0,
  };
}

/** What to show: live only while connected, with a snapshot in hand, to a server that can reach its store. */
export function liveStatus(state: LiveState): LiveStatus {
  if (state.connection !== "connected") return state.connection;
  if (state.health === "degraded") return "paused";
  return state.snapshot ? "live" : "connecting";
}

function hold(pending: Delta[], delta: Delta): Delta[] {
  const next = [...pending, delta];
  return next.length > MAX_PENDING_DELTAS ? next.slice(next.length - MAX_PENDING_DELTAS) : next;
}

/**
 * Takes a snapshot as the new truth (whatever its seq: a new connection numbers afresh), then applies the held
 * deltas that follow it without a gap. Held deltas beyond a gap mean a resync.
 */
function takeSnapshot(state: LiveState, snapshot: Snapshot, now: number): LiveTransition {
  let current = snapshot;
  const later = state.pending.filter((d) => d.seq > snapshot.seq).sort((a, b) => a.seq - b.seq);
  let gap = false;
  for (const delta of later) {
    if (delta.seq <= current.seq) continue; // the same delta twice
    if (delta.seq !== current.seq + 1) {
      gap = true;
      break;
    }
    current = applyDelta(current, delta);
  }
  const canResync = state.connection === "connected";
  return {
    state: {
      ...state,
      snapshot: current,
      pending: gap ? later.filter((d) => d.seq > current.seq) : [],
      awaitingSnapshot: gap && canResync,
      lastUpdate: now,
    },
    resync: gap && canResync,
  };
}

function takeDelta(state: LiveState, delta: Delta, now: number): LiveTransition {
  if (state.awaitingSnapshot || !state.snapshot) {
    return { state: { ...state, pending: hold(state.pending, delta) }, resync: false };
  }
  const seq = state.snapshot.seq;
  // Already applied: values are absolute, but an old delta after a newer one would turn the counters back.
  if (delta.seq <= seq) return { state, resync: false };
  if (delta.seq === seq + 1) {
    return { state: { ...state, snapshot: applyDelta(state.snapshot, delta), lastUpdate: now }, resync: false };
  }
  // A gap: something was lost. Hold this delta; the resync's snapshot decides whether it still applies.
  return { state: { ...state, pending: [delta], awaitingSnapshot: true }, resync: state.connection === "connected" };
}

/**
 * While degraded the numbers stay as they are (no deltas come). Back to `ok`, the server sends a catch-up
 * delta; a resync as well makes sure nothing lost on the way stays missing. The snapshot replaces the state,
 * so the two together never double count.
 */
function takeHealth(state: LiveState, health: StoreHealth): LiveTransition {
  if (health === state.health) return { state, resync: false };
  const recovered = health === "ok" && state.connection === "connected";
  return {
    state: { ...state, health, awaitingSnapshot: state.awaitingSnapshot || recovered },
    resync: recovered,
  };
}

/** Advances the state by one event. `now` is the epoch ms stamped on applied updates. */
export function reduceLive(state: LiveState, event: LiveEvent, now: number): LiveTransition {
  switch (event.type) {
    case "connected": {
      // A reconnect resyncs (the contract asks it); the first connect gets its snapshot unasked.
      const resync = state.connectedBefore || event.missedSnapshot === true;
      return {
        state: {
          ...state,
          connection: "connected",
          connectedBefore: true,
          awaitingSnapshot: true,
          pending: resync ? [] : state.pending,
          reconnectAttempt: 0,
        },
        resync,
      };
    }
    case "disconnected":
      // Deltas of the old connection mean nothing to the next one; the stale snapshot stays on screen. Health
      // belongs to the node left behind: the next one reports its own on connect.
      return {
        state: {
          ...state,
          connection: event.willReconnect ? "reconnecting" : "offline",
          pending: [],
          awaitingSnapshot: true,
          health: "ok",
        },
        resync: false,
      };
    case "snapshot":
      return takeSnapshot(state, event.snapshot, now);
    case "delta":
      return takeDelta(state, event.delta, now);
    case "sync":
      // Behind the server's last seq: the burst's last deltas were lost (they are volatile). Resync once.
      if (state.awaitingSnapshot || !state.snapshot || event.seq <= state.snapshot.seq) return { state, resync: false };
      return { state: { ...state, awaitingSnapshot: true }, resync: state.connection === "connected" };
    case "resyncFailed":
      // Ask again while connected; a disconnect in between brings its own snapshot on reconnect.
      return { state, resync: state.connection === "connected" && state.awaitingSnapshot };
    case "health":
      return takeHealth(state, event.health.status);
    case "reconnectAttempt":
      return { state: state.connection === "connected" ? state : { ...state, reconnectAttempt: event.attempt }, resync: false };
  }
}
