import type { LiveClock } from "@pulse/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { broadcastClock, campaignClock, type ClockAudience, type ClockClient } from "../../src/realtime/campaign-clock.js";
import { LiveClient, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { contractCampaign } from "../campaigns/campaign-registry-contract.js";

/** What a broadcast reaches: records the clocks sent to everyone and the connection listener. */
class Audience implements ClockAudience {
  readonly sent: LiveClock[] = [];
  listener: ((socket: ClockClient) => void) | undefined;
  on(_event: "connection", listener: (socket: ClockClient) => void) {
    this.listener = listener;
    return this;
  }
  off() {
    this.listener = undefined;
    return this;
  }
  emit(_event: "clock", clock: LiveClock) {
    this.sent.push(clock);
    return true;
  }
}

describe("the campaign clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is the first simulated source's clock, else the real time", () => {
    const simulated: LiveClock = { now: Date.parse("2015-02-24T09:00:00Z"), speed: 60, simulated: true };
    expect(campaignClock([{}, { clock: () => undefined }, { clock: () => simulated }], () => 42)()).toBe(simulated);
    expect(campaignClock([{}], () => 42)()).toEqual({ now: 42, speed: 1, simulated: false });
  });

  it("is sent again only when it departs from what the last one foretold, or stops", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"], now: 1_000_000 });
    const start = Date.parse("2015-02-24T00:00:00Z");
    // A simulated day at 60× from midnight, as a source would report it.
    let origin = { at: start, realAt: Date.now() };
    let speed = 60;
    const clock = (): LiveClock => ({ now: origin.at + (Date.now() - origin.realAt) * speed, speed, simulated: true });
    const audience = new Audience();
    const stop = broadcastClock(audience, clock, { checkMs: 1_000, toleranceMs: 2_000, refreshMs: 60_000 });

    // On connect, each client gets the clock as it stands.
    const toClient: LiveClock[] = [];
    vi.advanceTimersByTime(5_000);
    audience.listener?.({ emit: (_e, c) => toClient.push(c) > 0 });
    expect(toClient).toEqual([{ now: start + 5_000 * 60, speed: 60, simulated: true }]);
    // Running as foretold: nothing is sent.
    vi.advanceTimersByTime(30_000);
    expect(audience.sent).toEqual([]);
    // The day jumps (a restart resumes it later): sent at the next check.
    origin = { at: start + 3_600_000, realAt: Date.now() };
    vi.advanceTimersByTime(1_000);
    expect(audience.sent).toEqual([{ now: start + 3_600_000 + 60_000, speed: 60, simulated: true }]);
    // Sent again after a minute anyway, against drift.
    vi.advanceTimersByTime(59_000);
    expect(audience.sent).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(audience.sent).toHaveLength(2);
    // The day ends: the clock stops and says so.
    origin = { at: clock().now, realAt: Date.now() };
    speed = 0;
    vi.advanceTimersByTime(1_000);
    expect(audience.sent.at(-1)).toMatchObject({ speed: 0 });
    const count = audience.sent.length;
    vi.advanceTimersByTime(600_000);
    expect(audience.sent).toHaveLength(count);

    stop();
    expect(audience.listener).toBeUndefined();
  });

  it("never sends a real clock again after connect", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"], now: 1_000_000 });
    const audience = new Audience();
    const stop = broadcastClock(audience, campaignClock([]), {});
    vi.advanceTimersByTime(3_600_000);
    expect(audience.sent).toEqual([]);
    stop();
  });
});

/** The first clock a client of `node` gets on connect (`auth`: its handshake, e.g. `{ campaign: id }`). */
async function firstClock(node: RunningPulse, auth?: Record<string, unknown>): Promise<LiveClock> {
  const client = new LiveClient({ urls: [node.url], ...(auth ? { auth } : {}) });
  const clocks: LiveClock[] = [];
  client.socket.on("clock", (c) => clocks.push(c));
  try {
    await waitFor(() => clocks.length > 0, 5_000, "a clock");
    return clocks[0] as LiveClock;
  } finally {
    client.close();
  }
}

describe("the campaign clock over Socket.IO", () => {
  let node: RunningPulse | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  it("tells a client the simulator's day on connect, not today's date", async () => {
    node = await startPulse({ SOURCE: "simulator", SIM_SPEED: "600" });
    const clock = await firstClock(node);
    expect(clock).toMatchObject({ speed: 600, simulated: true });
    // The day plays from midnight in Paris.
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(clock.now)).toBe("2015-02-24");
  });

  it("tells another campaign's client the real time while the simulator plays the default campaign's day", async () => {
    node = await startPulse({ SOURCE: "simulator", SIM_SPEED: "600" });
    await node.pulse.campaigns.create(contractCampaign("clock-second"));
    await waitFor(() => node?.pulse.hub.get("clock-second") !== undefined, 5_000, "the second campaign running");
    const clock = await firstClock(node, { campaign: "clock-second" });
    expect(clock).toMatchObject({ speed: 1, simulated: false });
    expect(Math.abs(clock.now - Date.now())).toBeLessThan(5_000);
  });

  it("tells the real time with no simulated source", async () => {
    node = await startPulse({ SOURCE: "none" });
    const clock = await firstClock(node);
    expect(clock).toMatchObject({ speed: 1, simulated: false });
    expect(Math.abs(clock.now - Date.now())).toBeLessThan(5_000);
  });
});
