/**
 * A child process holding many light clients. Each speaks the Engine.IO v4 / Socket.IO v5 wire protocol over a
 * raw `ws` socket: it joins the default namespace ("40"), answers pings ("2" -> "3") and only counts the bytes
 * it receives. The server does exactly the work it does for a browser (handshake, snapshot, every broadcast),
 * while the load generator skips decoding, so thousands of clients fit on the same 2 cores without becoming the
 * bottleneck. Latency is measured by a few full socket.io-client clients in the main process instead.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";
import type { WorkerCommand, WorkerReply } from "./worker-protocol.js";

const sockets = new Set<WebSocket>();
let bytes = 0;
let messages = 0;
/** `delta` events received, and their payload bytes: the size of a delta frame, for the write floor. */
let deltas = 0;
let deltaBytes = 0;
const DELTA_PREFIX = Buffer.from('42["delta"');
/** One client whose delta sizes are listed (every client gets the same broadcasts), and that list since the last stats. */
let sizeProbe: WebSocket | undefined;
let deltaSizes: number[] = [];
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function send(reply: WorkerReply): void {
  process.send?.(reply);
}

/**
 * Opens one client from `localAddress`; resolves true once the namespace is joined. `join` is the namespace
 * CONNECT packet: "40", or "40" and the handshake's auth, `40{"campaign":"<id>"}`, to follow one campaign.
 */
function openOne(url: string, localAddress: string, join: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress, perMessageDeflate: false });
    let joined = false;
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 15_000);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      bytes += data.length;
      messages += 1;
      if (isBinary) return;
      if (data.length > DELTA_PREFIX.length && data.subarray(0, DELTA_PREFIX.length).equals(DELTA_PREFIX)) {
        deltas += 1;
        deltaBytes += data.length;
        if (ws === sizeProbe) deltaSizes.push(data.length);
      }
      const first = data[0];
      if (first === 0x30 /* "0" open */) ws.send(join);
      else if (first === 0x32 /* "2" ping */ && data.length === 1) ws.send("3");
      else if (!joined && first === 0x34 && data[1] === 0x30 /* "40" connected */) {
        joined = true;
        clearTimeout(timer);
        sockets.add(ws);
        sizeProbe ??= ws;
        resolve(true);
      }
    });
    ws.on("error", () => {
      clearTimeout(timer);
      if (!joined) resolve(false);
    });
    ws.on("close", () => {
      sockets.delete(ws);
      if (sizeProbe === ws) sizeProbe = undefined;
    });
  });
}

async function open(url: string, count: number, addresses: string[], campaign: string | undefined): Promise<void> {
  const join = campaign === undefined ? "40" : `40${JSON.stringify({ campaign })}`;
  let opened = 0;
  let failed = 0;
  // Bounded parallelism so the server's accept queue and our own loop stay sane.
  const parallel = 100;
  for (let start = 0; start < count; start += parallel) {
    const wave: Promise<boolean>[] = [];
    for (let i = start; i < Math.min(count, start + parallel); i += 1) {
      wave.push(openOne(url, addresses[i % addresses.length] ?? "127.0.0.1", join));
    }
    for (const ok of await Promise.all(wave)) {
      if (ok) opened += 1;
      else failed += 1;
    }
  }
  send({ type: "opened", opened, failed, open: sockets.size });
}

process.on("message", (command: WorkerCommand) => {
  switch (command.type) {
    case "open":
      void open(command.url, command.count, command.addresses, command.campaign);
      break;
    case "stats":
      send({ type: "stats", bytes, messages, deltaBytes, deltas, deltaSizes, open: sockets.size, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6 });
      lag.reset();
      deltaSizes = [];
      break;
    case "close": {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      sizeProbe = undefined;
      send({ type: "closed" });
      break;
    }
  }
});
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
