/**
 * The campaign clock on the client: the server's `clock` event (the real time, or the simulated time of a day the
 * simulator or a replay plays) run forward locally at its speed. Pages show it and decide from it whether the
 * campaign has ended. No React here, so the counter widget can use it too.
 */
import type { Campaign, LiveClock } from "@pulse/shared/client";
import type { LiveStatus } from "./liveState";
import type { PulseSocket } from "./socket";

/** A clock reading and when it came, in `performance.now()` ms. */
export interface ClockAnchor {
  clock: LiveClock;
  receivedAt: number;
}

/** The clock's time at `perfNow`: the reading advanced at its speed; `wallNow` until the server has told one. */
export function clockNow(anchor: ClockAnchor | null, perfNow: number, wallNow: number): number {
  if (!anchor) return wallNow;
  return anchor.clock.now + Math.max(0, perfNow - anchor.receivedAt) * anchor.clock.speed;
}

/** True once `now` has reached the campaign's `end`. */
export function campaignEnded(campaign: Pick<Campaign, "end"> | null | undefined, now: number): boolean {
  if (!campaign) return false;
  const end = Date.parse(campaign.end);
  return Number.isFinite(end) && now >= end;
}

/** What a live indicator shows: the connection's status, with `ended` in place of `live` once the campaign is over. */
export type ShownStatus = LiveStatus | "ended";

/** `ended` replaces `live` after the campaign's end; a connection problem is still said as such. */
export function shownStatus(status: LiveStatus, ended: boolean): ShownStatus {
  return ended && status === "live" ? "ended" : status;
}

let anchor: ClockAnchor | null = null;
const listeners = new Set<() => void>();

/** The last clock the server told, or null before any. */
export function serverClock(): ClockAnchor | null {
  return anchor;
}

/** Calls `listener` whenever a new clock reading comes; returns the function that stops it. */
export function onServerClock(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Keeps {@link serverClock} current from `socket`'s `clock` events; returns its cleanup. */
export function followServerClock(socket: Pick<PulseSocket, "on" | "off">, perfNow: () => number = () => performance.now()): () => void {
  const onClock = (clock: LiveClock) => {
    anchor = { clock, receivedAt: perfNow() };
    for (const listener of listeners) listener();
  };
  socket.on("clock", onClock);
  return () => {
    socket.off("clock", onClock);
  };
}
