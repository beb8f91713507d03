import type { Logger } from "pino";
import type { Config } from "../config.js";
import { MemoryStore } from "./memory-store.js";
import { RedisStore } from "./redis-store.js";
import type { Store } from "./store.js";

/**
 * The store the configuration asks for: `RedisStore` when `REDIS_URL` is set (state shared by every node),
 * else the embedded `MemoryStore` (single node). `keyPrefix` lets tests share one Redis; default `pulse:`.
 */
export function createStore(config: Config, campaignId: string, logger?: Logger, keyPrefix?: string): Store {
  if (config.REDIS_URL) {
    return new RedisStore({ url: config.REDIS_URL, campaignId, keyPrefix, logger });
  }
  return new MemoryStore(campaignId, logger);
}
