/**
 * SIGTERM with a client connected and ingest in flight: the node answers what it took (202) or refuses with 503
 * and Retry-After, never drops a request it had taken, exits with code 0 within 10 s, and its client reconnects
 * to the other node. Counts stay exact.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll } from "./support/cleanup.js";
import { startNodesOnRedis } from "./support/nodes-on-redis.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { poll } from "@pulse/testkit/wait";
import { allExact, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";

afterEach(cleanupAll);

describe("graceful shutdown on SIGTERM", () => {
  it("exits 0 within 10 s, answers in-flight ingest with 202 or 503, and its client moves to the other node", async () => {
    const {
      token,
      nodes: [leaving, staying],
    } = await startNodesOnRedis(2);
    const urls = [leaving!.url, staying!.url];
    const client = new LiveClient({ urls });
    const watcher = new LiveClient({ urls: [staying!.url] });
    await poll(() => client.state !== undefined && watcher.state !== undefined, Boolean, 5000, "a snapshot on both clients");

    // Three producers without pause, all on the leaving node until SIGTERM (so batches are in flight there when it
    // comes), then spread over both nodes.
    let terminating = false;
    const drivers = ["a", "b", "c"].map(
      (id) => new IngestDriver({ urls: () => (terminating ? urls : [leaving!.url]), token, runId: `${token}-${id}`, batchSize: 50 }),
    );
    for (const d of drivers) d.start();
    await poll(() => drivers.map((d) => d.batches), (n) => n.every((x) => x >= 10), 10_000, "10 batches each before SIGTERM");

    const sigtermAt = Date.now();
    terminating = true;
    const exit = await leaving!.stop();
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);

    await poll(() => client.url, (u) => u === staying!.url, 5000, "the client on the other node");
    const after = drivers.map((d) => d.batches);
    await poll(() => drivers.map((d, i) => d.batches - after[i]!), (n) => n.every((x) => x >= 5), 10_000, "5 more batches each");
    await Promise.all(drivers.map((d) => d.stop()));

    const expected = recount(drivers.flatMap((d) => d.posts));
    const viewers: Viewer[] = [
      nodeViewer("remaining node", staying!.url),
      { label: "client that moved", read: () => client.state },
      { label: "client of the remaining node", read: () => watcher.state },
    ];
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
    for (const d of drivers) expect(d.stats).toMatchObject({ unexpected: [], halfCounted: 0, unavailableWithoutRetryAfter: 0 });
    // Requests the node had taken when SIGTERM came were answered, 202 or 503, not cut off by the exit. (Requests
    // sent after it may be refused or reset as the node closes its connections: the driver retries them elsewhere.)
    const inFlight = drivers.flatMap((d) => d.attempts).filter((a) => a.url === leaving!.url && a.startedAt < sigtermAt && a.endedAt >= sigtermAt);
    expect(inFlight.length, "requests in flight on the node at SIGTERM").toBeGreaterThan(0);
    expect(inFlight.filter((a) => a.outcome !== 202 && a.outcome !== 503)).toEqual([]);
    expect(client.log.disconnects[0]).toBe("transport close");
    expect(client.log.connects).toEqual([leaving!.url, staying!.url]);
  });
});
