/**
 * `node apps/bench/dist/write-floor.js [clients] [bytes]`: the floor under any broadcast on this machine. It opens
 * `clients` plain TCP connections over loopback (from 2 child processes that only read, spread over 127.0.0.2–9
 * as the bench's clients are) and times one `socket.write` of the same `bytes`-long buffer to each, every 250 ms
 * (Pulse's tick), 40 times. No Socket.IO, no Engine.IO, no `ws`, no JSON: what it reports is what the kernel and
 * Node's stream layer alone cost per client, which no websocket server in Node can go under.
 */
import { fork } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { SOURCE_ADDRESSES } from "./client-pool.js";

const ROUNDS = 40;
const TICK_MS = 250;

/** Child side: opens `count` connections to `port` that read and drop everything, then says "ready". */
async function holdClients(count: number, port: number): Promise<void> {
  let open = 0;
  for (let i = 0; i < count; i += 1) {
    const socket = connect({ port, host: "127.0.0.1", localAddress: SOURCE_ADDRESSES[i % SOURCE_ADDRESSES.length] }, () => {
      open += 1;
      if (open === count) process.send?.("ready");
    });
    socket.on("data", () => {});
    socket.on("error", () => {});
    // Let the server's accept loop keep up, as the bench's pool does.
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(clients: number, bytes: number): Promise<void> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.setNoDelay(true); // as ws does
    socket.on("error", () => {});
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const self = fileURLToPath(import.meta.url);
  const halves = [Math.ceil(clients / 2), Math.floor(clients / 2)];
  const children = halves.map((count) => fork(self, ["child", String(count), String(port)]));
  await Promise.all(children.map((child) => new Promise((resolve) => child.once("message", resolve))));
  const frame = Buffer.alloc(bytes, 0x78);
  const durations: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    const t0 = performance.now();
    for (const socket of sockets) socket.write(frame);
    durations.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  durations.sort((a, b) => a - b);
  const p50 = percentile(durations, 50);
  console.log(
    `${sockets.length} loopback TCP clients, one ${bytes}-byte write each every ${TICK_MS} ms: a broadcast takes ` +
      `p50 ${p50.toFixed(0)} ms, p99 ${percentile(durations, 99).toFixed(0)} ms (${((p50 * 1000) / sockets.length).toFixed(1)} µs a client); ` +
      `writer CPU ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)} % of a core`,
  );
  for (const child of children) child.kill();
  server.close();
  for (const socket of sockets) socket.destroy();
}

if (process.argv[2] === "child") {
  await holdClients(Number(process.argv[3]), Number(process.argv[4]));
} else {
  const clients = Number(process.argv[2] ?? 10_000);
  const bytes = Number(process.argv[3] ?? 1_200);
  if (!Number.isInteger(clients) || clients < 2 || !Number.isInteger(bytes) || bytes < 1) {
    console.error("usage: write-floor.js [clients ≥ 2] [bytes ≥ 1]");
    process.exit(2);
  }
  await measure(clients, bytes);
}
