/**
 * A client that stops reading (its process frozen with SIGSTOP, its socket still open) while heavy ingest runs:
 * the node's memory stays bounded because deltas are volatile, other clients keep getting deltas, and once
 * the stalled client reads again it sees the gap in `seq`, resyncs and ends on the exact recount.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startRedisServer } from "@pulse/testkit/redis";
import { cleanupAll, onCleanup } from "./support/cleanup.js";
import { startClientProcess, type ClientProcess } from "./support/client-process.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { poll } from "@pulse/testkit/wait";
import { allExact, metricOf, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";
import { redisNodeEnv, startServerProcess, type ServerProcess } from "./support/server-process.js";

afterEach(cleanupAll);

const MB = 1024 * 1024;
/** Node's memory outside the JS heap: where bytes queued on a socket that is not read pile up. */
const EXTERNAL = "pulse_nodejs_external_memory_bytes";
const RSS = "pulse_process_resident_memory_bytes";
/** Bytes of deltas the node broadcast (sum of the histogram). */
const BROADCAST = "pulse_delta_bytes_sum";

/** A node, a client that keeps reading, a client in a process of its own, and a warmed-up heavy producer. */
async function startLayout(): Promise<{ node: ServerProcess; healthy: LiveClient; stalled: ClientProcess; token: string; driver: IngestDriver }> {
  const redis = await startRedisServer();
  onCleanup(() => redis.kill());
  const token = randomUUID();
  // Every post on screen and a short tick: a delta carries at most the RECENT_LIMIT newest posts of its tick, so
  // only many heavy deltas put enough bytes on the wire for a node that queued them to show it.
  const node = await startServerProcess({ ...redisNodeEnv(redis.url, token), FEED_MAX_PER_SEC: "0", TICK_MS: "40" });
  const healthy = new LiveClient({ urls: [node.url] });
  const stalled = startClientProcess([node.url]);
  await poll(() => stalled.report(), (r) => r.state !== null, 10_000, "a snapshot in the client process");
  await poll(() => healthy.state, Boolean, 5000, "a snapshot on the healthy client");
  // Heavy posts (16 kB of text), so deltas of a few hundred kB fill a socket's buffers within a second.
  const driver = new IngestDriver({ urls: () => [node.url], token, runId: token, batchSize: 50, textBytes: 16_000 });
  // Warm-up, so the baseline includes the node's working set.
  await driver.run(5);
  await poll(() => stalled.report(), (r) => r.state?.totals.posts === driver.posts.length, 5000, "the warm-up on the client process");
  return { node, healthy, stalled, token, driver };
}

describe("a stalled client", () => {
  it("costs bounded memory while it stalls, other clients keep getting deltas, and it resyncs once it reads again", async () => {
    const { node, healthy, stalled, token, driver } = await startLayout();
    const [extBefore, rssBefore, sentBefore] = await Promise.all([metricOf(node.url, EXTERNAL), metricOf(node.url, RSS), metricOf(node.url, BROADCAST)]);
    const deltasBefore = healthy.log.deltas;

    stalled.pause();
    // Ingest until enough has gone out, not for a fixed number of batches: how many bytes a batch puts on the
    // wire depends on how many ticks its ingest spans, so on how fast this machine is today.
    for (let round = 0; round < 20 && (await metricOf(node.url, BROADCAST)) - sentBefore < 64 * MB; round += 1) await driver.run(20);
    await delay(300);
    const [extStalled, rssStalled, sentStalled] = await Promise.all([metricOf(node.url, EXTERNAL), metricOf(node.url, RSS), metricOf(node.url, BROADCAST)]);
    const broadcast = sentStalled - sentBefore;
    // The healthy client kept receiving while the other stalled.
    expect(healthy.log.deltas - deltasBefore).toBeGreaterThan(10);
    // Enough went out for a node that queued it all for the stalled client to show it: with non-volatile deltas,
    // external memory grows by about what was broadcast (measured: +126 MB for 126 MB), with volatile ones it
    // stays flat (measured: +0 to 6 MB).
    expect(broadcast).toBeGreaterThan(48 * MB);
    expect(extStalled - extBefore, `external memory grew by ${((extStalled - extBefore) / MB).toFixed(1)} MB while ${(broadcast / MB).toFixed(0)} MB went out`).toBeLessThan(16 * MB);
    expect(rssStalled - rssBefore, "RSS growth, loose bound").toBeLessThan(256 * MB);

    // It reads again while ingest goes on: the next delta shows the gap, it resyncs and catches up.
    const trickle = new IngestDriver({ urls: () => [node.url], token, runId: `${token}-trickle`, batchSize: 5, pauseMs: 50 });
    trickle.start();
    stalled.resume();
    await poll(() => stalled.report(), (r) => r.log.resyncs > 0, 10_000, "a resync from the client that stalled");
    await trickle.stop();

    const expected = recount([...driver.posts, ...trickle.posts]);
    const viewers: Viewer[] = [
      nodeViewer("node", node.url),
      { label: "healthy client", read: () => healthy.state },
      { label: "stalled client", read: async () => (await stalled.report()).state ?? undefined },
    ];
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
    const { log } = await stalled.report();
    expect(log.gaps).toBeGreaterThan(0);
    // It never lost its connection: it converged through a resync, not a reconnect.
    expect(log.connects).toHaveLength(1);
  });

  it("learns it missed the last deltas of a burst even when no delta follows them", async () => {
    const { node, healthy, stalled, driver } = await startLayout();
    stalled.pause();
    // As much as in the test above, where it always overflowed the stalled socket's buffers.
    await driver.run(80);
    await delay(300);
    stalled.resume();
    // Nothing more is ingested: only the server can tell this client that deltas went missing after the last one
    // it read. A wall left on screen after the day's last burst must not show wrong numbers until the next post.
    const expected = recount(driver.posts);
    const viewers: Viewer[] = [
      nodeViewer("node", node.url),
      { label: "healthy client", read: () => healthy.state },
      { label: "stalled client", read: async () => (await stalled.report()).state ?? undefined },
    ];
    expect(await waitForCounts(viewers, expected, 5000)).toEqual(allExact(viewers, expected));
  });
});
