/**
 * The floor under any broadcast on this machine: plain socket writes, no Socket.IO, no Engine.IO, no `ws`, no JSON.
 * A writer process (as Pulse's server is one) accepts `clients` loopback TCP connections: the bulk from 2 child
 * processes that only read, spread over 127.0.0.2–9 as the bench's clients are, then `sampled` ones from the calling
 * process, connected last as the bench's latency clients are (so served last in each round). Every `tickMs` (a
 * `setInterval`, as Pulse's relay ticks) it writes one frame of `bytes` bytes to each, in the order they connected,
 * `rounds` times. Each frame starts with the round's start time, so the sampled clients time its delivery.
 *
 * `node apps/bench/dist/write-floor.js [clients] [bytes]` runs it alone; the bench's many-clients step runs it
 * right after Pulse's, with Pulse's client count, tick and delta frame size (`measureWriteFloor`).
 */
import { fork, type ChildProcess } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { SOURCE_ADDRESSES } from "./client-pool.js";
import { floorPostLatency, percentileOf, type FloorRound } from "./floor-latency.js";

/** Bytes at the start of each frame that carry the round's start time (ms, wall clock, as ASCII). */
const STAMP_BYTES = 20;

/** What to measure. */
export interface WriteFloorOptions {
  /** Connections in all, the sampled ones included. */
  clients: number;
  /** Bytes written to each connection per round (Pulse's delta frame: payload and WebSocket header). */
  bytes: number;
  tickMs: number;
  rounds: number;
  /** Connections opened last, from the calling process, that time each round's delivery. */
  sampled: number;
}

/** What the floor measured. */
export interface WriteFloor {
  clients: number;
  bytes: number;
  tickMs: number;
  rounds: number;
  sampled: number;
  /** Time of one round's loop of `socket.write` over every connection, in the writer. */
  writeP50Ms: number;
  writeP99Ms: number;
  /** CPU time of one round in the writer (its writes and their completions), p50: what a broadcast costs at least. */
  roundCpuP50Ms: number;
  /** From a round's start to a sampled client having its whole frame (the last clients of each round). */
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  /** Posts arriving evenly, each waiting for the next round, measured at the sampled clients (floor-latency.ts). */
  postLatencyP50Ms: number;
  postLatencyP99Ms: number;
  /** Mean gap between round starts; above `tickMs` when the writer's loop was late. */
  meanTickMs: number;
  writerCpuPercent: number;
}

/** Messages between the caller and the writer process. */
type WriterMessage =
  | { type: "listening"; port: number }
  | { type: "start"; expect: number }
  | { type: "done"; starts: number[]; writeMs: number[]; roundCpuMs: number[]; cpuPercent: number; connected: number };

