/**
 * The broadcast's fast path as clients see it: a tick's delta is encoded once for every client, framed once and
 * written to each socket as one buffer (straight to an idle websocket's TCP socket, past Engine.IO's per-socket
 * packet and callback; skipped, as volatile, while that socket still holds unsent bytes), and the websocket carries
 * it uncompressed (a compressed frame would be built per client).
 */
import { createRequire } from "node:module";
import { Socket } from "node:net";
import { io as connect } from "socket.io-client";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { encodedDeltas, LiveClient, makePost, usePulse, waitFor, type RunningPulse } from "../support/start-pulse.js";

const TOKEN = "test-broadcast-token";

/** The `ws` Engine.IO writes with (its own copy, not necessarily this package's), for its frame sender. */
const engineWs = createRequire(createRequire(import.meta.url).resolve("engine.io"))("ws") as { Sender: { prototype: { sendFrame: (...a: unknown[]) => unknown } } };

describe("the delta broadcast", () => {
  let node: RunningPulse;
  usePulse({ INGEST_TOKEN: TOKEN }, (n) => (node = n));

  it("encodes each tick's delta once, however many clients receive it", async () => {
    const clients = [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] })];
    try {
      await Promise.all(clients.map((c) => c.ready()));
      const encodedBefore = await encodedDeltas(node);
      const before = clients.map((c) => c.deltas.length);
      for (let i = 0; i < 3; i += 1) {
        const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost(), makePost()]);
        expect(res.status).toBe(202);
        await waitFor(() => clients.every((c) => c.state?.totals.posts === 2 * (i + 1)), 5_000, "the posts on every client");
      }
      const received = clients.map((c, i) => c.deltas.length - (before[i] ?? 0));
      // Every client got the same deltas, and the parser encoded each of them once, not once per client.
      expect(new Set(received).size).toBe(1);
      expect(received[0]).toBeGreaterThanOrEqual(1);
      expect((await encodedDeltas(node)) - encodedBefore).toBe(received[0]);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it("writes each delta to every socket as one buffer, the same one for all (patches/socket.io-adapter+*.patch)", async () => {
    const clients = [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] })];
    // Every write of a server's whole websocket text frame carrying a delta, with the socket it went to.
    const frames: { socket: Socket; frame: Buffer }[] = [];
    const write = Socket.prototype.write;
    const spy = vi.spyOn(Socket.prototype, "write").mockImplementation(function (this: Socket, ...args: unknown[]) {
      const chunk = args[0];
      if (Buffer.isBuffer(chunk) && isWholeDeltaFrame(chunk)) frames.push({ socket: this, frame: chunk });
      return (write as (...a: unknown[]) => boolean).apply(this, args);
    });
    try {
      await Promise.all(clients.map((c) => c.ready()));
      const encodedBefore = await encodedDeltas(node);
      const before = clients.map((c) => c.deltas.length);
      frames.length = 0;
      const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost(), makePost()]);
      expect(res.status).toBe(202);
      const total = clients[0]?.state?.totals.posts ?? 0;
      await waitFor(() => clients.every((c) => c.state?.totals.posts === total + 2), 5_000, "the posts on every client");
      const deltas = Math.min(...clients.map((c, i) => c.deltas.length - (before[i] ?? 0)));
      expect(deltas).toBeGreaterThanOrEqual(1);
      // Each delta went out as one whole frame per client (not a header and a payload in two writes), the same
      // buffer for all of them: one encoding and one framing for the broadcast.
      const encoded = (await encodedDeltas(node)) - encodedBefore;
      const distinct = [...new Set(frames.map((f) => f.frame))];
      expect(distinct).toHaveLength(encoded);
      for (const frame of distinct) {
        const to = frames.filter((f) => f.frame === frame).map((f) => f.socket);
        expect(new Set(to).size).toBe(clients.length);
        expect(to).toHaveLength(clients.length);
      }
      expect(encoded).toBeGreaterThanOrEqual(deltas);
    } finally {
      spy.mockRestore();
      for (const c of clients) c.close();
    }
  });

  it("writes a delta straight to each idle websocket's TCP socket, and through Engine.IO to a polling client", async () => {
    const clients = [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] })];
    const polling = connect(node.url, { transports: ["polling"], forceNew: true });
    const polled: number[] = [];
    polling.on("delta", (delta: { seq: number }) => polled.push(delta.seq));
    // Frames ws's sender wrote for Engine.IO: with the patch, no delta goes that way to a websocket.
    const viaEngine: Buffer[] = [];
    const sendFrame = engineWs.Sender.prototype.sendFrame;
    const spy = vi.spyOn(engineWs.Sender.prototype, "sendFrame").mockImplementation(function (this: unknown, ...args: unknown[]) {
      const list = args[0] as Buffer[];
      if (list.length === 1 && list[0] && isWholeDeltaFrame(list[0])) viaEngine.push(list[0]);
      return (sendFrame as (...a: unknown[]) => unknown).apply(this, args);
    });
    try {
      await Promise.all(clients.map((c) => c.ready()));
      await waitFor(() => polling.connected, 5_000, "the polling client");
      const total = clients[0]?.state?.totals.posts ?? 0;
      const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]);
      expect(res.status).toBe(202);
      await waitFor(() => clients.every((c) => c.state?.totals.posts === total + 1), 5_000, "the post on every websocket client");
      const seq = clients[0]?.state?.seq ?? 0;
      await waitFor(() => polled.includes(seq), 5_000, `delta ${seq} on the polling client`);
      expect(viaEngine).toEqual([]);
    } finally {
      spy.mockRestore();
      polling.close();
      for (const c of clients) c.close();
    }
  });

  it("skips a websocket whose earlier bytes are still buffered, as a volatile delta, and writes to it again once they are out", async () => {
    const clients = [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] })];
    try {
      await Promise.all(clients.map((c) => c.ready()));
      // The server's TCP socket of the newest connection (the second client) reports unsent bytes.
      const newest = [...node.pulse.io.sockets.sockets.values()].at(-1);
      const tcp = (newest?.conn.transport as unknown as { socket: { _socket: Socket } }).socket._socket;
      Object.defineProperty(tcp, "writableLength", { configurable: true, get: () => 1 });
      const [free, busy] = clients as [LiveClient, LiveClient];
      const total = free.state?.totals.posts ?? 0;
      const busyDeltas = busy.deltas.length;
      await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]).expect(202);
      await waitFor(() => free.state?.totals.posts === total + 1, 5_000, "the post on the free client");
      // A second delta, so the first one's bytes (had any been written to the busy one) are read by now too.
      await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]).expect(202);
      await waitFor(() => free.state?.totals.posts === total + 2, 5_000, "the second post on the free client");
      expect(busy.deltas.length).toBe(busyDeltas);
      // Its bytes are out: the next delta reaches it, and it catches up.
      delete (tcp as unknown as Record<string, unknown>).writableLength;
      await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]).expect(202);
      await waitFor(() => busy.state?.totals.posts === total + 3, 5_000, "the busy client caught up");
    } finally {
      for (const c of clients) c.close();
    }
  });

  it("refuses permessage-deflate, even when the client offers it", async () => {
    const url = `${node.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { perMessageDeflate: true });
    try {
      let answered: string | undefined;
      ws.once("upgrade", (res) => {
        answered = String(res.headers["sec-websocket-extensions"] ?? "");
      });
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      // The server answers the offer without the extension, so frames go out as they were encoded.
      expect(answered).toBe("");
      expect(ws.extensions).toBe("");
    } finally {
      ws.terminate();
    }
  });
});

/** True for a whole unmasked websocket text frame (a server's) whose payload is a Socket.IO `delta` event. */
function isWholeDeltaFrame(chunk: Buffer): boolean {
  if (chunk.length < 2 || chunk[0] !== 0x81 || (chunk[1] ?? 0) & 0x80) return false;
  const short = (chunk[1] ?? 0) & 0x7f;
  const [header, length] = short === 126 ? [4, chunk.readUInt16BE(2)] : short === 127 ? [10, Number(chunk.readBigUInt64BE(2))] : [2, short];
  return chunk.length === header + length && chunk.toString("latin1", header, header + 10) === '42["delta"';
}
