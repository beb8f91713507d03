/**
 * A private redis-server for fault tests that must outlive a crash: unlike the testkit's throw-away server it
 * can keep an append-only file (so a kill -9 and a restart on the same port keep every acknowledged write), and
 * it can be frozen (SIGSTOP) to model a Redis that hangs rather than refuses.
 */
import { execFile, spawn } from "node:child_process";
import { pingRedis, sparePort } from "@pulse/testkit/redis";
import { pollSettled } from "@pulse/testkit/wait";
import { ChildSet } from "./child-set.js";

/** A redis-server started by this process. */
export interface RedisProcess {
  url: string;
  port: number;
  pid: number;
  /** SIGSTOP: the process keeps its sockets open but answers nothing, as a hung Redis does. */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** SIGKILL, as a crash would, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

const running = new ChildSet();

/**
 * Starts redis-server on `port` (default: a spare one) and resolves once it answers PING. With `dir`, it keeps an
 * append-only file there, fsynced before each reply (`appendfsync always`), so what it acknowledged survives
 * a kill -9; start it again with the same `port` and `dir` to bring it back with its data. `args` go on its
 * command line after those (`["--replicaof", "127.0.0.1", "6380"]`).
 */
export async function startRedisProcess(options: { port?: number; dir?: string; args?: string[] } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await sparePort());
  const url = `redis://127.0.0.1:${port}`;
  const persistence = options.dir
    ? ["--dir", options.dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""]
    : ["--appendonly", "no", "--save", ""];
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", ...persistence, ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("error", (err) => {
      failure = err;
      running.forget(child);
      resolve();
    });
    child.once("exit", (code, signal) => {
      failure ??= new Error(`redis-server on port ${port} exited (${signal ?? code}): ${output.trim()}`);
      resolve();
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      // A stopped process would not act on SIGTERM.
      child.kill("SIGCONT");
      child.kill(signal);
    }
    await exited;
  };

  // Wait for this server's own word: another process may answer on a port that was free a moment ago.
  const ready = async () => output.includes("Ready to accept connections") && (await pingRedis(url, 500));
  const { met } = await pollSettled(async () => failure !== undefined || (await ready()), Boolean, 10_000);
  if (failure) throw failure;
  if (!met) {
    await end("SIGKILL");
    throw new Error(`redis-server on port ${port} did not answer within 10 s: ${output.trim()}`);
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}

/** Stops every redis-server this module started that is still running. */
export async function stopRedisProcesses(): Promise<void> {
  await running.killAll();
}

/** Runs one command on the Redis at `port` with redis-cli and resolves to its reply as text. */
export function redisCli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 5000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.trim()),
    );
  });
}
