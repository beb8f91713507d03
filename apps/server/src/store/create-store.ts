import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { MemoryStore } from "./memory-store.js";
import { LockedMemoryStore } from "./locked-memory-store.js";
import { RedisStore, RedisStoreConnection, type RedisCommandObserver } from "./redis-store.js";
import type { Store } from "./store.js";

/** Options of `createStore`. */
export interface CreateStoreOptions {
  /**
   * The caller holds DATA_DIR's lock (`lockDataDirOrExit`) for the whole process, as a node running several
   * campaigns does: the embedded store then leaves the lock alone, since a second lock in one process is refused.
   */
  dataDirLocked?: boolean;
  /** The node's Redis connection (`createStoreConnection`), shared by every campaign's store; without it a Redis store opens its own. */
  connection?: RedisStoreConnection;
  /** The live feed's pace (the campaign's `feedPace`); default the node's `FEED_MAX_PER_SEC`. */
  feedPerSecond?: number;
}

/**
 * With Redis (`REDIS_URL` or `REDIS_SENTINELS`), the Redis connection every campaign's store on the node shares (one command client, one
 * subscriber, whatever the number of campaigns); the node closes it after the stores. Undefined for the embedded store.
 * `observer` is told the round trip of each Redis call.
 */
export function createStoreConnection(config: Config, logger?: Logger, observer?: RedisCommandObserver): RedisStoreConnection | undefined {
  return config.REDIS ? new RedisStoreConnection({ url: config.REDIS, logger, observer, waitReplicas: config.REDIS_WAIT_REPLICAS, waitTimeoutMs: config.REDIS_WAIT_TIMEOUT_MS }) : undefined;
}

/** True when `createStore` makes embedded stores kept in DATA_DIR, whose folder one process must hold. */
export function usesDataDir(config: Config): boolean {
  return !config.REDIS && config.DATA_DIR.trim() !== "";
}

/**
 * The store the configuration asks for: `RedisStore` when `REDIS_URL` or `REDIS_SENTINELS` is set (state shared by every node),
 * else the embedded `MemoryStore` (single node). `REDIS_KEY_PREFIX` lets several deployments or test runs share one Redis.
 * `observer` is told the round trip of each Redis call of a store with its own connection (the embedded store makes none).
 */
export function createStore(
  config: Config,
  campaignId: string,
  logger?: Logger,
  observer?: RedisCommandObserver,
  options: CreateStoreOptions = {},
): Store {
  const feedPerSecond = options.feedPerSecond ?? config.FEED_MAX_PER_SEC;
  if (config.REDIS) {
    return new RedisStore({
      ...(options.connection
        ? { connection: options.connection }
        : { url: config.REDIS, observer, waitReplicas: config.REDIS_WAIT_REPLICAS, waitTimeoutMs: config.REDIS_WAIT_TIMEOUT_MS }),
      campaignId,
      keyPrefix: config.REDIS_KEY_PREFIX,
      logger,
      feedPerSecond,
    });
  }
  if (!config.DATA_DIR.trim()) return new MemoryStore(campaignId, logger, undefined, feedPerSecond);
  const persistence = { file: path.resolve(config.DATA_DIR, `${campaignId}.state.json`), intervalMs: config.SAVE_INTERVAL_MS };
  if (options.dataDirLocked) return new MemoryStore(campaignId, logger, persistence, feedPerSecond);
  // One process per DATA_DIR: the store locks the folder at start (see LockedMemoryStore).
  return new LockedMemoryStore(config.DATA_DIR, campaignId, logger, persistence, feedPerSecond);
}
