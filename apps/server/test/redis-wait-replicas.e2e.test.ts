/**
 * `REDIS_WAIT_REPLICAS`: ingest answers 202 only once WAIT says the replicas have the batch. With a real primary
 * and, in turn, no replica and one: 503 with Retry-After while the replica is missing (the batch applied on the
 * primary all the same), 202 once it is there, and the refused batch sent again counts nothing twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "redis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { makePost, startPulse, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "wait-replicas-ingest-token";

/** How many replicas the primary at `url` has online. */
async function onlineReplicas(url: string): Promise<number> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    const info = await client.info("replication");
    return [...info.matchAll(/^slave\d+:.*state=online/gm)].length;
  } finally {
    client.destroy();
  }
}

describe("REDIS_WAIT_REPLICAS=1", () => {
  let primary: RedisServer;
  let replica: RedisServer | undefined;
  let node: RunningPulse;
  // A replica writes the copy it syncs to its folder: a temporary one, not the checkout.
  const replicaDir = mkdtempSync(path.join(tmpdir(), "pulse-replica-"));
  const ingest = (batch: unknown[]) => request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(batch);
  /**
   * Sends a batch again while it is answered 503, as a client does (safe: a retry counts nothing twice). With a
   * replica online, a busy machine may still miss the 100 ms wait now and then. Answers the 202 and how many sends.
   */
  const ingestUntilAcknowledged = async (batch: unknown[]) => {
    for (let sends = 1; ; sends++) {
      const res = await ingest(batch);
      if (res.status !== 503 || sends === 50) return { res, sends };
    }
  };

  beforeAll(async () => {
    primary = await startRedisServer();
    node = await startPulse({ REDIS_URL: primary.url, INGEST_TOKEN: TOKEN, REDIS_WAIT_REPLICAS: "1", REDIS_WAIT_TIMEOUT_MS: "100" });
  });
  afterAll(async () => {
    await node?.close();
    await replica?.stop();
    await primary?.stop();
    rmSync(replicaDir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After until a replica has the batch, then 202, and a retry never counts twice", async () => {
    const batch = [makePost(), makePost(), makePost()];
    const refused = await ingest(batch);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.body.error).toMatch(/0 of 1 replicas confirmed the batch within 100 ms \(REDIS_WAIT_REPLICAS\).*counts nothing twice/);
    // Not acknowledged, but applied on the primary: the numbers show it.
    await waitFor(() => node.pulse.relay.snapshot().totals.posts === 3, 5_000, "the refused batch to show");
    // A short wait for replicas is not an outage: the node stays healthy.
    expect((await request(node.url).get("/healthz")).body.status).toBe("ok");

    replica = await startRedisServer({ args: ["--replicaof", "127.0.0.1", String(primary.port), "--dir", replicaDir] });
    await waitFor(async () => (await onlineReplicas(primary.url)) === 1, 10_000, "the replica to sync");
    const retried = (await ingestUntilAcknowledged(batch)).res;
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ accepted: 0, duplicates: 3 });
    const fresh = await ingestUntilAcknowledged([makePost(), makePost()]);
    expect(fresh.res.status).toBe(202);
    // Accepted on the first send, or by a send refused before it (then a duplicate here): never both.
    expect(fresh.res.body.accepted + fresh.res.body.duplicates).toBe(2);
    if (fresh.sends === 1) expect(fresh.res.body).toMatchObject({ accepted: 2, duplicates: 0 });
    await waitFor(() => node.pulse.relay.snapshot().totals.posts === 5, 5_000, "every post counted once");

    // Concurrent batches share WAITs: all of them are acknowledged.
    const many = await Promise.all(Array.from({ length: 20 }, () => ingestUntilAcknowledged([makePost()])));
    expect(many.map((r) => r.res.status)).toEqual(many.map(() => 202));
    await waitFor(() => node.pulse.relay.snapshot().totals.posts === 25, 5_000, "every concurrent post counted once");

    await replica.stop();
    replica = undefined;
    await waitFor(async () => (await onlineReplicas(primary.url)) === 0, 10_000, "the replica to be gone");
    // 25 batches at once with no replica: they share WAITs (one on the wire, one queued), so the connection is held
    // a few timeouts, not 25 (2.5 s, past the 2 s deadline: Redis would then count as stalled, the node degraded).
    // Counted by Redis itself, not timed: a busy machine spreads the arrivals, never the number of WAITs past 25.
    const stats = createClient({ url: primary.url });
    await stats.connect();
    await stats.configResetStat();
    const alone = await Promise.all(Array.from({ length: 25 }, () => ingest([makePost()])));
    const waits = Number(/cmdstat_wait:calls=(\d+)/.exec(await stats.info("commandstats"))?.[1] ?? 0);
    await stats.quit();
    expect(alone.map((r) => r.status)).toEqual(alone.map(() => 503));
    expect(waits).toBeGreaterThan(0);
    expect(waits).toBeLessThanOrEqual(10);
    expect(node.pulse.store.isHealthy()).toBe(true);
    expect((await request(node.url).get("/healthz")).body.status).toBe("ok");
  });
});
