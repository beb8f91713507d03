/**
 * Real Redis for tests. The default export is a vitest globalSetup that finds a Redis (or starts one) and hands
 * its URL to tests as `inject("redisUrl")`; `startRedisServer` starts a private redis-server for fault tests.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createClient } from "redis";
// Brings vitest's types into the program so the augmentation below has a module to extend.
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the Redis the tests use, chosen by the `@pulse/testkit/redis` globalSetup. */
    redisUrl: string;
  }
}

/** The Redis tried when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

const INSTALL_HINT = 'redis-server not found: install it with "apt-get install -y redis-server"';

/** A redis-server this process started. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops it gracefully (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would, and waits for it to exit. */
  kill(): Promise<void>;
}

/** True when the Redis at `url` answers PING within `timeoutMs`. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  // A failed connect also emits "error"; without a listener it would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** A TCP port that was free a moment ago. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not find a spare TCP port");
  return address.port;
}

/**
 * Starts a private, throw-away redis-server (no persistence) on `port` (default: a spare one) and resolves once
 * it answers PING. Pass the port of a killed server to bring it back on the same URL. `args` go on its command
 * line after the defaults (`["--replicaof", "127.0.0.1", "6380"]` makes it a replica).
 */
export async function startRedisServer(options: { port?: number; args?: string[] } = {}): Promise<RedisServer> {
  const port = options.port ?? (await sparePort());
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(options.args ?? [])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // The tail of the server's log, for error messages and to see it is ready.
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  // A process that failed to spawn reports "error" and may never report "exit".
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  let failure: Error | undefined;
  child.once("error", (err: NodeJS.ErrnoException) => {
    failure = err.code === "ENOENT" ? new Error(INSTALL_HINT) : err;
  });
  child.once("exit", (code, signal) => {
    failure ??= new Error(`redis-server on port ${port} exited (${signal ?? code}): ${output.trim()}`);
  });
  // Never leave an orphan server behind if the test process ends without stopping it.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);

  const end = async (signal: NodeJS.Signals) => {
    process.off("exit", reap);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (failure) {
      await end("SIGKILL");
      throw failure;
    }
    // Wait for our own server's word, not just any answer on the port: another Redis may hold it.
    if (output.includes("Ready to accept connections") && (await pingRedis(url, 500))) break;
    if (Date.now() > deadline) {
      await end("SIGKILL");
      throw new Error(`redis-server on port ${port} did not answer within 10 s: ${output.trim()}`);
    }
    await delay(50);
  }
  return { url, port, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK), so each test run cleans up after itself. */
export async function deleteKeysByPrefix(url: string, prefix: string): Promise<number> {
  if (prefix.length === 0) throw new Error("refusing to delete every key: the prefix is empty");
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  let deleted = 0;
  try {
    for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(prefix)}*`, COUNT: 500 })) {
      if (keys.length > 0) deleted += await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
  return deleted;
}

/**
 * vitest globalSetup: uses `REDIS_URL` when set (and fails if it does not answer), else a Redis on
 * 127.0.0.1:6379 when it answers, else a redis-server of its own that teardown stops.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.REDIS_URL?.trim();
  if (given) {
    if (!(await pingRedis(given, 2000))) {
      throw new Error(`Redis at ${given} does not answer (from REDIS_URL): start it, or unset REDIS_URL`);
    }
    project.provide("redisUrl", given);
    return undefined;
  }
  if (await pingRedis(DEFAULT_REDIS_URL)) {
    project.provide("redisUrl", DEFAULT_REDIS_URL);
    return undefined;
  }
  const server = await startRedisServer();
  project.provide("redisUrl", server.url);
  return () => server.stop();
}
