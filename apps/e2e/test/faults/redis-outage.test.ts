/**
 * Redis goes away while a producer ingests without pause, once as a hang (SIGSTOP: sockets open, no answers)
 * and once as a crash (kill -9, then a restart on the same port from its append-only file). While it is away,
 * ingest answers 503 with Retry-After and counts nothing, `/healthz` and the clients say `degraded`, and the
 * clients keep their numbers. When it is back, the nodes recover without a restart and every node, every
 * client and a node started afterwards show the exact recount. A third fault drops only the nodes' pub/sub
 * connections, as Redis does to a subscriber past `client-output-buffer-limit pubsub`: what was published
 * meanwhile is lost to them, and they must re-read the store.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { poll, pollSettled } from "@pulse/testkit/wait";
import { cleanupAll, onCleanup } from "./support/cleanup.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { redisCli, startRedisProcess, type RedisProcess } from "./support/redis-process.js";
import { allExact, countsOf, healthOf, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";
import { redisNodeEnv, startServerProcess, type ServerProcess } from "./support/server-process.js";

afterEach(cleanupAll);

/** Two nodes with a client each, and a producer ingesting over both without pause. */
async function startLayout(redis: RedisProcess) {
  const token = randomUUID();
  const env = redisNodeEnv(redis.url, token);
  const nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  const urls = nodes.map((n) => n.url);
  const clients = nodes.map((n) => new LiveClient({ urls: [n.url] }));
  await poll(() => clients.every((c) => c.health === "ok" && c.state !== undefined), Boolean, 5000, "a snapshot and health ok on every client");
  const driver = new IngestDriver({ urls: () => urls, token, runId: token, batchSize: 10, pauseMs: 20, requestTimeoutMs: 3000 });
  driver.start();
  await poll(() => driver.batches, (n) => n >= 5, 5000, "5 batches accepted before the fault");
  return { token, env, nodes, clients, driver };
}

/**
 * While Redis is away: 503s with Retry-After, degraded everywhere, clients keep their last numbers. Soft checks,
 * so that a failure here still lets the test go on to show whether the nodes recover.
 */
async function expectDegraded(nodes: ServerProcess[], clients: LiveClient[], driver: IngestDriver): Promise<void> {
  const refusedBefore = driver.stats.unavailable;
  const faultAt = Date.now();
  const attemptsBefore = driver.attempts.length;
  const [health, live, refused] = await Promise.all([
    pollSettled(() => Promise.all(nodes.map((n) => healthOf(n.url))), (h) => h.every((s) => s === "degraded"), 5000),
    pollSettled(() => clients.map((c) => c.health), (h) => h.every((s) => s === "degraded"), 5000),
    pollSettled(() => driver.stats.unavailable, (n) => n > refusedBefore + 2, 5000),
  ]);
  expect.soft(health.value, "/healthz of every node within 5 s of the fault").toEqual(nodes.map(() => "degraded"));
  expect.soft(live.value, "health event on every client within 5 s of the fault").toEqual(clients.map(() => "degraded"));
  // The attempts since the fault, as "sent-ended ms after it: outcome", to tell a slow 503 from a slow retry.
  const timeline = driver.attempts.slice(attemptsBefore).map((a) => `${a.startedAt - faultAt}-${a.endedAt - faultAt}: ${a.outcome}`);
  expect
    .soft(refused.met, `ingest answered 503 within 5 s of the fault; driver saw ${JSON.stringify(driver.stats)}; attempts: ${timeline.join(", ")}`)
    .toBe(true);
  const held = clients.map((c) => countsOf(c.state!));
  for (const counts of held) expect(counts.posts).toBeGreaterThan(0);
  await delay(500);
  // Live data is paused, not lost: the numbers stay where they were.
  expect(clients.map((c) => countsOf(c.state!))).toEqual(held);
}

