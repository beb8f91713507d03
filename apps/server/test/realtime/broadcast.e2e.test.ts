/**
 * The broadcast's fast path as clients see it: a tick's delta is encoded once for every client, framed once and
 * written to each socket as one buffer, and the websocket carries it uncompressed (a compressed frame would be
 * built per client).
 */
import { Socket } from "node:net";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { encodedDeltas, LiveClient, makePost, usePulse, waitFor, type RunningPulse } from "../support/start-pulse.js";

const TOKEN = "test-broadcast-token";

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
