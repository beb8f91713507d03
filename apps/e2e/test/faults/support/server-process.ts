/**
 * The server as operators run it: `node apps/server/dist/index.js` as a separate process, configured only by
 * environment variables. Every process started here is tracked, so `stopServerProcesses()` in an `afterEach`
 * reaps them even when a test fails half-way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built server entry point (`npx turbo run build` makes it), found by package name as an import would. */
export const SERVER_ENTRY = fileURLToPath(import.meta.resolve("@pulse/server/main"));

/** How a server process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal that ended it to its exit. */
  ms: number;
}

/** One running server process. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** The tail of what it printed (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves when the process has exited, however that happened. */
  exited: Promise<ServerExit>;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<ServerExit>;
  /** SIGKILL, as a crash would, and wait for the exit. */
  kill(): Promise<ServerExit>;
}

const OUTPUT_TAIL = 20_000;
const running = new Set<ServerProcess>();
// Never leave a node behind if the test process itself ends early.
process.once("exit", () => {
  for (const proc of running) proc.child.kill("SIGKILL");
});

/**
 * Starts the built server on a free port (unless `PORT` is given) and resolves once it logs the port it chose.
 * Only `PATH`, `PORT=0` and `HOST=127.0.0.1` are set besides `env`, so every other variable has its default.
 * Each process runs in a fresh temporary folder, so the default `DATA_DIR` (`./data`) never carries one test's
 * day into another, nor into the checkout.
 * Rejects with what the process printed when it exits or stays silent for `startTimeoutMs`.
 */
export function startServerProcess(env: Record<string, string>, startTimeoutMs = 15_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: mkdtempSync(path.join(tmpdir(), "pulse-node-")),
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  // Both pipes are read for the whole life of the process: a full pipe would block its logger.
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let signalledAt = 0;
  const exited = new Promise<ServerExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal, ms: signalledAt ? Date.now() - signalledAt : 0 }));
  });
  const end = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      signalledAt ||= Date.now();
      child.kill(signal);
    }
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void end("SIGKILL");
      reject(new Error(`server did not start within ${startTimeoutMs} ms; it printed:\n${out}`));
    }, startTimeoutMs);
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /"port":(\d+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      const port = Number(match[1]);
      const proc: ServerProcess = {
        child,
        pid: child.pid ?? -1,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => out,
        exited,
        stop: () => end("SIGTERM"),
        kill: () => end("SIGKILL"),
      };
      running.add(proc);
      void exited.then(() => running.delete(proc));
      resolve(proc);
    };
    child.stdout.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${signal ?? code}; it printed:\n${out}`));
    });
  });
}

/** Stops every server process still running: SIGTERM, then SIGKILL for any that is not gone within `graceMs`. */
export async function stopServerProcesses(graceMs = 11_000): Promise<void> {
  await Promise.all(
    [...running].map(async (proc) => {
      // A SIGSTOPped process cannot act on SIGTERM until it is continued.
      proc.child.kill("SIGCONT");
      const timer = setTimeout(() => void proc.kill(), graceMs);
      await proc.stop();
      clearTimeout(timer);
    }),
  );
}

/**
 * The environment of a node in a fault test: shared Redis, no source but HTTP ingest (so every count comes from
 * the driver), deltas every 50 ms. The drivers post without pause from one IP with one token, far past the
 * default ingest rate limit; a limit no run reaches keeps the limiters (counting in Redis) in the path of every
 * fault, which must never turn into anything but 503.
 */
export function redisNodeEnv(redisUrl: string, token: string): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: "pulse-fault:",
    SOURCE: "none",
    INGEST_TOKEN: token,
    TICK_MS: "50",
    INGEST_RATE_LIMIT: "10000000",
  };
}
