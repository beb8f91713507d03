/**
 * The one contract every `AccountRegistry` is held to, as the campaign registry's is.
 * `memory-account-registry.test.ts` and `redis-account-registry.test.ts` run it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AccountRegistryError, type AccountRecord, type AccountRegistry } from "../../src/accounts/account-registry.js";

/**
 * Where a test's registries keep their accounts. `open` makes a new registry on it, not started. `nodes`: what a
 * second registry opened on it is: `live`, another node that shares the accounts (Redis); `restart`, the same
 * node after a restart (DATA_DIR); `none`, an unrelated one.
 */
export interface AccountBacking {
  open(): AccountRegistry;
  nodes: "live" | "restart" | "none";
}

/** An account record of the contract. */
export function contractAccount(id: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    username: `user-${id}`,
    displayName: `User ${id}`,
    role: "moderator",
    disabled: false,
    passwordHash: "$2b$04$abcdefghijklmnopqrstuv0123456789012345678901234567890",
    sessionGen: 0,
    version: 1,
    createdAt: `2026-02-20T10:00:0${id.length % 10}.000Z`,
    updatedAt: "2026-02-20T10:00:00.000Z",
    ...overrides,
  };
}

async function refusal(write: Promise<unknown>): Promise<AccountRegistryError["reason"]> {
  const err: unknown = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AccountRegistryError)) throw new Error(`expected an AccountRegistryError, got ${String(err)}`);
  return err.reason;
}

export function runAccountRegistryContract(name: string, makeBacking: () => AccountBacking): void {
  describe(`${name} (account registry contract)`, () => {
    const opened: AccountRegistry[] = [];
    let backing: AccountBacking;
    const open = async (): Promise<AccountRegistry> => {
      const registry = backing.open();
      opened.push(registry);
      await registry.start();
      return registry;
    };
    const fresh = async (): Promise<AccountRegistry> => {
      backing = makeBacking();
      return open();
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((r) => r.close()));
    });

    it("starts empty, then finds an account by id and by username, and lists them oldest first", async () => {
      const registry = await fresh();
      expect(await registry.list()).toEqual([]);
      const b = contractAccount("b", { createdAt: "2026-02-20T10:00:02.000Z" });
      const a = contractAccount("a", { createdAt: "2026-02-20T10:00:01.000Z" });
      expect(await registry.create(a)).toEqual(a);
      await registry.create(b);
      expect(await registry.get("a")).toEqual(a);
      expect(await registry.byUsername("user-b")).toEqual(b);
      expect(await registry.get("nobody")).toBeUndefined();
      expect(await registry.byUsername("nobody")).toBeUndefined();
      expect((await registry.list()).map((r) => r.id)).toEqual(["a", "b"]);
    });

    it("refuses a taken username (conflict) and an unknown id (not_found), changing nothing", async () => {
      const registry = await fresh();
      await registry.create(contractAccount("a"));
      expect(await refusal(registry.create(contractAccount("other", { username: "user-a" })))).toBe("conflict");
      expect(await registry.get("other")).toBeUndefined();
      expect(await refusal(registry.update("nobody", (old) => old))).toBe("not_found");
      expect(await registry.list()).toHaveLength(1);
    });

    it("updates by what the change makes of the stored record, one version more, keeping the id", async () => {
      const registry = await fresh();
      await registry.create(contractAccount("a"));
      const updated = await registry.update("a", (old) => ({ ...old, id: "ignored", role: "viewer", disabled: true, sessionGen: old.sessionGen + 1 }));
      expect(updated).toMatchObject({ id: "a", role: "viewer", disabled: true, sessionGen: 1, version: 2 });
      expect(await registry.get("a")).toEqual(updated);
      expect(await registry.byUsername("user-a")).toEqual(updated);
    });

    it("loses no write when two updates run at once", async () => {
      const registry = await fresh();
      await registry.create(contractAccount("a"));
      await Promise.all([
        registry.update("a", (old) => ({ ...old, sessionGen: old.sessionGen + 1 })),
        registry.update("a", (old) => ({ ...old, sessionGen: old.sessionGen + 1 })),
        registry.update("a", (old) => ({ ...old, sessionGen: old.sessionGen + 1 })),
      ]);
      expect(await registry.get("a")).toMatchObject({ sessionGen: 3, version: 4 });
    });

    it("shares its accounts with another node, or keeps them across a restart, as its backing says", async () => {
      const registry = await fresh();
      await registry.create(contractAccount("a"));
      await registry.update("a", (old) => ({ ...old, disabled: true }));
      if (backing.nodes === "restart") await registry.close();
      const other = await open();
      const expected = backing.nodes === "none" ? undefined : { ...contractAccount("a"), disabled: true, version: 2 };
      expect(await other.get("a")).toEqual(expected);
      if (backing.nodes === "live") {
        // A name taken on one node is taken on every node.
        expect(await refusal(other.create(contractAccount("b", { username: "user-a" })))).toBe("conflict");
        await other.update("a", (old) => ({ ...old, role: "admin" }));
        expect(await registry.get("a")).toMatchObject({ role: "admin", version: 3 });
      }
    });
  });
}
