import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CAMPAIGNS_FILE, MemoryCampaignRegistry } from "../../src/campaigns/memory-campaign-registry.js";
import { contractCampaign, runCampaignRegistryContract } from "./campaign-registry-contract.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-campaigns-"));
let folders = 0;
const newFolder = (): string => path.join(dir, String((folders += 1)));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runCampaignRegistryContract("MemoryCampaignRegistry", () => {
  // In process only: a second registry is another, unrelated one.
  return { open: () => new MemoryCampaignRegistry(), nodes: "none" };
});

runCampaignRegistryContract("MemoryCampaignRegistry with DATA_DIR", () => {
  const dataDir = newFolder();
  return { open: () => new MemoryCampaignRegistry({ dataDir }), nodes: "restart" };
});

describe("MemoryCampaignRegistry's file", () => {
  it("writes DATA_DIR/campaigns.json whole, leaving no temporary file", async () => {
    const dataDir = newFolder();
    const registry = new MemoryCampaignRegistry({ dataDir, now: () => new Date("2026-02-20T10:00:00.000Z") });
    await registry.start(contractCampaign("seed"));
    await registry.create(contractCampaign("salon"));
    await registry.close();
    const saved: unknown = JSON.parse(readFileSync(path.join(dataDir, CAMPAIGNS_FILE), "utf8"));
    expect(saved).toEqual({
      format: 1,
      defaultId: "seed",
      records: [
        { campaign: contractCampaign("seed"), archived: false, version: 1, createdAt: "2026-02-20T10:00:00.000Z", updatedAt: "2026-02-20T10:00:00.000Z" },
        { campaign: contractCampaign("salon"), archived: false, version: 1, createdAt: "2026-02-20T10:00:00.000Z", updatedAt: "2026-02-20T10:00:00.000Z" },
      ],
    });
    expect(readFileSync(path.join(dataDir, CAMPAIGNS_FILE), "utf8")).not.toContain("\n");
  });

  it("refuses a damaged file with a message naming it", async () => {
    const dataDir = newFolder();
    const file = path.join(dataDir, CAMPAIGNS_FILE);
    const registry = new MemoryCampaignRegistry({ dataDir });
    await registry.start(contractCampaign("seed"));
    await registry.close();
    writeFileSync(file, "{ not json");
    await expect(new MemoryCampaignRegistry({ dataDir }).start(contractCampaign("seed"))).rejects.toThrow(`campaigns file ${file} is not JSON`);
    writeFileSync(file, JSON.stringify({ format: 1, defaultId: "seed", records: [{ campaign: { id: "seed" } }] }));
    await expect(new MemoryCampaignRegistry({ dataDir }).start(contractCampaign("seed"))).rejects.toThrow(
      `campaigns file ${file} is not a Pulse campaigns file: records.0.`,
    );
  });

  it("keeps the registry as the file holds it when a save fails", async () => {
    const dataDir = newFolder();
    const registry = new MemoryCampaignRegistry({ dataDir });
    await registry.start(contractCampaign("seed"));
    // A folder where the temporary file should go makes the next save fail.
    mkdirSync(path.join(dataDir, `${CAMPAIGNS_FILE}.${process.pid}.tmp`));
    await expect(registry.create(contractCampaign("lost"))).rejects.toThrow();
    expect(await registry.get("lost")).toBeUndefined();
    rmSync(path.join(dataDir, `${CAMPAIGNS_FILE}.${process.pid}.tmp`), { recursive: true });
    expect((await registry.create(contractCampaign("lost"))).version).toBe(1);
    await registry.close();
  });
});
