import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { IngestTokenRegistry } from "./ingest-token-registry.js";
import { MemoryIngestTokenRegistry } from "./memory-ingest-token-registry.js";
import { RedisIngestTokenRegistry } from "./redis-ingest-token-registry.js";

/**
 * The ingest token registry the configuration asks for, as the campaign registry's: in Redis (or through its
 * Sentinels) when configured, under `REDIS_KEY_PREFIX` and shared by every node, else in process, kept in
 * `DATA_DIR/ingest-tokens.json`.
 */
export function createIngestTokenRegistry(config: Config, logger?: Logger): IngestTokenRegistry {
  if (config.REDIS) return new RedisIngestTokenRegistry({ url: config.REDIS, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  return new MemoryIngestTokenRegistry({ dataDir: config.DATA_DIR });
}
