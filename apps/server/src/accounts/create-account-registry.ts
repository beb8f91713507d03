import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { AccountRegistry } from "./account-registry.js";
import { MemoryAccountRegistry } from "./memory-account-registry.js";
import { RedisAccountRegistry } from "./redis-account-registry.js";

/**
 * The account registry the configuration asks for, as the campaign registry's: in Redis when `REDIS_URL` is set
 * (under `REDIS_KEY_PREFIX`, shared by every node), else in process, kept in `DATA_DIR/accounts.json`.
 */
export function createAccountRegistry(config: Config, logger?: Logger): AccountRegistry {
  if (config.REDIS_URL) return new RedisAccountRegistry({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  return new MemoryAccountRegistry({ dataDir: config.DATA_DIR });
}
