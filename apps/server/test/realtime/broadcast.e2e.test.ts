/**
 * The broadcast's fast path as clients see it: a tick's delta is encoded once for every client, and the
 * websocket carries it uncompressed (a compressed frame would be built per client).
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
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
