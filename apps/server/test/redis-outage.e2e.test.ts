import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { makePost, startPulse, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "outage-ingest-token";

describe("while Redis cannot be reached", () => {
  let redis: RedisServer;
  let node: RunningPulse;

  beforeAll(async () => {
    redis = await startRedisServer();
    node = await startPulse({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await node?.close();
    await redis?.stop();
  });

  it("answers ingest with 503 and Retry-After, says degraded, and takes the same batch once Redis is back", async () => {
    const batch = [makePost(), makePost()];
    await redis.kill();
    await waitFor(() => !node.pulse.store.isHealthy(), 5_000, "the store to notice Redis is gone");

    const refused = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(batch);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.body.error).toMatch(/store unavailable.*retrying the same batch later is safe/);
    const health = await request(node.url).get("/healthz");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "degraded", store: "redis" });

    redis = await startRedisServer({ port: redis.port });
    await waitFor(() => node.pulse.store.isHealthy(), 10_000, "the store to reconnect");
    const retried = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(batch);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const again = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(batch);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await request(node.url).get("/healthz")).body.status).toBe("ok");
    await waitFor(() => node.pulse.relay.snapshot().totals.posts === 2, 5_000, "the relay to follow the restarted Redis");
  });
});
