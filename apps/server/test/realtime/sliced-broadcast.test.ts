/**
 * A broadcast to a large room goes out in slices, with the loop's I/O between them, every client still getting
 * every delta once and in order; a small room gets one emit, as before.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { waitFor } from "@pulse/testkit/wait";
import type { Delta } from "@pulse/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { measuringParser } from "../../src/realtime/measuring-parser.js";
import { SlicedBroadcast } from "../../src/realtime/sliced-broadcast.js";
import { createSocketServer, insightRoom, type PulseIo } from "../../src/realtime/socket-server.js";

const ROOM = "campaign:test";

function delta(seq: number, insights = false): Delta {
  return {
    seq,
    totals: { posts: seq, authors: 1 },
    ...(insights ? { insights: { countries: { fr: seq } } } : {}),
  } as unknown as Delta;
}

describe("SlicedBroadcast", () => {
  let http: HttpServer;
  let io: PulseIo;
  let clients: Socket[] = [];
  /** Deltas each client received, in arrival order. */
  let received: Delta[][] = [];
  /** Delta sizes the measuring parser reported. */
  let measured: number[] = [];

  beforeEach(async () => {
    http = createServer();
    measured = [];
    io = createSocketServer(http, { origins: ["*"], parser: measuringParser(new Set(["delta"]), (_e, bytes) => measured.push(bytes)) });
    io.on("connection", (socket) => {
      const wantsInsights = (socket.handshake.auth as { insights?: boolean }).insights === true;
      void socket.join(wantsInsights ? [ROOM, insightRoom(ROOM)] : ROOM);
      socket.emit("campaign", { id: "test", revision: 1 } as never);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  });

  afterEach(async () => {
    for (const c of clients) c.disconnect();
    clients = [];
    received = [];
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });

  /** Connects `count` real clients (the first `withInsights` of them asking for insights), joined to the room. */
  async function open(count: number, withInsights = 0): Promise<void> {
    const { port } = http.address() as AddressInfo;
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { insights: i < withInsights } });
        const log: Delta[] = [];
        clients.push(socket);
        received.push(log);
        socket.on("delta", (d: Delta) => log.push(d));
        return new Promise<void>((resolve) => socket.once("campaign", () => resolve()));
      }),
    );
  }

  it("sends a large room each delta in slices, once to every client, in order, across queued deltas", async () => {
    await open(5);
    const broadcasts = new SlicedBroadcast(io, ROOM, 2);
    const to = vi.spyOn(io, "to");
    for (let seq = 1; seq <= 3; seq += 1) broadcasts.delta(delta(seq));
    await broadcasts.flushed();
    await waitFor(() => received.every((log) => log.length === 3), 5_000, "three deltas on every client");
    for (const log of received) expect(log.map((d) => d.seq)).toEqual([1, 2, 3]);
    // 5 sockets in slices of 2: three emits a delta; each delta sized once however many slices carried it.
    expect(to).toHaveBeenCalledTimes(9);
    expect(measured).toHaveLength(3);
  });

  it("lets the loop take its I/O between two slices", async () => {
    await open(5);
    const broadcasts = new SlicedBroadcast(io, ROOM, 2);
    const to = vi.spyOn(io, "to");
    broadcasts.delta(delta(1));
    // Queued now, it runs at the loop's next check phase: after the first slice, before the next.
    await nextTurn();
    expect(to).toHaveBeenCalledTimes(1);
    await broadcasts.flushed();
    expect(to).toHaveBeenCalledTimes(3);
    await waitFor(() => received.every((log) => log.length === 1), 5_000, "the delta on every client");
  });

  it("queues a delta behind one still being sliced, even when the room has shrunk to one slice meanwhile", async () => {
    await open(5);
    const broadcasts = new SlicedBroadcast(io, ROOM, 4);
    broadcasts.delta(delta(1));
    await nextTurn(); // the first slice (4 sockets) is out, the fifth socket's is not
    const members = [...(io.sockets.adapter.rooms.get(ROOM) ?? [])];
    for (const id of members.slice(0, 2)) io.sockets.sockets.get(id)?.disconnect(true);
    broadcasts.delta(delta(2));
    await broadcasts.flushed();
    const last = clients.findIndex((c) => c.id === members[4]);
    await waitFor(() => (received[last]?.length ?? 0) === 2, 5_000, "both deltas on the last socket");
    expect(received[last]?.map((d) => d.seq)).toEqual([1, 2]);
  });

  it("sends a room no larger than a slice one emit, at once", async () => {
    await open(3);
    const broadcasts = new SlicedBroadcast(io, ROOM, 3);
    const to = vi.spyOn(io, "to");
    broadcasts.delta(delta(1));
    expect(to).toHaveBeenCalledTimes(1);
    expect(to).toHaveBeenCalledWith(ROOM);
    await waitFor(() => received.every((log) => log.length === 1), 5_000, "the delta on every client");
  });

  it("keeps insights to the clients that asked for them, slice by slice", async () => {
    await open(5, 2);
    const broadcasts = new SlicedBroadcast(io, ROOM, 2);
    broadcasts.delta(delta(1, true));
    broadcasts.sync(1);
    await broadcasts.flushed();
    await waitFor(() => received.every((log) => log.length === 1), 5_000, "the delta on every client");
    expect(received.map((log) => log[0]?.insights !== undefined)).toEqual([true, true, false, false, false]);
    // Each form sized once: the whole delta and the one without insights.
    expect(measured).toHaveLength(2);
  });
});
