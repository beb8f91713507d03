import type { LiveClock } from "@pulse/shared";
import type { Source } from "../sources/source.js";

/**
 * The campaign clock: the clock of the first source that plays a simulated or replayed day (the simulator, a
 * replay), else the real time. `realNow` is injected for tests.
 */
export function campaignClock(sources: readonly Pick<Source, "clock">[], realNow: () => number = Date.now): () => LiveClock {
  return () => {
    for (const source of sources) {
      const clock = source.clock?.();
      if (clock) return clock;
    }
    return realClock(realNow);
  };
}

/** A client as the clock sees it. */
export interface ClockClient {
  emit(event: "clock", clock: LiveClock): boolean;
  /** The campaign named in its handshake (`SocketData`); undefined: the default one. */
  readonly data?: { campaign?: string | undefined };
}

/** The real time as a clock: what a campaign that no source plays runs on. */
export function realClock(realNow: () => number = Date.now): LiveClock {
  return { now: realNow(), speed: 1, simulated: false };
}

/** Who the clock is sent to: the Socket.IO server (`PulseIo`), as far as the clock uses it. */
export interface ClockAudience {
  on(event: "connection", listener: (socket: ClockClient) => void): unknown;
  off(event: "connection", listener: (socket: ClockClient) => void): unknown;
  emit(event: "clock", clock: LiveClock): boolean;
}

/** Options of {@link broadcastClock}. */
export interface ClockBroadcastOptions {
  /** How often to compare the clock with what the last broadcast foretold. Default 1 s. */
  checkMs?: number;
  /** How far, in clock ms, the clock may depart from that before it is sent again. Default 2 s. */
  toleranceMs?: number;
  /** A running simulated clock is sent again this often anyway, against drift. Default 60 s. */
  refreshMs?: number;
  /** The real time, for tests. */
  realNow?: () => number;
  /**
   * Whether a client's campaign is the one the sources play (the default campaign: the simulator and replay play
   * its day). The others run on the real time, sent on connect only. Default: every client.
   */
  plays?: (client: ClockClient) => boolean;
}

/**
 * Sends `clock` to each client on connect, and to `io` (the played campaign's clients) whenever the clock departs
 * from what the last broadcast foretold (it resumed, changed speed, jumped or stopped at the end of a simulated
 * day). A real clock never departs, so after connect it is never sent again; a client that `plays` says no to gets
 * the real clock on connect. Returns its cleanup.
 */
export function broadcastClock(io: ClockAudience, clock: () => LiveClock, options: ClockBroadcastOptions = {}): () => void {
  const { checkMs = 1_000, toleranceMs = 2_000, refreshMs = 60_000, realNow = Date.now, plays = () => true } = options;
  let last = { clock: clock(), at: realNow() };
  const onConnection = (socket: ClockClient) => {
    socket.emit("clock", plays(socket) ? clock() : realClock(realNow));
  };
  io.on("connection", onConnection);
  const timer = setInterval(() => {
    const now = realNow();
    const current = clock();
    const foretold = last.clock.now + (now - last.at) * last.clock.speed;
    const departed =
      Math.abs(current.now - foretold) > toleranceMs || current.speed !== last.clock.speed || current.simulated !== last.clock.simulated;
    const stale = current.simulated && current.speed > 0 && now - last.at >= refreshMs;
    if (!departed && !stale) return;
    last = { clock: current, at: now };
    io.emit("clock", current);
  }, checkMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    io.off("connection", onConnection);
  };
}
