/**
 * The one contract every `CampaignRegistry` is held to, as `runStoreContract` is for stores.
 * `memory-campaign-registry.test.ts` and `redis-campaign-registry.test.ts` run it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import {
  CampaignRegistryError,
  type CampaignRecord,
  type CampaignRegistry,
  type CampaignRegistryListener,
} from "../../src/campaigns/campaign-registry.js";

/**
 * Where a test's registries keep their records. `open` makes a new registry on it, not started. `nodes`: what a
 * second registry opened on it is: `live`, another node that hears this one's writes (Redis); `restart`, the
 * same node after a restart, which reads what the first saved (DATA_DIR); `none`, an unrelated one.
 */
export interface RegistryBacking {
  open(): CampaignRegistry;
  nodes: "live" | "restart" | "none";
}

/** Makes a new, empty backing for one test. */
export type MakeBacking = () => RegistryBacking;

/** A campaign of the contract: the built-in one under another id and name. */
export function contractCampaign(id: string, overrides: Partial<Campaign> = {}): Campaign {
  return { ...builtInCampaign, id, name: `Campaign ${id}`, ...overrides };
}

/** Records what a subscriber hears. */
class Heard implements CampaignRegistryListener {
  readonly records: CampaignRecord[] = [];
  onCampaign(record: CampaignRecord): void {
    this.records.push(record);
  }
  /** The versions heard of one campaign, in order. */
  versions(id: string): number[] {
    return this.records.filter((r) => r.campaign.id === id).map((r) => r.version);
  }
}

async function refusal(write: Promise<unknown>): Promise<CampaignRegistryError["reason"]> {
  const err: unknown = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof CampaignRegistryError)) throw new Error(`expected a CampaignRegistryError, got ${String(err)}`);
  return err.reason;
}

