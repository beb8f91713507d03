/**
 * `lingeringClose` on a real HTTP server, with a raw TCP client that writes a request and reads every byte the
 * server sends back: the answer to a refused request comes at once, the rest of the body is read and dropped, and
 * the connection closes cleanly at the end of the body, or as soon as the client goes past a bound.
 */
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { lingeringClose, type LingeringCloseOptions } from "../src/http/lingering-close.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** An app whose `/refuse` answers 401 before reading the body, and `POST /read` after, behind `lingeringClose(options)`. */
async function serve(options: LingeringCloseOptions): Promise<number> {
  const app = express();
  app.use(lingeringClose(options));
  const refuse: express.RequestHandler = (_req, res) => void res.status(401).json({ error: "wrong bearer token" });
  app.all("/refuse", refuse);
  app.post("/read", express.json(), refuse);
  server = createServer(app);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** What a raw client saw: everything the server sent, how the connection ended, and when. */
interface Exchange {
  socket: Socket;
  received(): string;
  /** Resolves when the server has closed the connection: `end` (a clean close) or `error` (a reset), and after how long. */
  ended: Promise<{ how: "end" | string; ms: number }>;
}

/** Sends the headers of a `POST /refuse` declaring `declared` bytes of body. */
function open(port: number, declared: number): Exchange {
  const started = Date.now();
  const socket = connect(port, "127.0.0.1");
  socket.write(`POST /refuse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`);
  let text = "";
  socket.setEncoding("latin1");
  socket.on("data", (part: string) => (text += part));
  const ended = new Promise<{ how: string; ms: number }>((resolve) => {
    socket.once("end", () => resolve({ how: "end", ms: Date.now() - started }));
    socket.once("error", (err: NodeJS.ErrnoException) => resolve({ how: err.code ?? err.message, ms: Date.now() - started }));
  });
  return { socket, received: () => text, ended };
}

/** Writes `bytes` of body in 16 KB chunks, waiting for each to be taken. */
async function send(socket: Socket, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(16 * 1024, "x");
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    await new Promise<void>((resolve, reject) => socket.write(chunk.subarray(0, Math.min(chunk.length, bytes - sent)), (err) => (err ? reject(err) : resolve())));
  }
}

describe("lingeringClose", () => {
  it("answers at once, reads the rest of the body, then closes cleanly", async () => {
    const port = await serve({ maxBytes: 1_000_000, maxMs: 10_000 });
    const exchange = open(port, 500_000);
    await send(exchange.socket, 16 * 1024);
    // The answer is there while 484 KB of the body are still to come.
    await expect.poll(() => exchange.received(), { timeout: 2_000 }).toMatch(/\{"error":"wrong bearer token"\}$/);
    expect(exchange.received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(exchange.received()).toMatch(/\r\nConnection: close\r\n/i);
    await send(exchange.socket, 500_000 - 16 * 1024);
    // A clean close (FIN) once the body is complete, never a reset.
    expect((await exchange.ended).how).toBe("end");
  });

  it("cuts a client off once it sends more than maxBytes, without waiting for maxMs", async () => {
    const port = await serve({ maxBytes: 100_000, maxMs: 10_000 });
    const exchange = open(port, 10_000_000);
    await send(exchange.socket, 200_000).catch(() => undefined);
    const { ms } = await exchange.ended;
    expect(exchange.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(ms).toBeLessThan(5_000);
  });

  it("cuts a client off that stops sending, after maxMs", async () => {
    const port = await serve({ maxBytes: 1_000_000, maxMs: 300 });
    const exchange = open(port, 10_000_000);
    await send(exchange.socket, 1_000);
    const { ms } = await exchange.ended;
    expect(exchange.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(3_000);
  });

  it("leaves alone a request without a body, or whose body was read: the connection stays open", async () => {
    const port = await serve({ maxBytes: 1_000_000, maxMs: 10_000 });
    for (const [request, path] of [
      ["GET /refuse HTTP/1.1", "/refuse"],
      ["POST /refuse HTTP/1.1\r\nContent-Length: 0", "/refuse"],
      ["POST /read HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2", "/read"],
    ] as const) {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.setEncoding("latin1");
      socket.on("data", (part: string) => (text += part));
      socket.write(`${request}\r\nHost: 127.0.0.1\r\n\r\n${path === "/read" ? "{}" : ""}`);
      await expect.poll(() => text, { timeout: 2_000 }).toMatch(/\}$/);
      expect(text, request).toMatch(/\r\nConnection: keep-alive\r\n/i);
      socket.destroy();
    }
  });
});
