/** The usual layout of a fault test: its own Redis and a few nodes on it. */
import { randomUUID } from "node:crypto";
import { startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { onCleanup } from "./cleanup.js";
import { redisNodeEnv, startServerProcess, type ServerProcess } from "./server-process.js";

/** A throw-away Redis (ended after the test) and `count` nodes on it, started at once, sharing a fresh ingest token. */
export async function startNodesOnRedis(count: number): Promise<{ redis: RedisServer; token: string; nodes: ServerProcess[] }> {
  const redis = await startRedisServer();
  onCleanup(() => redis.kill());
  const token = randomUUID();
  const env = redisNodeEnv(redis.url, token);
  const nodes = await Promise.all(Array.from({ length: count }, () => startServerProcess(env)));
  return { redis, token, nodes };
}
