import { isDeepStrictEqual } from "node:util";
import type { Logger } from "pino";
import type { Campaign } from "@pulse/shared";
import type { Config } from "../config.js";
import type { CampaignRegistry } from "./campaign-registry.js";
import { MemoryCampaignRegistry } from "./memory-campaign-registry.js";
import { RedisCampaignRegistry } from "./redis-campaign-registry.js";

/**
 * The registry the configuration asks for, beside the store: in Redis when `REDIS_URL` is set (under
 * `REDIS_KEY_PREFIX`, shared by every node), else in process, kept in `DATA_DIR/campaigns.json`.
 */
export function createCampaignRegistry(config: Config, logger?: Logger): CampaignRegistry {
  if (config.REDIS) return new RedisCampaignRegistry({ url: config.REDIS, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  return new MemoryCampaignRegistry({ dataDir: config.DATA_DIR, logger });
}

/** What a node starts its registry with. */
export interface RegistryStart {
  /** The built-in campaign, or CAMPAIGN_FILE's: imported into an empty registry. */
  seed: Campaign;
  /**
   * The seed came from CAMPAIGN_FILE (or a caller): as in v1, the node runs it, imported or updated to the file's
   * definition when the registry holds another. The built-in campaign is only imported into an empty registry.
   */
  seedIsConfigured: boolean;
  /** `DEFAULT_CAMPAIGN`. */
  defaultId: string | undefined;
}

/** The campaign a node runs and the id it answers as the default. */
export interface RunningCampaign {
  campaign: Campaign;
  /** Set when the configuration chose the default (DEFAULT_CAMPAIGN, CAMPAIGN_FILE); else the registry's. */
  configuredDefault: string | undefined;
}

/**
 * Starts the registry (importing the seed into an empty one) and answers the campaign this node runs:
 * `DEFAULT_CAMPAIGN`'s, else a configured seed's, else the registry's default. Rejects, naming the stored ids,
 * when that campaign is not stored or is archived.
 */
export async function startRegistry(registry: CampaignRegistry, start: RegistryStart): Promise<RunningCampaign> {
  const { seed } = start;
  await registry.start(seed);
  if (start.seedIsConfigured) {
    const stored = await registry.get(seed.id);
    if (!stored) await registry.create(seed);
    else if (!isDeepStrictEqual(stored.campaign, seed)) await registry.update(seed);
  }
  const configuredDefault = start.defaultId ?? (start.seedIsConfigured ? seed.id : undefined);
  const id = configuredDefault ?? (await registry.defaultId());
  const record = await registry.get(id);
  if (record && !record.archived) return { campaign: record.campaign, configuredDefault };
  const stored = (await registry.list()).filter((r) => !r.archived).map((r) => r.campaign.id);
  const what = record ? "an archived campaign" : "no stored campaign";
  const named = start.defaultId ? `DEFAULT_CAMPAIGN=${id}` : `the default campaign id ${id}`;
  throw new Error(`${named} names ${what}; the campaigns are: ${stored.join(", ")}`);
}
