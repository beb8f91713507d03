/**
 * Redis that fails over (Sentinel): a primary, replicas and three Sentinels, two nodes reaching Redis through
 * the Sentinels with `REDIS_WAIT_REPLICAS=1`, a live client (a wall) on each node and a producer ingesting over
 * both. `kill -9` the primary: the Sentinels promote a replica; meanwhile ingest answers 503 with Retry-After
 * and `/healthz` says degraded. Ingest then resumes on both nodes, without a restart of either, and every post
 * answered 202 is counted exactly once, on every node and wall.
 *
 * With one replica, the promoted replica has none left to confirm batches: ingest answers 503 until the killed
 * primary is back, as its supervisor restarts it (compose's `restart: unless-stopped`), and the Sentinels have
 * made it the new primary's replica. With two, the other replica confirms at once. The figures (failover time,
 * 503s, counts) are printed for docs/reliability.md.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { poll, pollSettled } from "@pulse/testkit/wait";
import { cleanupAll } from "./support/cleanup.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { allExact, healthOf, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";
import { redisCli, startRedisProcess } from "./support/redis-process.js";
import { SENTINEL_NAME, startSentinelLayout } from "./support/redis-sentinel.js";
import { redisNodeEnv, startServerProcess } from "./support/server-process.js";

afterEach(cleanupAll);

/** Online replicas of the Redis at `port`. */
async function onlineReplicas(port: number): Promise<number> {
  return [...(await redisCli(port, "INFO", "replication")).matchAll(/^slave\d+:.*state=online/gm)].length;
}

async function failOver(replicaCount: number): Promise<void> {
  const layout = await startSentinelLayout({ replicas: replicaCount });
  const token = randomUUID();
  const { REDIS_URL: _url, ...base } = redisNodeEnv(layout.primary.url, token);
  const env = { ...base, REDIS_SENTINELS: layout.sentinelList, REDIS_SENTINEL_NAME: SENTINEL_NAME, REDIS_WAIT_REPLICAS: "1" };
  const nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  const urls = nodes.map((n) => n.url);
  const clients = nodes.map((n) => new LiveClient({ urls: [n.url] }));
  await poll(() => clients.every((c) => c.health === "ok" && c.state !== undefined), Boolean, 5000, "a snapshot and health ok on every client");
  const driver = new IngestDriver({ urls: () => urls, token, runId: token, batchSize: 10, pauseMs: 20, requestTimeoutMs: 3000, batchDeadlineMs: 45_000 });
  driver.start();
  await poll(() => driver.batches, (n) => n >= 10, 10_000, "10 batches accepted before the fault");
  // Every Redis user of a node went through the Sentinels: the store (the counts above), the campaign registry (the
  // nodes started on it) and the rate limits, whose counts are in the primary too.
  expect(await redisCli(layout.primary.port, "KEYS", `${base.REDIS_KEY_PREFIX}ratelimit:*`)).not.toBe("");

  const killedAt = Date.now();
  const attemptsBefore = driver.attempts.length;
  const refusedBefore = driver.stats.unavailable;
  await layout.primary.kill();
  // /healthz on every node says degraded while the primary is gone, and the Sentinels promote a replica.
  const replicaPorts = layout.replicas.map((r) => r.port);
  const [degraded, promoted] = await Promise.all([
    pollSettled(() => Promise.all(nodes.map((n) => healthOf(n.url))), (h) => h.every((s) => s === "degraded"), 10_000),
    poll(() => layout.primaryPort(), (port) => replicaPorts.includes(port), 20_000, "the Sentinels to promote a replica"),
  ]);
  const failoverMs = Date.now() - killedAt;
  expect.soft(degraded.value, "/healthz of every node during the failover").toEqual(nodes.map(() => "degraded"));

  let restartedAfterMs: number | undefined;
  if (replicaCount === 1) {
    // Its supervisor restarts the old primary; the Sentinels turn it into the new primary's replica.
    restartedAfterMs = Date.now() - killedAt;
    const restarted = await startRedisProcess({ port: layout.primary.port, args: ["--dir", layout.dir, "--dbfilename", "old-primary.rdb"] });
    await poll(() => onlineReplicas(promoted), (n) => n === 1, 30_000, "the old primary to sync as a replica");
    expect(await redisCli(restarted.port, "ROLE")).toMatch(/^slave/);
  }
  await poll(() => Promise.all(nodes.map((n) => healthOf(n.url))), (h) => h.every((s) => s === "ok"), 10_000, "/healthz ok on every node");
  await poll(() => clients.map((c) => c.health), (h) => h.every((s) => s === "ok"), 5000, "health: ok on every client");
  const resumedFrom = driver.attempts.length;
  const resumedAt = driver.batches;
  await poll(() => driver.batches, (n) => n >= resumedAt + 10, 30_000, "10 batches accepted after the failover");
  await driver.stop();

  // Ingest resumed on every node, not on one.
  const acceptedBy = new Set(driver.attempts.slice(resumedFrom).filter((a) => a.outcome === 202).map((a) => a.url));
  expect([...acceptedBy].sort()).toEqual([...urls].sort());
  const since = driver.attempts.slice(attemptsBefore);
  const firstAccepted = since.find((a) => a.outcome === 202);
  const refused = driver.stats.unavailable - refusedBefore;
  expect(refused, "ingest answered 503 while Redis failed over").toBeGreaterThan(0);
  expect(driver.stats).toMatchObject({ unexpected: [], unavailableWithoutRetryAfter: 0, halfCounted: 0 });

  const expected = recount(driver.posts);
  const viewers: Viewer[] = [
    ...nodes.map((n, i) => nodeViewer(`node ${i}`, n.url)),
    ...clients.map((c, i) => ({ label: `wall on node ${i}`, read: () => c.state })),
  ];
  expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
  // Each batch was answered 202 once, its posts new or (sent again after a 503 that had applied it) duplicates.
  expect(driver.stats.accepted + driver.stats.duplicates).toBe(expected.posts);
  // The walls were never disconnected: they followed the failover through their node, without a reconnect.
  for (const client of clients) expect(client.log.connects).toHaveLength(1);

  const figures = {
    replicas: replicaCount,
    failoverMs,
    ...(restartedAfterMs === undefined ? {} : { oldPrimaryRestartedAfterMs: restartedAfterMs }),
    ingestGapMs: firstAccepted ? firstAccepted.endedAt - killedAt : undefined,
    answered503: refused,
    networkErrors: driver.stats.networkErrors.length,
    postsAcknowledged: driver.posts.length,
    postsCounted: expected.posts,
    batchesFoundCountedAfter503: driver.stats.countedDespite503,
  };
  console.log(`sentinel failover figures: ${JSON.stringify(figures)}`);
}

describe("Redis behind Sentinel", () => {
  it("a primary, a replica, three Sentinels: kill -9 of the primary under ingest gives 503 with Retry-After until a replica confirms again, then every node resumes and each 202 post is counted once", async () => {
    await failOver(1);
  });

  it("a primary, two replicas, three Sentinels: ingest resumes on every node as soon as a replica is promoted, each 202 post counted once", async () => {
    await failOver(2);
  });
});
