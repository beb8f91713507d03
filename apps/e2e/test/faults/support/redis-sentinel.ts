/**
 * Redis's own high availability, for the failover scenario: a primary, a replica and three Sentinels
 * (`redis-server --sentinel`, each with a config file it may rewrite, in a temporary folder), all on spare ports.
 * The Sentinels declare the primary down after 1 s without an answer and promote the replica at once.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sparePort } from "@pulse/testkit/redis";
import { poll, pollSettled } from "@pulse/testkit/wait";
import { ChildSet } from "./child-set.js";
import { onCleanup } from "./cleanup.js";
import { redisCli, startRedisProcess, type RedisProcess } from "./redis-process.js";

/** The primary's name in the Sentinels' configuration. */
export const SENTINEL_NAME = "pulse";
/** How long without an answer before a Sentinel counts the primary down. */
export const DOWN_AFTER_MS = 1000;

const sentinels = new ChildSet();

/** A Sentinel this process started. */
export interface SentinelProcess {
  port: number;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/** The primary, replicas and Sentinels of one scenario. */
export interface SentinelLayout {
  primary: RedisProcess;
  replicas: RedisProcess[];
  sentinels: SentinelProcess[];
  /** `host:port,…` of the Sentinels, as `REDIS_SENTINELS` takes it. */
  sentinelList: string;
  /** A folder for the servers' files (a replica writes the copy it syncs to its folder). */
  dir: string;
  /** The port of the server the Sentinels name as the primary now. */
  primaryPort(): Promise<number>;
}

/** Starts a Sentinel watching the primary on `primaryPort`; resolves once it answers and monitors it. */
async function startSentinel(dir: string, primaryPort: number): Promise<SentinelProcess> {
  const port = await sparePort();
  const config = path.join(dir, `sentinel-${port}.conf`);
  await writeFile(
    config,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `dir ${dir}`,
      // Quorum 2 of 3: one Sentinel alone can neither declare the primary down nor lead a failover.
      `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primaryPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_NAME} ${DOWN_AFTER_MS}`,
      // Also the least time between two failover attempts of the same primary.
      `sentinel failover-timeout ${SENTINEL_NAME} 5000`,
      `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
      "",
    ].join("\n"),
  );
  const child = spawn("redis-server", [config, "--sentinel"], { stdio: ["ignore", "pipe", "pipe"] });
  sentinels.add(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  const { met } = await pollSettled(async () => output.includes("+monitor master") && (await redisCli(port, "PING").catch(() => "")) === "PONG", Boolean, 10_000);
  if (!met) {
    await kill();
    throw new Error(`redis-server --sentinel on port ${port} did not start within 10 s: ${output.trim()}`);
  }
  return { port, kill };
}

/**
 * Starts the layout (`replicas` replicas, default 1) and resolves once the Sentinels know the replicas and each
 * other (`SENTINEL CKQUORUM` is OK on each): only then can they fail over. Everything is ended and removed after
 * the test.
 */
export async function startSentinelLayout(options: { replicas?: number } = {}): Promise<SentinelLayout> {
  const dir = await mkdtemp(path.join(tmpdir(), "pulse-sentinel-"));
  onCleanup(async () => {
    await sentinels.killAll();
    await rm(dir, { recursive: true, force: true });
  });
  const files = ["--dir", dir, "--dbfilename"];
  const primary = await startRedisProcess({ args: [...files, "primary.rdb"] });
  const replicas = await Promise.all(
    Array.from({ length: options.replicas ?? 1 }, (_, i) =>
      startRedisProcess({ args: [...files, `replica-${i}.rdb`, "--replicaof", "127.0.0.1", String(primary.port)] }),
    ),
  );
  await poll(
    () => redisCli(primary.port, "INFO", "replication"),
    (info) => [...info.matchAll(/^slave\d+:.*state=online/gm)].length === replicas.length,
    10_000,
    "the replicas to sync",
  );
  const started = await Promise.all([0, 1, 2].map(() => startSentinel(dir, primary.port)));
  for (const sentinel of started) {
    await poll(() => redisCli(sentinel.port, "SENTINEL", "CKQUORUM", SENTINEL_NAME), (reply) => reply.startsWith("OK 3 usable Sentinels"), 15_000, `Sentinel ${sentinel.port} to know the other two`);
    await poll(
      () => redisCli(sentinel.port, "SENTINEL", "REPLICAS", SENTINEL_NAME),
      (reply) => replicas.every((r) => reply.includes(String(r.port))),
      15_000,
      `Sentinel ${sentinel.port} to know the replicas`,
    );
  }
  return {
    primary,
    replicas,
    sentinels: started,
    sentinelList: started.map((s) => `127.0.0.1:${s.port}`).join(","),
    dir,
    async primaryPort() {
      const reply = await redisCli(started[0]!.port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_NAME);
      return Number(reply.split("\n")[1]);
    },
  };
}
