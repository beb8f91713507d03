/**
 * kill -9 of a node during ingest: its clients fail over to a surviving node, the producer retries the batch
 * that failed on another node, and every survivor and every client ends on the exact recount.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll } from "./support/cleanup.js";
import { startNodesOnRedis } from "./support/nodes-on-redis.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { poll } from "@pulse/testkit/wait";
import { allExact, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";

afterEach(cleanupAll);

describe("kill -9 of a node during ingest", () => {
  it("moves its clients to a survivor, retries the failed batch elsewhere, and keeps counts exact", async () => {
    const {
      token,
      nodes: [doomed, b, c],
    } = await startNodesOnRedis(3);
    const urls = [doomed!.url, b!.url, c!.url];
    // The doomed node's clients know every node, as a client behind a load balancer effectively does.
    const orphans = [new LiveClient({ urls }), new LiveClient({ urls: [doomed!.url, c!.url, b!.url] })];
    const others = [new LiveClient({ urls: [b!.url] }), new LiveClient({ urls: [c!.url] })];
    const clients = [...orphans, ...others];
    await poll(() => clients.every((cl) => cl.state !== undefined), Boolean, 5000, "a snapshot on every client");
    expect(orphans.map((o) => o.url)).toEqual([doomed!.url, doomed!.url]);

    // Two producers, so that a batch is likely in flight on the doomed node when it dies.
    const drivers = [
      new IngestDriver({ urls: () => urls, token, runId: `${token}-a`, batchSize: 10 }),
      new IngestDriver({ urls: () => [...urls].reverse(), token, runId: `${token}-b`, batchSize: 10 }),
    ];
    for (const d of drivers) d.start();
    await poll(() => drivers.map((d) => d.batches), (n) => n.every((x) => x >= 10), 10_000, "10 batches each before the crash");
    const exit = await doomed!.kill();
    expect(exit.signal).toBe("SIGKILL");

    await poll(() => orphans.map((o) => o.url), (u) => u.every((url) => url === b!.url || url === c!.url), 5000, "the doomed node's clients on a survivor");
    const after = drivers.map((d) => d.batches);
    await poll(() => drivers.map((d, i) => d.batches - after[i]!), (n) => n.every((x) => x >= 10), 10_000, "10 more batches each after the crash");
    await Promise.all(drivers.map((d) => d.stop()));

    const expected = recount(drivers.flatMap((d) => d.posts));
    const viewers: Viewer[] = [
      nodeViewer("survivor B", b!.url),
      nodeViewer("survivor C", c!.url),
      ...clients.map((cl, i) => ({ label: `client ${i}`, read: () => cl.state })),
    ];
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
    for (const d of drivers) expect(d.stats).toMatchObject({ unexpected: [], halfCounted: 0 });
    // The crash was felt: attempts on the dead node failed and were retried on another.
    expect(drivers.flatMap((d) => d.stats.networkErrors).length).toBeGreaterThan(0);
    for (const orphan of orphans) expect(orphan.log.connects).toHaveLength(2);
  });
});
