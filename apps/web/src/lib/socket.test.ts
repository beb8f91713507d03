import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { describe, expect, it } from "vitest";
import { afterDisconnect, backoffDelay, campaignHandshake, createPulseSocket, RECONNECT } from "./socket";

describe("createPulseSocket", () => {
  it("reconnects for ever with capped exponential backoff and jitter", () => {
    // Nothing listens on port 1, and autoConnect is off: no connection is attempted.
    const socket = createPulseSocket("http://127.0.0.1:1");
    const manager = socket.io;
    expect(manager.reconnection()).toBe(true);
    expect(manager.reconnectionAttempts()).toBe(Infinity);
    expect(manager.reconnectionDelay()).toBe(500);
    expect(manager.reconnectionDelayMax()).toBe(10_000);
    expect(manager.randomizationFactor()).toBe(0.5);
    expect(socket.active).toBe(false);
  });
});

describe("campaignHandshake", () => {
  it("names a campaign page's campaign in the handshake, and none on a v1 page", async () => {
    expect(campaignHandshake(null)).toEqual({});
    const http = createServer();
    const io = new Server(http);
    const received = new Promise<unknown>((resolve) => io.on("connection", (socket) => resolve(socket.handshake.auth)));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const socket = createPulseSocket(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ["websocket"],
      ...campaignHandshake("salon-2027"),
    });
    try {
      socket.connect();
      expect(await received).toEqual({ campaign: "salon-2027" });
    } finally {
      socket.disconnect();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    }
  });
});

describe("afterDisconnect", () => {
  it("reconnects by hand after the server sent the socket away, where socket.io would not", () => {
    expect(afterDisconnect("io server disconnect")).toBe("reconnectManually");
  });

  it("leaves lost transports to socket.io's own retries", () => {
    for (const reason of ["transport close", "transport error", "ping timeout", "parse error"] as const) {
      expect(afterDisconnect(reason), reason).toBe("retries");
    }
  });

  it("stays down after a disconnect the client asked for", () => {
    expect(afterDisconnect("io client disconnect")).toBe("staysDown");
  });
});

describe("backoffDelay", () => {
  const low = () => 0;
  const mid = () => 0.5;
  const high = () => 0.999_999;

  it("doubles from 500 ms and stops growing at 10 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 30].map((n) => backoffDelay(n, RECONNECT, mid))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });

  it("spreads each delay by ± 50 %, never past the cap", () => {
    expect(backoffDelay(0, RECONNECT, low)).toBe(250);
    expect(backoffDelay(0, RECONNECT, high)).toBe(750);
    expect(backoffDelay(30, RECONNECT, low)).toBe(5_000);
    expect(backoffDelay(30, RECONNECT, high)).toBe(10_000);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });
});
