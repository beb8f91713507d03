/**
 * The one contract every `IngestTokenRegistry` is held to, as the account registry's is.
 * `memory-ingest-token-registry.test.ts` and `redis-ingest-token-registry.test.ts` run it.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { IngestTokenRegistryError, type IngestTokenRecord, type IngestTokenRegistry } from "../../src/tokens/ingest-token-registry.js";

/**
 * Where a test's registries keep their tokens. `open` makes a new registry on it, not started. `nodes`: what a
 * second registry opened on it is: `live`, another node that shares the tokens (Redis); `restart`, the same node
 * after a restart (DATA_DIR); `none`, an unrelated one.
 */
export interface IngestTokenBacking {
  open(): IngestTokenRegistry;
  nodes: "live" | "restart" | "none";
}

/** A token record of the contract; its digest is the SHA-256 of `secret-<id>`. */
export function contractToken(id: string, overrides: Partial<IngestTokenRecord> = {}): IngestTokenRecord {
  return {
    id,
    name: `Partner ${id}`,
    campaigns: ["salon-2026"],
    digest: createHash("sha256").update(`secret-${id}`).digest("hex"),
    createdAt: `2026-02-20T10:00:0${id.length % 10}.000Z`,
    createdBy: "admin",
    ...overrides,
  };
}

async function refusal(write: Promise<unknown>): Promise<IngestTokenRegistryError["reason"]> {
  const err: unknown = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof IngestTokenRegistryError)) throw new Error(`expected an IngestTokenRegistryError, got ${String(err)}`);
  return err.reason;
}

export function runIngestTokenRegistryContract(name: string, makeBacking: () => IngestTokenBacking): void {
  describe(`${name} (ingest token registry contract)`, () => {
    const opened: IngestTokenRegistry[] = [];
    let backing: IngestTokenBacking;
    const open = async (): Promise<IngestTokenRegistry> => {
      const registry = backing.open();
      opened.push(registry);
      await registry.start();
      return registry;
    };
    const fresh = async (): Promise<IngestTokenRegistry> => {
      backing = makeBacking();
      return open();
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((r) => r.close()));
    });

    it("starts empty, then finds a token by its digest, and lists them oldest first", async () => {
      const registry = await fresh();
      expect(await registry.list()).toEqual([]);
      expect(await registry.count()).toBe(0);
      const b = contractToken("b", { createdAt: "2026-02-20T10:00:02.000Z", campaigns: "all" });
      const a = contractToken("a", { createdAt: "2026-02-20T10:00:01.000Z" });
      expect(await registry.create(b)).toEqual(b);
      await registry.create(a);
      expect(await registry.byDigest(a.digest)).toEqual(a);
      expect(await registry.byDigest(b.digest)).toEqual(b);
      expect(await registry.byDigest(contractToken("nobody").digest)).toBeUndefined();
      expect((await registry.list()).map((r) => r.id)).toEqual(["a", "b"]);
      expect(await registry.count()).toBe(2);
    });

    it("refuses a token over the bound (full) and a digest or id already stored (conflict), changing nothing", async () => {
      const registry = await fresh();
      await registry.create(contractToken("a"), 2);
      await registry.create(contractToken("b"), 2);
      expect(await refusal(registry.create(contractToken("c"), 2))).toBe("full");
      expect(await refusal(registry.create(contractToken("x", { digest: contractToken("a").digest })))).toBe("conflict");
      expect(await refusal(registry.create(contractToken("a", { digest: contractToken("y").digest })))).toBe("conflict");
      expect(await registry.byDigest(contractToken("c").digest)).toBeUndefined();
      expect(await registry.byDigest(contractToken("y").digest)).toBeUndefined();
      expect(await registry.count()).toBe(2);
    });

    it("lets no more than the bound through when creates run at once", async () => {
      const registry = await fresh();
      const results = await Promise.allSettled(["a", "b", "c", "d", "e"].map((id) => registry.create(contractToken(id), 3)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
      expect(await registry.count()).toBe(3);
    });

    it("revokes a token: gone by its digest and from the list, with its last use; an unknown id answers undefined", async () => {
      const registry = await fresh();
      const a = contractToken("a");
      await registry.create(a);
      await registry.create(contractToken("b"));
      await registry.recordUses({ a: "2026-02-20T11:00:00.000Z", b: "2026-02-20T11:00:01.000Z" });
      expect(await registry.revoke("a")).toEqual(a);
      expect(await registry.byDigest(a.digest)).toBeUndefined();
      expect((await registry.list()).map((r) => r.id)).toEqual(["b"]);
      expect(await registry.lastUses()).toEqual({ b: "2026-02-20T11:00:01.000Z" });
      expect(await registry.revoke("a")).toBeUndefined();
      // Room again under the bound.
      await registry.create(contractToken("c"), 2);
    });

    it("keeps the latest use of each token, drops uses of unknown tokens, and keeps INGEST_TOKEN's", async () => {
      const registry = await fresh();
      await registry.create(contractToken("a"));
      await registry.recordUses({ a: "2026-02-20T11:00:05.000Z", ghost: "2026-02-20T11:00:00.000Z", INGEST_TOKEN: "2026-02-20T11:00:01.000Z" });
      await registry.recordUses({ a: "2026-02-20T11:00:02.000Z" });
      expect(await registry.lastUses()).toEqual({ a: "2026-02-20T11:00:05.000Z", INGEST_TOKEN: "2026-02-20T11:00:01.000Z" });
      await registry.recordUses({ a: "2026-02-20T11:00:09.000Z" });
      await registry.recordUses({});
      expect((await registry.lastUses()).a).toBe("2026-02-20T11:00:09.000Z");
    });

    it("shares its tokens with another node, or keeps them across a restart, as its backing says", async () => {
      const registry = await fresh();
      const a = contractToken("a");
      await registry.create(a);
      await registry.recordUses({ a: "2026-02-20T11:00:05.000Z" });
      if (backing.nodes === "restart") await registry.close();
      const other = await open();
      if (backing.nodes === "none") {
        expect(await other.byDigest(a.digest)).toBeUndefined();
        return;
      }
      expect(await other.byDigest(a.digest)).toEqual(a);
      expect(await other.lastUses()).toEqual({ a: "2026-02-20T11:00:05.000Z" });
      if (backing.nodes === "live") {
        // Latest wins across nodes; a revoke on one node is seen by the other at its next read.
        await other.recordUses({ a: "2026-02-20T11:00:03.000Z" });
        expect((await registry.lastUses()).a).toBe("2026-02-20T11:00:05.000Z");
        await other.revoke("a");
        expect(await registry.byDigest(a.digest)).toBeUndefined();
      }
    });
  });
}
