/**
 * A node on Redis holds the same connections however many campaigns it runs: their stores share one command client
 * and one subscriber. Its health, `/healthz` and the socket `health` event, follows that shared connection, and
 * reaches the clients of every campaign.
 */
import request from "supertest";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { LiveClient, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { contractCampaign } from "./campaign-registry-contract.js";

const EXTRA = ["extra-1", "extra-2", "extra-3", "extra-4", "extra-5"];

describe("a node running many campaigns on Redis", () => {
  // A Redis of the suite's own: it counts every connection, and is killed.
  let redis: RedisServer;
  let node: RunningPulse;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    node = await startPulse({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await node?.close();
    await redis?.stop();
  });

  /** The connections Redis holds, by type, besides the one that asks. */
  async function connections(): Promise<{ normal: number; pubsub: number }> {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    try {
      const count = async (type: string) => String(await admin.sendCommand(["CLIENT", "LIST", "TYPE", type])).split("\n").filter((l) => l.trim()).length;
      return { normal: (await count("normal")) - 1, pubsub: await count("pubsub") };
    } finally {
      admin.destroy();
    }
  }

  it("opens no Redis connection for a campaign it starts", async () => {
    const before = await connections();
    // As docs/deployment.md counts them: the stores' two connections, the campaign registry's two, the rate limits'
    // one, the staff accounts' one and the ingest tokens' one.
    expect(before).toEqual({ normal: 5, pubsub: 2 });
    for (const id of EXTRA) await node.pulse.campaigns.create(contractCampaign(id));
    await waitFor(() => EXTRA.every((id) => node.pulse.hub.get(id) !== undefined), 5_000, "the five campaigns running");
    expect(node.pulse.hub.all()).toHaveLength(1 + EXTRA.length);
    expect(await connections()).toEqual(before);
  });

  it("says degraded, then ok, on /healthz and to the clients of every campaign when Redis goes and comes back", async () => {
    const followers = [new LiveClient({ urls: [node.url] }), new LiveClient({ urls: [node.url], auth: { campaign: "extra-3" } })];
    clients.push(...followers);
    await Promise.all(followers.map((client) => client.ready()));
    expect(followers.map((client) => client.health)).toEqual(["ok", "ok"]);

    await redis.kill();
    await waitFor(() => followers.every((client) => client.health === "degraded"), 5_000, "health: degraded on both clients");
    expect((await request(node.url).get("/healthz")).body).toMatchObject({ status: "degraded", store: "redis" });

    redis = await startRedisServer({ port: redis.port });
    await waitFor(() => followers.every((client) => client.health === "ok"), 10_000, "health: ok on both clients");
    expect((await request(node.url).get("/healthz")).body).toMatchObject({ status: "ok", store: "redis" });
  });
});
