import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { RedisIngestTokenRegistry } from "../../src/tokens/redis-ingest-token-registry.js";
import { contractToken, runIngestTokenRegistryContract } from "./ingest-token-registry-contract.js";

const redisUrl = inject("redisUrl");
/** This run's share of Redis; every registry below lives under it and afterAll deletes it. */
const runPrefix = `pulse-test:${randomUUID()}:`;
let backings = 0;

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

runIngestTokenRegistryContract("RedisIngestTokenRegistry", () => {
  backings += 1;
  const keyPrefix = `${runPrefix}${backings}:`;
  return { open: () => new RedisIngestTokenRegistry({ url: redisUrl, keyPrefix }), nodes: "live" };
});

describe("RedisIngestTokenRegistry on Redis", () => {
  it("keeps its keys under the prefix, in one hash slot of their own, with digests and no secret, and nothing left after a revoke", async () => {
    const keyPrefix = `${runPrefix}layout:`;
    const registry = new RedisIngestTokenRegistry({ url: redisUrl, keyPrefix });
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      await registry.start();
      const a = contractToken("a");
      await registry.create(a);
      await registry.recordUses({ a: "2026-02-20T11:00:00.000Z" });
      const base = `${keyPrefix}{_ingest_tokens}:`;
      expect((await client.keys(`${keyPrefix}*`)).sort()).toEqual([`${base}digests`, `${base}last_used`, `${base}records`]);
      expect(await client.hGetAll(`${base}digests`)).toEqual({ [a.digest]: "a" });
      expect(JSON.parse((await client.hGet(`${base}records`, "a")) ?? "null")).toEqual(a);
      expect(JSON.stringify(await client.hGetAll(`${base}records`))).not.toContain("secret-a");
      // A revoke leaves nothing behind: no digest, no last use.
      await registry.revoke("a");
      expect(await client.keys(`${keyPrefix}*`)).toEqual([]);
    } finally {
      await registry.close();
      await client.close();
    }
  });
});