export function runCampaignRegistryContract(name: string, makeBacking: MakeBacking): void {
  describe(`${name} (campaign registry contract)`, () => {
    const opened: CampaignRegistry[] = [];
    let backing: RegistryBacking;
    const open = (): CampaignRegistry => {
      const registry = backing.open();
      opened.push(registry);
      return registry;
    };
    /** A started registry on a new backing, seeded with `seed`. */
    const started = async (seed = contractCampaign("seed")): Promise<CampaignRegistry> => {
      backing = makeBacking();
      const registry = open();
      await registry.start(seed);
      return registry;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((r) => r.close()));
    });

    it("imports the seed on the first start of an empty registry, as the default", async () => {
      const seed = contractCampaign("seed");
      const registry = await started(seed);
      const records = await registry.list();
      expect(records).toEqual([{ campaign: seed, archived: false, version: 1, createdAt: expect.any(String), updatedAt: records[0]?.createdAt }]);
      expect(await registry.get("seed")).toEqual(records[0]);
      expect(await registry.defaultId()).toBe("seed");
    });

    it("imports the seed only when empty: a second start keeps the records and the default", async () => {
      const registry = await started(contractCampaign("seed"));
      await registry.create(contractCampaign("other"));
      await registry.start(contractCampaign("another-seed"));
      expect((await registry.list()).map((r) => r.campaign.id)).toEqual(["seed", "other"]);
      if (backing.nodes === "none") return;
      if (backing.nodes === "restart") await registry.close();
      const next = open();
      await next.start(contractCampaign("another-seed"));
      expect((await next.list()).map((r) => r.campaign.id)).toEqual(["seed", "other"]);
      expect(await next.defaultId()).toBe("seed");
    });

    it("creates a campaign, and refuses a taken id with conflict, changing nothing", async () => {
      const registry = await started();
      const created = await registry.create(contractCampaign("salon-2026"));
      expect(created).toMatchObject({ campaign: contractCampaign("salon-2026"), archived: false, version: 1 });
      expect(await registry.get("salon-2026")).toEqual(created);
      expect(await refusal(registry.create(contractCampaign("salon-2026", { name: "Another" })))).toBe("conflict");
      expect(await refusal(registry.create(contractCampaign("seed", { name: "Another" })))).toBe("conflict");
      expect(await registry.get("salon-2026")).toEqual(created);
      expect((await registry.get("seed"))?.campaign.name).toBe("Campaign seed");
      expect(await registry.get("nothing")).toBeUndefined();
    });

    it("lists every record, oldest first, archived ones included", async () => {
      const registry = await started();
      for (const id of ["c-3", "c-1", "c-2"]) await registry.create(contractCampaign(id));
      await registry.setArchived("c-1", true);
      const records = await registry.list();
      expect(records.map((r) => [r.campaign.id, r.archived])).toEqual([
        ["seed", false],
        ["c-3", false],
        ["c-1", true],
        ["c-2", false],
      ]);
    });

    it("keeps a campaign as given, empty lists and optional fields included", async () => {
      const registry = await started();
      const { notes: _notes, brand: _brand, goal: _goal, ...bare } = contractCampaign("bare", {
        hashtags: [{ tag: "bare", country: "FR" }],
        organizations: [{ id: "no-handles", name: "No handles", country: "FR", kind: "company", handles: {} }],
      });
      await registry.create(bare);
      await registry.update({ ...bare, name: "Bare, edited" });
      expect((await registry.get("bare"))?.campaign).toEqual({ ...bare, name: "Bare, edited" });
    });

    it("updates a campaign, bumping its version and keeping its creation time; unknown ids are not_found", async () => {
      const registry = await started();
      const created = await registry.create(contractCampaign("edit-me"));
      const updated = await registry.update(contractCampaign("edit-me", { name: "Edited" }));
      expect(updated).toMatchObject({ campaign: { name: "Edited" }, version: 2, archived: false, createdAt: created.createdAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect((await registry.update(contractCampaign("edit-me", { name: "Again" }))).version).toBe(3);
      expect(await registry.get("edit-me")).toMatchObject({ version: 3, campaign: { name: "Again" } });
      expect(await refusal(registry.update(contractCampaign("nothing")))).toBe("not_found");
      expect(await registry.get("nothing")).toBeUndefined();
    });

    it("archives and unarchives; setting the state it has changes nothing; unknown ids are not_found", async () => {
      const registry = await started();
      await registry.create(contractCampaign("old"));
      const archived = await registry.setArchived("old", true);
      expect(archived).toMatchObject({ archived: true, version: 2, campaign: contractCampaign("old") });
      expect(await registry.setArchived("old", true)).toEqual(archived);
      const back = await registry.setArchived("old", false);
      expect(back).toMatchObject({ archived: false, version: 3, campaign: contractCampaign("old") });
      expect(await registry.setArchived("old", false)).toEqual(back);
      expect(await registry.get("old")).toEqual(back);
      expect(await refusal(registry.setArchived("nothing", true))).toBe("not_found");
    });

    it("an update keeps the archived flag", async () => {
      const registry = await started();
      await registry.create(contractCampaign("shelved"));
      await registry.setArchived("shelved", true);
      expect(await registry.update(contractCampaign("shelved", { name: "Shelved, edited" }))).toMatchObject({ archived: true, version: 3 });
    });

    it("tells its subscribers of every write, once each, and no more after they unsubscribe", async () => {
      const registry = await started();
      const heard = new Heard();
      const unsubscribe = await registry.subscribe(heard);
      await registry.create(contractCampaign("told"));
      await registry.update(contractCampaign("told", { name: "Told twice" }));
      await registry.setArchived("told", true);
      await registry.setArchived("told", true);
      await registry.setArchived("told", false);
      await waitFor(() => heard.versions("told").length >= 4, 5000, "four writes heard");
      expect(heard.versions("told")).toEqual([1, 2, 3, 4]);
      expect(heard.records.at(-1)).toEqual(await registry.get("told"));
      unsubscribe();
      await registry.create(contractCampaign("untold"));
      // Another write after it, heard by a fresh subscriber: writes are told in order, so by then the first one
      // would have heard "untold" too. The fresh one may hear "untold" as well (Redis tells it after the write answers).
      const later = new Heard();
      await registry.subscribe(later);
      await registry.create(contractCampaign("marker"));
      await waitFor(() => later.versions("marker").length === 1, 5000, "the marker heard");
      expect(heard.records.map((r) => r.campaign.id)).not.toContain("untold");
    });

    it("a subscriber on another node hears every write, and that node reads the same records", async (ctx) => {
      const registry = await started();
      if (backing.nodes !== "live") return ctx.skip();
      const other = open();
      await other.start(contractCampaign("ignored-seed"));
      const heard = new Heard();
      await other.subscribe(heard);
      await registry.create(contractCampaign("shared"));
      await registry.update(contractCampaign("shared", { name: "Shared, edited" }));
      await registry.setArchived("shared", true);
      await waitFor(() => heard.versions("shared").length === 3, 5000, "the other node hears three writes");
      expect(heard.versions("shared")).toEqual([1, 2, 3]);
      expect(await other.get("shared")).toEqual(await registry.get("shared"));
      expect(await other.list()).toEqual(await registry.list());
      expect(await other.defaultId()).toBe("seed");
      // And the other way round: a write on the other node conflicts here.
      await other.create(contractCampaign("from-other"));
      expect(await refusal(registry.create(contractCampaign("from-other")))).toBe("conflict");
    });

    it("holds every record after a restart", async (ctx) => {
      const registry = await started();
      if (backing.nodes === "none") return ctx.skip();
      await registry.create(contractCampaign("kept"));
      await registry.update(contractCampaign("kept", { name: "Kept, edited" }));
      await registry.setArchived("kept", true);
      const before = await registry.list();
      await registry.close();
      const next = open();
      await next.start(contractCampaign("ignored-seed"));
      expect(await next.list()).toEqual(before);
      expect(await next.defaultId()).toBe("seed");
    });
  });
}
