import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { RedisCampaignRegistry } from "../../src/campaigns/redis-campaign-registry.js";
import { contractCampaign, runCampaignRegistryContract } from "./campaign-registry-contract.js";

const redisUrl = inject("redisUrl");
/** This run's share of Redis; every registry below lives under it and afterAll deletes it. */
const runPrefix = `pulse-test:${randomUUID()}:`;
let backings = 0;

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

runCampaignRegistryContract("RedisCampaignRegistry", () => {
  backings += 1;
  const keyPrefix = `${runPrefix}${backings}:`;
  return { open: () => new RedisCampaignRegistry({ url: redisUrl, keyPrefix }), nodes: "live" };
});

describe("RedisCampaignRegistry on Redis", () => {
  it("keeps its keys under the prefix, in one hash slot apart from every campaign's, records as JSON", async () => {
    const keyPrefix = `${runPrefix}layout:`;
    const registry = new RedisCampaignRegistry({ url: redisUrl, keyPrefix, now: () => new Date("2026-02-20T10:00:00.000Z") });
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      await registry.start(contractCampaign("seed"));
      expect(registry.channel).toBe(`${keyPrefix}{_campaigns}:changes`);
      expect((await client.keys(`${keyPrefix}*`)).sort()).toEqual(
        [`${keyPrefix}{_campaigns}:default`, `${keyPrefix}{_campaigns}:order`, `${keyPrefix}{_campaigns}:records`].sort(),
      );
      expect(await client.get(`${keyPrefix}{_campaigns}:default`)).toBe("seed");
      const stored = await client.hGet(`${keyPrefix}{_campaigns}:records`, "seed");
      expect(JSON.parse(stored ?? "null")).toEqual({
        archived: false,
        version: 1,
        createdAt: "2026-02-20T10:00:00.000Z",
        updatedAt: "2026-02-20T10:00:00.000Z",
        campaign: contractCampaign("seed"),
      });
    } finally {
      await registry.close();
      await client.close();
    }
  });

  it("seeds once when many nodes start at once on an empty Redis", async () => {
    const keyPrefix = `${runPrefix}race:`;
    const nodes = ["a", "b", "c", "d"].map(() => new RedisCampaignRegistry({ url: redisUrl, keyPrefix }));
    try {
      await Promise.all(nodes.map((node, i) => node.start(contractCampaign(`seed-${i}`))));
      const lists = await Promise.all(nodes.map((node) => node.list()));
      expect(lists.every((list) => list.length === 1)).toBe(true);
      const ids = await Promise.all(nodes.map((node) => node.defaultId()));
      expect(new Set(ids).size).toBe(1);
      expect(lists[0]?.[0]?.campaign.id).toBe(ids[0]);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  it("lets one of two nodes creating the same id at once win; the other gets conflict", async () => {
    const keyPrefix = `${runPrefix}create-race:`;
    const [a, b] = [new RedisCampaignRegistry({ url: redisUrl, keyPrefix }), new RedisCampaignRegistry({ url: redisUrl, keyPrefix })];
    try {
      await Promise.all([a.start(contractCampaign("seed")), b.start(contractCampaign("seed"))]);
      const results = await Promise.allSettled([a.create(contractCampaign("same", { name: "A" })), b.create(contractCampaign("same", { name: "B" }))]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const winner = results.find((r) => r.status === "fulfilled");
      expect(await a.get("same")).toEqual(winner?.status === "fulfilled" ? winner.value : undefined);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
