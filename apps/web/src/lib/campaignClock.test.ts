import type { LiveClock } from "@pulse/shared/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { campaignEnded, clockNow, followServerClock, onServerClock, serverClock, shownStatus } from "./campaignClock";

const MIDNIGHT = Date.parse("2015-02-23T23:00:00Z");

describe("the campaign clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a simulated reading forward at its speed, and stands still at speed 0", () => {
    const anchor = { clock: { now: MIDNIGHT, speed: 60, simulated: true }, receivedAt: 1_000 };
    expect(clockNow(anchor, 1_000, 0)).toBe(MIDNIGHT);
    // One real minute is an hour of the simulated day.
    expect(clockNow(anchor, 61_000, 0)).toBe(MIDNIGHT + 3_600_000);
    expect(clockNow({ ...anchor, clock: { ...anchor.clock, speed: 0 } }, 61_000, 0)).toBe(MIDNIGHT);
    // Before the server told a clock, the browser's.
    expect(clockNow(null, 61_000, 123)).toBe(123);
  });

  it("follows the server's clock events, with fake timers standing in for the passing time", () => {
    vi.useFakeTimers({ toFake: ["performance", "Date"], now: Date.parse("2026-12-06T12:00:00Z") });
    const handlers = new Map<string, (clock: LiveClock) => void>();
    const socket = {
      on: (event: string, handler: (clock: LiveClock) => void) => handlers.set(event, handler),
      off: (event: string) => handlers.delete(event),
    };
    const stop = followServerClock(socket as never);
    const heard = vi.fn();
    const unlisten = onServerClock(heard);
    handlers.get("clock")?.({ now: MIDNIGHT, speed: 600, simulated: true });
    expect(heard).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(6_000);
    // Six real seconds at 600×: an hour into the day, not today's date.
    expect(clockNow(serverClock(), performance.now(), Date.now())).toBe(MIDNIGHT + 3_600_000);
    expect(new Date(clockNow(serverClock(), performance.now(), Date.now())).getUTCFullYear()).toBe(2015);
    unlisten();
    stop();
    expect(handlers.size).toBe(0);
  });

  it("says the campaign ended once the clock reaches its end, and shows ENDED in place of LIVE only", () => {
    const campaign = { end: "2015-02-24T23:00:00Z" };
    expect(campaignEnded(campaign, Date.parse("2015-02-24T22:59:59Z"))).toBe(false);
    expect(campaignEnded(campaign, Date.parse("2015-02-24T23:00:00Z"))).toBe(true);
    expect(campaignEnded(null, Date.now())).toBe(false);
    expect(shownStatus("live", true)).toBe("ended");
    expect(shownStatus("live", false)).toBe("live");
    expect(shownStatus("offline", true)).toBe("offline");
  });
});