/** Wall-clock time in ms with sub-ms precision, comparable across processes. */
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Holder side: opens `count` connections to `port` that read and drop everything, then says "ready". */
async function holdClients(count: number, port: number): Promise<void> {
  let settled = 0;
  // Ready once every connection is open or has failed: the writer goes on with those that are there.
  const settle = (): void => {
    settled += 1;
    if (settled === count) process.send?.("ready");
  };
  for (let i = 0; i < count; i += 1) {
    let connected = false;
    const socket = connect({ port, host: "127.0.0.1", localAddress: SOURCE_ADDRESSES[i % SOURCE_ADDRESSES.length] }, () => {
      connected = true;
      settle();
    });
    socket.on("data", () => {});
    socket.on("error", () => {
      if (!connected) settle();
    });
    // Let the writer's accept loop keep up, as the bench's pool does.
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.on("disconnect", () => process.exit(0));
}

/** Writer side: accepts the connections, starts the holders of `bulk` of them, and runs the rounds when told. */
async function runWriter(bulk: number, bytes: number, tickMs: number, rounds: number): Promise<void> {
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
  const halves = [Math.ceil(bulk / 2), Math.floor(bulk / 2)].filter((n) => n > 0);
  const holders: ChildProcess[] = halves.map((count) => fork(self, ["holder", String(count), String(port)]));
  await Promise.race([
    Promise.all(holders.map((holder) => new Promise((resolve) => holder.once("message", resolve)))),
    new Promise((resolve) => setTimeout(resolve, 120_000)),
  ]);
  process.send?.({ type: "listening", port } satisfies WriterMessage);
  const start = await new Promise<Extract<WriterMessage, { type: "start" }>>((resolve) =>
    process.once("message", (m: WriterMessage) => {
      if (m.type === "start") resolve(m);
    }),
  );
  // Connections still on their way get a few seconds; a busy machine may have refused some.
  const waitUntil = Date.now() + 10_000;
  while (sockets.length < start.expect && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 10));
  const starts: number[] = [];
  const writeMs: number[] = [];
  const roundCpuMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const stamp = nowMs().toFixed(3).padStart(STAMP_BYTES, "0");
      const startedAt = Number(stamp);
      // A new frame each round (as Pulse encodes each delta), the same one for every connection.
      const frame = Buffer.alloc(bytes, 0x78);
      frame.write(stamp, 0, "latin1");
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      for (const socket of sockets) socket.write(frame);
      writeMs.push(performance.now() - w0);
      starts.push(startedAt);
      const last = starts.length === rounds;
      if (last) clearInterval(timer);
      // The round's CPU, the writes' completions (run before any I/O) included; steadier than its wall time.
      setImmediate(() => {
        const c = process.cpuUsage(c0);
        roundCpuMs.push((c.user + c.system) / 1000);
        if (last) resolve();
      });
    }, tickMs);
  });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
  process.send?.({ type: "done", starts, writeMs, roundCpuMs, cpuPercent, connected: sockets.length } satisfies WriterMessage);
  process.on("disconnect", () => {
    for (const holder of holders) holder.kill();
    process.exit(0);
  });
}

/** A sampled connection: reads fixed-size frames and records when each round's frame was whole. */
function sampledClient(port: number, localAddress: string, bytes: number, deliveries: Map<number, number[]>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let offset = 0; // bytes of the current frame read so far
    let stamp = "";
    const socket = connect({ port, host: "127.0.0.1", localAddress }, () => resolve(socket));
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      const at = nowMs();
      let i = 0;
      while (i < chunk.length) {
        const take = Math.min(bytes - offset, chunk.length - i);
        if (offset < STAMP_BYTES) stamp += chunk.toString("latin1", i, i + Math.min(take, STAMP_BYTES - offset));
        offset += take;
        i += take;
        if (offset === bytes) {
          const startedAt = Number(stamp);
          const list = deliveries.get(startedAt) ?? [];
          list.push(at - startedAt);
          deliveries.set(startedAt, list);
          offset = 0;
          stamp = "";
        }
      }
    });
  });
}

