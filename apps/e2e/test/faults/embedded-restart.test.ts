/**
 * A single wall box with the embedded store (no REDIS_URL) keeps its day across a restart: a graceful restart
 * gives back the same snapshot, and after a kill -9 the node keeps at least what its last save held, so
 * re-ingesting the whole day makes it exact again (ingest is idempotent).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Snapshot } from "@pulse/shared";
import { cleanupAll, onCleanup } from "./support/cleanup.js";
import { IngestDriver } from "./support/ingest-driver.js";
import { LiveClient } from "./support/live-client.js";
import { poll } from "@pulse/testkit/wait";
import { allExact, countsOf, nodeViewer, recount, waitForCounts, type Viewer } from "./support/recount.js";
import { snapshotOf } from "../support/snapshot.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";

afterEach(cleanupAll);

async function embeddedEnv(token: string): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), "pulse-fault-data-"));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return { SOURCE: "none", INGEST_TOKEN: token, TICK_MS: "50", DATA_DIR: dir, SAVE_INTERVAL_MS: "200" };
}

/** A node on a fresh DATA_DIR, with a fresh ingest token. */
async function startEmbedded(): Promise<{ token: string; env: Record<string, string>; first: ServerProcess }> {
  const token = randomUUID();
  const env = await embeddedEnv(token);
  return { token, env, first: await startServerProcess(env) };
}

/** A producer of 20 posts a batch to `url`; on the same token, a second one sends the very same posts. */
function producer(url: string, token: string): IngestDriver {
  return new IngestDriver({ urls: () => [url], token, runId: token, batchSize: 20 });
}

/** `totals.posts` of the state file in `dir`, or undefined while there is none. */
async function savedPosts(dir: string): Promise<number | undefined> {
  const file = (await readdir(dir)).find((name) => name.endsWith(".state.json"));
  if (!file) return undefined;
  return (JSON.parse(await readFile(path.join(dir, file), "utf8")) as { totals: { posts: number } }).totals.posts;
}

/** What must survive a restart: everything but `seq`, which is per connection. */
function stateOf(snapshot: Snapshot): Omit<Snapshot, "seq"> {
  const { seq: _seq, ...rest } = snapshot;
  return rest;
}

describe("restart in embedded mode", () => {
  it("SIGTERM saves the state and a new node on the same DATA_DIR serves the same snapshot", async () => {
    const { token, env, first } = await startEmbedded();
    const driver = producer(first.url, token);
    await driver.run(10);
    const expected = recount(driver.posts);
    expect(await waitForCounts([nodeViewer("first node", first.url)], expected)).toEqual({ "first node": expected });
    const before = await snapshotOf(first.url);

    const exit = await first.stop();
    expect(exit).toMatchObject({ code: 0 });
    expect(exit.ms).toBeLessThan(10_000);
    expect(await savedPosts(env.DATA_DIR!)).toBe(expected.posts);

    const second = await startServerProcess(env);
    expect(stateOf(await snapshotOf(second.url))).toEqual(stateOf(before));
    const client = new LiveClient({ urls: [second.url] });
    const viewers: Viewer[] = [nodeViewer("restarted node", second.url), { label: "its client", read: () => client.state }];
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
    // And it still dedupes what it took before the restart.
    const again = producer(second.url, token);
    await again.run(10);
    expect(again.stats).toMatchObject({ accepted: 0, duplicates: expected.posts });
  });

  it("after kill -9 it keeps at least its last save, and re-ingesting the whole batch makes it exact", async () => {
    const { token, env, first } = await startEmbedded();
    const driver = producer(first.url, token);
    await driver.run(5);
    const savedPart = driver.posts.length;
    // A save interval has passed once the state file holds the first part.
    await poll(() => savedPosts(env.DATA_DIR!), (n) => n === savedPart, 5000, "a save of the first part");
    await driver.run(5);
    await first.kill();

    const second = await startServerProcess(env);
    const restored = countsOf(await snapshotOf(second.url));
    expect(restored.posts).toBeGreaterThanOrEqual(savedPart);
    expect(restored.posts).toBeLessThanOrEqual(driver.posts.length);
    // What was restored is consistent in itself.
    expect(Object.values(restored.byCountry).reduce((a, b) => a + b, 0)).toBe(restored.posts);
    expect(restored.timeline.reduce((a, p) => a + p.posts, 0)).toBe(restored.posts);

    const client = new LiveClient({ urls: [second.url] });
    await poll(() => client.state, Boolean, 5000, "a snapshot from the restarted node");
    // The producer sends the whole day again: what the node kept is reported as duplicates, the rest is counted.
    const replay = producer(second.url, token);
    await replay.run(10);
    expect(replay.stats).toMatchObject({ duplicates: restored.posts, accepted: driver.posts.length - restored.posts, halfCounted: 0 });
    const expected = recount(replay.posts);
    expect(expected).toEqual(recount(driver.posts));
    const viewers: Viewer[] = [nodeViewer("restarted node", second.url), { label: "its client", read: () => client.state }];
    expect(await waitForCounts(viewers, expected)).toEqual(allExact(viewers, expected));
  });
});
