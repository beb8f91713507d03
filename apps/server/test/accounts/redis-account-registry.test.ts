import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { RedisAccountRegistry } from "../../src/accounts/redis-account-registry.js";
import { contractAccount, runAccountRegistryContract } from "./account-registry-contract.js";

const redisUrl = inject("redisUrl");
/** This run's share of Redis; every registry below lives under it and afterAll deletes it. */
const runPrefix = `pulse-test:${randomUUID()}:`;
let backings = 0;

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

runAccountRegistryContract("RedisAccountRegistry", () => {
  backings += 1;
  const keyPrefix = `${runPrefix}${backings}:`;
  return { open: () => new RedisAccountRegistry({ url: redisUrl, keyPrefix }), nodes: "live" };
});

describe("RedisAccountRegistry on Redis", () => {
  it("keeps its keys under the prefix, in one hash slot of their own", async () => {
    const keyPrefix = `${runPrefix}layout:`;
    const registry = new RedisAccountRegistry({ url: redisUrl, keyPrefix });
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      await registry.start();
      await registry.create(contractAccount("a"));
      expect((await client.keys(`${keyPrefix}*`)).sort()).toEqual([`${keyPrefix}{_accounts}:records`, `${keyPrefix}{_accounts}:usernames`]);
      expect(await client.hGet(`${keyPrefix}{_accounts}:usernames`, "user-a")).toBe("a");
      expect(JSON.parse((await client.hGet(`${keyPrefix}{_accounts}:records`, "a")) ?? "null")).toEqual(contractAccount("a"));
    } finally {
      await registry.close();
      await client.close();
    }
  });

  it("lets one of two nodes creating the same username at once win", async () => {
    const keyPrefix = `${runPrefix}race:`;
    const [a, b] = [new RedisAccountRegistry({ url: redisUrl, keyPrefix }), new RedisAccountRegistry({ url: redisUrl, keyPrefix })];
    try {
      await Promise.all([a.start(), b.start()]);
      const results = await Promise.allSettled([a.create(contractAccount("x", { username: "same" })), b.create(contractAccount("y", { username: "same" }))]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(await a.list()).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
