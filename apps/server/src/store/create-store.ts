import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { MemoryStore } from "./memory-store.js";
import { LockedMemoryStore } from "./locked-memory-store.js";
import { RedisStore, type RedisCommandObserver } from "./redis-store.js";
import type { Store } from "./store.js";

/**
 * The store the configuration asks for: `RedisStore` when `REDIS_URL` is set (state shared by every node),
 * else the embedded `MemoryStore` (single node). `REDIS_KEY_PREFIX` lets several deployments or test runs share one Redis.
 * `observer` is told the round trip of each Redis call (the embedded store makes none).
 */
export function createStore(config: Config, campaignId: string, logger?: Logger, observer?: RedisCommandObserver): Store {
  if (config.REDIS_URL) {
    return new RedisStore({
      url: config.REDIS_URL,
      campaignId,
      keyPrefix: config.REDIS_KEY_PREFIX,
      logger,
      observer,
      feedPerSecond: config.FEED_MAX_PER_SEC,
    });
  }
  if (!config.DATA_DIR.trim()) return new MemoryStore(campaignId, logger, undefined, config.FEED_MAX_PER_SEC);
  // One process per DATA_DIR: the store locks the folder at start (see LockedMemoryStore).
  const persistence = { file: path.resolve(config.DATA_DIR, `${campaignId}.state.json`), intervalMs: config.SAVE_INTERVAL_MS };
  return new LockedMemoryStore(config.DATA_DIR, campaignId, logger, persistence, config.FEED_MAX_PER_SEC);
}
