/**
 * Several nodes on one Redis (the README's deployment layout): ingest spread over every node while clients on
 * every node watch; every node and every client ends on the exact recount.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll } from "./support/cleanup.js";
import { startNodesOnRedis } from "./support/nodes-on-redis.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { poll } from "@pulse/testkit/wait";
import { allExact, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";
import { redisCli } from "./support/redis-process.js";

/** The largest output buffer (`omem`, bytes) any pub/sub subscriber has right now. */
async function maxPubsubOutputBuffer(port: number): Promise<number> {
  const list = await redisCli(port, "CLIENT", "LIST", "TYPE", "pubsub");
  return Math.max(0, ...[...list.matchAll(/\bomem=(\d+)/g)].map((m) => Number(m[1])));
}

afterEach(cleanupAll);

async function runLayout(nodeCount: number): Promise<void> {
  const { redis, token, nodes } = await startNodesOnRedis(nodeCount);
  const urls = nodes.map((n) => n.url);
  const clients = nodes.flatMap((node) => [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url] })]);
  await poll(() => clients.every((c) => c.state !== undefined), Boolean, 5000, "a snapshot on every client");

  // Two producers at once, each spreading its batches over every node in turn, one starting on each end.
  const drivers = [
    new IngestDriver({ urls: () => urls, token, runId: `${token}-a`, batchSize: 25 }),
    new IngestDriver({ urls: () => [...urls].reverse(), token, runId: `${token}-b`, batchSize: 25 }),
  ];
  // While ingest runs, watch the nodes' subscriber connections: one message per batch keeps their output
  // buffers far below Redis's `client-output-buffer-limit pubsub` (32 MB hard, 8 MB for 60 s).
  let maxOmem = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxOmem = Math.max(maxOmem, await maxPubsubOutputBuffer(redis.port));
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  await Promise.all(drivers.map((d) => d.run(8 * nodeCount)));
  sampling = false;
  await sampler;
  expect(maxOmem).toBeLessThan(1024 * 1024);

  const expected = recount(drivers.flatMap((d) => d.posts));
  expect(expected.posts).toBe(2 * 8 * nodeCount * 25);
  const viewers: Viewer[] = [
    ...nodes.map((n, i) => nodeViewer(`node ${i}`, n.url)),
    ...clients.map((c, i) => ({ label: `client ${i} of node ${Math.floor(i / 2)}`, read: () => c.state })),
  ];
  expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
  for (const driver of drivers) {
    expect(driver.stats).toMatchObject({ unavailable: 0, unexpected: [], networkErrors: [], halfCounted: 0, duplicates: 0 });
  }
  expect(drivers.reduce((sum, d) => sum + d.stats.accepted, 0)).toBe(expected.posts);
  // Each client got there through deltas relayed from every node's ingest, not one late snapshot.
  for (const client of clients) expect(client.log.deltas).toBeGreaterThan(0);
}

describe("several nodes on one Redis", () => {
  it("two nodes: ingest alternating between them, clients on both converge to the recount", async () => {
    await runLayout(2);
  });

  it("three nodes on one Redis, as the README deploys them: every node and client converges to the recount", async () => {
    await runLayout(3);
  });
});