/** After Redis is back: ok everywhere, the producer finishes, and everything shows the exact recount. */
async function expectRecovered(env: Record<string, string>, nodes: ServerProcess[], clients: LiveClient[], driver: IngestDriver): Promise<void> {
  await poll(() => Promise.all(nodes.map((n) => healthOf(n.url))), (h) => h.every((s) => s === "ok"), 10_000, "/healthz ok on every node");
  await poll(() => clients.map((c) => c.health), (h) => h.every((s) => s === "ok"), 5000, "health: ok on every client");
  const resumedAt = driver.batches;
  await poll(() => driver.batches, (n) => n >= resumedAt + 5, 10_000, "5 batches accepted after the fault");
  await driver.stop();

  // A node started now reads the store afresh: the store itself holds the recount, not just the nodes' mirrors.
  const late = await startServerProcess(env);
  const expected = recount(driver.posts);
  const viewers: Viewer[] = [
    ...nodes.map((n, i) => nodeViewer(`node ${i}`, n.url)),
    nodeViewer("node started after the fault", late.url),
    ...clients.map((c, i) => ({ label: `client of node ${i}`, read: () => c.state })),
  ];
  expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
  // Never a 5xx other than 503, every 503 with Retry-After, and never a batch half-counted.
  expect(driver.stats).toMatchObject({ unexpected: [], unavailableWithoutRetryAfter: 0, halfCounted: 0 });
  // The clients were never disconnected: they recovered through the relay's catch-up, not a reconnect.
  for (const client of clients) expect(client.log.connects).toHaveLength(1);
}

describe("Redis stopped and restarted during ingest", () => {
  it("a hung Redis (SIGSTOP, then SIGCONT): 503 and degraded while it hangs, exact counts after", async () => {
    const redis = await startRedisProcess();
    const { env, nodes, clients, driver } = await startLayout(redis);
    redis.pause();
    try {
      await expectDegraded(nodes, clients, driver);
    } finally {
      redis.resume();
    }
    await expectRecovered(env, nodes, clients, driver);
  });

  it("a crashed Redis (kill -9, restarted on the same port from its AOF): 503 and degraded while down, exact counts after", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pulse-fault-redis-"));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const redis = await startRedisProcess({ dir });
    const { env, nodes, clients, driver } = await startLayout(redis);
    await redis.kill();
    await expectDegraded(nodes, clients, driver);
    await startRedisProcess({ port: redis.port, dir });
    await expectRecovered(env, nodes, clients, driver);
    // Every 503 counted nothing, except perhaps the one batch in flight at the crash: Redis may have written it
    // to its AOF and died before answering.
    expect(driver.stats.countedDespite503).toBeLessThanOrEqual(1);
  });

  it("dropped pub/sub connections (CLIENT KILL TYPE pubsub) during ingest: nodes resubscribe, re-read the store, exact counts", async () => {
    const redis = await startRedisProcess();
    const { nodes, clients, driver } = await startLayout(redis);
    // Each node holds two subscribers: one for every campaign's store feed (one channel each), one for the campaign registry's.
    const subscribers = 2 * nodes.length;
    const subscribed = async () => (await redisCli(redis.port, "CLIENT", "LIST", "TYPE", "pubsub")).split("\n").filter((l) => l.trim()).length;
    for (let i = 0; i < 3; i++) {
      // Every subscriber is back (resubscribed after the last kill) before the next kill.
      await poll(subscribed, (n) => n === subscribers, 10_000, `${subscribers} pub/sub connections`);
      const killed = Number(await redisCli(redis.port, "CLIENT", "KILL", "TYPE", "pubsub"));
      expect(killed).toBe(subscribers);
      const at = driver.batches;
      await poll(() => driver.batches, (n) => n >= at + 5, 10_000, "5 batches accepted after the subscribers were dropped");
    }
    await driver.stop();
    const expected = recount(driver.posts);
    const viewers: Viewer[] = [
      ...nodes.map((n, i) => nodeViewer(`node ${i}`, n.url)),
      ...clients.map((c, i) => ({ label: `client of node ${i}`, read: () => c.state })),
    ];
    // Within 10 s, far sooner than the relay's 30 s reconcile: the reconnect itself must trigger the re-read.
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
    expect(driver.stats).toMatchObject({ unexpected: [], halfCounted: 0 });
  });
});
