import { afterEach, describe, expect, it } from "vitest";
import { builtInCampaign } from "@pulse/shared";
import { MemoryCampaignRegistry } from "../../src/campaigns/memory-campaign-registry.js";
import { startRegistry } from "../../src/campaigns/create-campaign-registry.js";
import { contractCampaign } from "./campaign-registry-contract.js";

describe("startRegistry: the campaign a node runs", () => {
  let registry: MemoryCampaignRegistry;
  afterEach(async () => {
    await registry.close();
  });

  it("imports the built-in campaign into an empty registry and runs the registry's default", async () => {
    registry = new MemoryCampaignRegistry();
    expect(await startRegistry(registry, { seed: builtInCampaign, seedIsConfigured: false, defaultId: undefined })).toEqual({
      campaign: builtInCampaign,
      configuredDefault: undefined,
    });
  });

  it("only imports the built-in campaign into an empty registry: otherwise the registry's default runs", async () => {
    registry = new MemoryCampaignRegistry();
    await registry.start(contractCampaign("stored"));
    const running = await startRegistry(registry, { seed: builtInCampaign, seedIsConfigured: false, defaultId: undefined });
    expect(running.campaign.id).toBe("stored");
    expect(await registry.get(builtInCampaign.id)).toBeUndefined();
  });

  it("runs a CAMPAIGN_FILE as in v1: imported when new, updated when it differs, untouched when the same", async () => {
    registry = new MemoryCampaignRegistry();
    await registry.start(contractCampaign("stored"));
    const file = contractCampaign("from-file");
    expect(await startRegistry(registry, { seed: file, seedIsConfigured: true, defaultId: undefined })).toEqual({
      campaign: file,
      configuredDefault: "from-file",
    });
    expect(await registry.get("from-file")).toMatchObject({ version: 1 });
    await startRegistry(registry, { seed: file, seedIsConfigured: true, defaultId: undefined });
    expect(await registry.get("from-file")).toMatchObject({ version: 1 });
    const edited = contractCampaign("from-file", { name: "Edited in the file" });
    expect((await startRegistry(registry, { seed: edited, seedIsConfigured: true, defaultId: undefined })).campaign).toEqual(edited);
    expect(await registry.get("from-file")).toMatchObject({ version: 2, campaign: edited });
    expect(await registry.defaultId()).toBe("stored");
  });

  it("runs DEFAULT_CAMPAIGN's campaign, and refuses one not stored or archived, naming the campaigns", async () => {
    registry = new MemoryCampaignRegistry();
    await registry.start(contractCampaign("stored"));
    await registry.create(contractCampaign("chosen"));
    await registry.create(contractCampaign("shelved"));
    await registry.setArchived("shelved", true);
    const start = (defaultId: string) => startRegistry(registry, { seed: builtInCampaign, seedIsConfigured: false, defaultId });
    expect(await start("chosen")).toEqual({ campaign: contractCampaign("chosen"), configuredDefault: "chosen" });
    await expect(start("nothing")).rejects.toThrow("DEFAULT_CAMPAIGN=nothing names no stored campaign; the campaigns are: stored, chosen");
    await expect(start("shelved")).rejects.toThrow("DEFAULT_CAMPAIGN=shelved names an archived campaign; the campaigns are: stored, chosen");
  });
});
