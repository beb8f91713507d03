import { fileURLToPath } from "node:url";
import { spawnNode, type Child } from "./processes.js";
import type { WorkerCommand, WorkerReply } from "./worker-protocol.js";

const WORKER = fileURLToPath(new URL("./client-worker.js", import.meta.url));

/** Source addresses the clients spread over, so one address's ephemeral ports never run out. */
export const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

/** Totals over every worker. */
export interface PoolStats {
  bytes: number;
  messages: number;
  /** Payload bytes of the `delta` frames received, and their number. */
  deltaBytes: number;
  deltas: number;
  /** Payload bytes of each delta one client received since the previous call (every client gets the same ones). */
  deltaSizes: number[];
  open: number;
  lagP99Ms: number;
}

/** Light clients spread over a few worker processes. */
export class ClientPool {
  private constructor(private readonly workers: Child[]) {}

  /** Starts `count` worker processes. */
  static async start(count: number): Promise<ClientPool> {
    const workers = Array.from({ length: count }, (_, i) =>
      spawnNode(`client-worker-${i}`, ["--max-old-space-size=2048", WORKER], {}, true),
    );
    const pool = new ClientPool(workers);
    await Promise.all(workers.map((w) => pool.request(w, null, "ready", 10_000)));
    return pool;
  }

  private request(worker: Child, command: WorkerCommand | null, expect: WorkerReply["type"], timeoutMs: number): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.process.off("message", onMessage);
        reject(new Error(`${worker.name} did not answer ${expect} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type !== expect) return;
        clearTimeout(timer);
        worker.process.off("message", onMessage);
        resolve(reply);
      };
      worker.process.on("message", onMessage);
      if (command) worker.process.send(command);
    });
  }

  /**
   * Opens `count` more clients to `url`, split over the workers, following `campaign` (none: the default one);
   * returns how many are open in all.
   */
  async open(url: string, count: number, campaign?: string): Promise<{ open: number; failed: number }> {
    const share = Math.ceil(count / this.workers.length);
    const ws = new URL("/socket.io/?EIO=4&transport=websocket", url.replace(/^http/, "ws")).toString();
    const replies = await Promise.all(
      this.workers.map((w, i) => {
        const n = Math.max(0, Math.min(share, count - i * share));
        // Each worker takes its own slice of the source addresses.
        const addresses = SOURCE_ADDRESSES.filter((_, j) => j % this.workers.length === i);
        return this.request(w, { type: "open", url: ws, count: n, addresses, ...(campaign === undefined ? {} : { campaign }) }, "opened", 120_000);
      }),
    );
    let open = 0;
    let failed = 0;
    for (const r of replies) {
      if (r.type !== "opened") continue;
      open += r.open;
      failed += r.failed;
    }
    return { open, failed };
  }

  /** Cumulative bytes and messages, open clients, and the worst worker's event-loop p99 since the last call. */
  async stats(): Promise<PoolStats> {
    const replies = await Promise.all(this.workers.map((w) => this.request(w, { type: "stats" }, "stats", 10_000)));
    const total: PoolStats = { bytes: 0, messages: 0, deltaBytes: 0, deltas: 0, deltaSizes: [], open: 0, lagP99Ms: 0 };
    for (const r of replies) {
      if (r.type !== "stats") continue;
      total.bytes += r.bytes;
      total.messages += r.messages;
      total.deltaBytes += r.deltaBytes;
      total.deltas += r.deltas;
      if (total.deltaSizes.length === 0) total.deltaSizes = r.deltaSizes;
      total.open += r.open;
      total.lagP99Ms = Math.max(total.lagP99Ms, r.lagP99Ms);
    }
    return total;
  }

  /** Closes every client (the workers keep running). */
  async closeAll(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.request(w, { type: "close" }, "closed", 30_000)));
  }
}