/** Runs the floor (see the module's comment) and returns what it measured. */
export async function measureWriteFloor(options: WriteFloorOptions): Promise<WriteFloor> {
  const { clients, bytes, tickMs, rounds, sampled } = options;
  if (bytes < STAMP_BYTES) throw new Error(`write floor: frames need at least ${STAMP_BYTES} bytes`);
  const writer = fork(fileURLToPath(import.meta.url), ["writer", String(clients - sampled), String(bytes), String(tickMs), String(rounds)]);
  const sockets: Socket[] = [];
  try {
    const next = <T extends WriterMessage["type"]>(type: T): Promise<Extract<WriterMessage, { type: T }>> =>
      new Promise((resolve, reject) => {
        const onMessage = (m: WriterMessage): void => {
          if (m.type !== type) return;
          writer.off("message", onMessage);
          resolve(m as Extract<WriterMessage, { type: T }>);
        };
        writer.on("message", onMessage);
        writer.once("exit", (code) => reject(new Error(`write floor: the writer exited (${code}) before "${type}"`)));
      });
    const { port } = await next("listening");
    const deliveries = new Map<number, number[]>();
    for (let i = 0; i < sampled; i += 1) {
      sockets.push(await sampledClient(port, SOURCE_ADDRESSES[i % SOURCE_ADDRESSES.length] ?? "127.0.0.1", bytes, deliveries));
    }
    const done = next("done");
    writer.send({ type: "start", expect: clients } satisfies WriterMessage);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      done,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("write floor: the writer did not finish its rounds in time")), rounds * tickMs * 4 + 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // The last round's frames may still be on their way to the sampled clients.
    const until = Date.now() + 2_000;
    const lastStart = result.starts.at(-1) ?? 0;
    while ((deliveries.get(lastStart)?.length ?? 0) < sampled && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    const floorRounds: FloorRound[] = result.starts.map((startMs) => ({ startMs, deliveryMs: deliveries.get(startMs) ?? [] }));
    const writeSorted = [...result.writeMs].sort((a, b) => a - b);
    const deliverySorted = floorRounds.flatMap((r) => r.deliveryMs).sort((a, b) => a - b);
    const post = floorPostLatency(floorRounds);
    const span = (result.starts.at(-1) ?? 0) - (result.starts[0] ?? 0);
    const round1 = (n: number): number => Math.round(n * 10) / 10;
    return {
      clients: result.connected,
      bytes,
      tickMs,
      rounds,
      sampled,
      writeP50Ms: round1(percentileOf(writeSorted, 50)),
      writeP99Ms: round1(percentileOf(writeSorted, 99)),
      roundCpuP50Ms: round1(percentileOf([...result.roundCpuMs].sort((a, b) => a - b), 50)),
      deliveryP50Ms: round1(percentileOf(deliverySorted, 50)),
      deliveryP99Ms: round1(percentileOf(deliverySorted, 99)),
      postLatencyP50Ms: round1(post.p50Ms),
      postLatencyP99Ms: round1(post.p99Ms),
      meanTickMs: round1(span / Math.max(1, result.starts.length - 1)),
      writerCpuPercent: Math.round(result.cpuPercent),
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    writer.kill();
  }
}

/** One line saying what the floor measured. */
export function writeFloorLine(f: WriteFloor): string {
  return (
    `write floor: ${f.clients} loopback TCP clients, one ${f.bytes}-byte write each every ${f.tickMs} ms (${f.rounds} rounds, ` +
    `mean gap ${f.meanTickMs} ms): a round's writes take p50 ${f.writeP50Ms} ms, p99 ${f.writeP99Ms} ms ` +
    `(${((f.writeP50Ms * 1000) / f.clients).toFixed(1)} µs a client), CPU p50 ${f.roundCpuP50Ms} ms a round; the last ${f.sampled} clients have it p50 ${f.deliveryP50Ms} ms, ` +
    `p99 ${f.deliveryP99Ms} ms after the round starts; a post's floor latency p50 ${f.postLatencyP50Ms} ms, p99 ${f.postLatencyP99Ms} ms; ` +
    `writer CPU ${f.writerCpuPercent} % of a core`
  );
}

const role = process.argv[2];
if (role === "holder") {
  await holdClients(Number(process.argv[3]), Number(process.argv[4]));
} else if (role === "writer") {
  await runWriter(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const clients = Number(process.argv[2] ?? 10_000);
  const bytes = Number(process.argv[3] ?? 1_200);
  if (!Number.isInteger(clients) || clients < 10 || !Number.isInteger(bytes) || bytes < STAMP_BYTES) {
    console.error(`usage: write-floor.js [clients ≥ 10] [bytes ≥ ${STAMP_BYTES}]`);
    process.exit(2);
  }
  console.log(writeFloorLine(await measureWriteFloor({ clients, bytes, tickMs: 250, rounds: 40, sampled: 8 })));
  process.exit(0);
}
