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
  if (config.REDIS_URL) return new RedisCampaignRegistry({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  return new MemoryCampaignRegistry({ dataDir: config.DATA_DIR, logger });
}

/**
 * Starts the registry (importing `seed` into an empty one) and answers the campaign this node runs: the one
 * `DEFAULT_CAMPAIGN` names, else the registry's default. Rejects, naming the stored ids, when that campaign is not
 * stored or is archived.
 */
export async function startRegistry(registry: CampaignRegistry, seed: Campaign, configuredDefault: string | undefined): Promise<Campaign> {
  await registry.start(seed);
  const id = configuredDefault ?? (await registry.defaultId());
  const record = await registry.get(id);
  if (record && !record.archived) return record.campaign;
  const stored = (await registry.list()).filter((r) => !r.archived).map((r) => r.campaign.id);
  const what = record ? "an archived campaign" : "no stored campaign";
  const named = configuredDefault ? `DEFAULT_CAMPAIGN=${id}` : `the default campaign id ${id}`;
  throw new Error(`${named} names ${what}; the campaigns are: ${stored.join(", ")}`);
}
