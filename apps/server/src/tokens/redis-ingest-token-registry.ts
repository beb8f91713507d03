import type { Logger } from "pino";
import { MAX_INGEST_TOKENS } from "@pulse/shared";
import { stringScript } from "../accounts/redis-account-registry.js";
import { answeredWithin, closeClient, createGuardedClient, RedisGuard, type RedisTarget } from "../store/guarded-redis.js";
import { StoreUnavailableError } from "../store/store.js";
import { IngestTokenRecordSchema, IngestTokenRegistryError, type IngestTokenRecord, type IngestTokenRegistry } from "./ingest-token-registry.js";

/**
 * Creates a token if there are fewer than the bound and its digest is new. KEYS: records (id → JSON), digests
 * (digest → id). ARGV: id, digest, JSON, max. Answers `ok`, `full` or `conflict`.
 */
const CREATE_SCRIPT = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 'full' end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'conflict' end
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1]) == 0 then return 'conflict' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
`;

/** Removes a token, its digest and its last use. KEYS: records, digests, last uses. ARGV: id. Answers the removed JSON, or ''. */
const REVOKE_SCRIPT = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return '' end
redis.call('HDEL', KEYS[2], cjson.decode(json).digest)
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return json
`;

/**
 * Records last uses, the latest of each winning (ISO times compare as strings). KEYS: records, last uses. ARGV: id,
 * time, id, time… A revoked token's use is dropped, so the hash holds no more than the tokens do. Answers `ok`.
 */
const RECORD_USES_SCRIPT = `
for i = 1, #ARGV, 2 do
  local id, at = ARGV[i], ARGV[i + 1]
  if id == 'INGEST_TOKEN' or redis.call('HEXISTS', KEYS[1], id) == 1 then
    local old = redis.call('HGET', KEYS[2], id)
    if not old or old < at then redis.call('HSET', KEYS[2], id, at) end
  end
end
return 'ok'
`;

/** Options of a `RedisIngestTokenRegistry`. */
export interface RedisIngestTokenRegistryOptions {
  url: RedisTarget;
  /** The stores' `REDIS_KEY_PREFIX`; default `pulse:`. */
  keyPrefix?: string;
  logger?: Logger;
  /** How long a command may take before Redis counts as stalled; default 2 s, as the store. */
  commandTimeoutMs?: number;
  /** How long `start` waits for Redis; default 5 s, as the store. */
  startTimeoutMs?: number;
}

/**
 * The ingest tokens every node shares, in Redis beside the staff accounts. Keys, under `REDIS_KEY_PREFIX`, in one
 * hash slot: `{_ingest_tokens}:records` (hash: id → record JSON, with the secret's digest, never the secret),
 * `{_ingest_tokens}:digests` (hash: digest → id) and `{_ingest_tokens}:last_used` (hash: id → ISO time).
 */
export class RedisIngestTokenRegistry implements IngestTokenRegistry {
  readonly #recordsKey: string;
  readonly #digestsKey: string;
  readonly #lastUsedKey: string;
  readonly #client;
  readonly #guard: RedisGuard<"ingest_tokens_read" | "ingest_tokens_write">;
  readonly #startTimeoutMs: number;
  #connected: Promise<unknown> | undefined;

  constructor(options: RedisIngestTokenRegistryOptions) {
    const base = `${options.keyPrefix ?? "pulse:"}{_ingest_tokens}:`;
    this.#recordsKey = `${base}records`;
    this.#digestsKey = `${base}digests`;
    this.#lastUsedKey = `${base}last_used`;
    this.#startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.#client = createGuardedClient(options.url, {
      pulseIngestTokenCreate: stringScript(2, CREATE_SCRIPT),
      pulseIngestTokenRevoke: stringScript(3, REVOKE_SCRIPT),
      pulseIngestTokenUses: stringScript(2, RECORD_USES_SCRIPT),
    });
    this.#guard = new RedisGuard({
      client: this.#client,
      timeoutMs: options.commandTimeoutMs ?? 2000,
      unavailable: (reason) => new StoreUnavailableError(`Redis ${reason}: ingest tokens cannot be read or saved`),
    });
    this.#client.on("error", (err: unknown) => options.logger?.debug({ err }, "ingest tokens: Redis connection error"));
  }

  async start(): Promise<void> {
    this.#connected ??= this.#client.connect();
    await answeredWithin(this.#connected, this.#startTimeoutMs, () => new StoreUnavailableError("Redis does not answer: ingest tokens cannot be read"));
  }

  async list(): Promise<IngestTokenRecord[]> {
    const all = await this.#guard.run("ingest_tokens_read", () => this.#client.hGetAll(this.#recordsKey));
    return Object.values(all)
      .map((json) => this.#decode(json))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  count(): Promise<number> {
    return this.#guard.run("ingest_tokens_read", () => this.#client.hLen(this.#recordsKey));
  }

  async byDigest(digest: string): Promise<IngestTokenRecord | undefined> {
    const id = await this.#guard.run("ingest_tokens_read", () => this.#client.hGet(this.#digestsKey, digest));
    if (!id) return undefined;
    const json = await this.#guard.run("ingest_tokens_read", () => this.#client.hGet(this.#recordsKey, id));
    return json ? this.#decode(json) : undefined;
  }

  async create(record: IngestTokenRecord, max: number = MAX_INGEST_TOKENS): Promise<IngestTokenRecord> {
    const outcome = await this.#guard.run("ingest_tokens_write", () =>
      this.#client.pulseIngestTokenCreate([this.#recordsKey, this.#digestsKey], [record.id, record.digest, JSON.stringify(record), String(max)]),
    );
    if (outcome === "full") throw IngestTokenRegistryError.full(max);
    if (outcome === "conflict") throw IngestTokenRegistryError.conflict(record.id);
    return record;
  }

  async revoke(id: string): Promise<IngestTokenRecord | undefined> {
    const json = await this.#guard.run("ingest_tokens_write", () =>
      this.#client.pulseIngestTokenRevoke([this.#recordsKey, this.#digestsKey, this.#lastUsedKey], [id]),
    );
    return json ? this.#decode(json) : undefined;
  }

  lastUses(): Promise<Record<string, string>> {
    return this.#guard.run("ingest_tokens_read", () => this.#client.hGetAll(this.#lastUsedKey));
  }

  async recordUses(uses: Record<string, string>): Promise<void> {
    const args = Object.entries(uses).flat();
    if (args.length === 0) return;
    await this.#guard.run("ingest_tokens_write", () => this.#client.pulseIngestTokenUses([this.#recordsKey, this.#lastUsedKey], args));
  }

  async close(): Promise<void> {
    this.#guard.stop();
    await closeClient(this.#client);
  }

  #decode(json: string): IngestTokenRecord {
    return IngestTokenRecordSchema.parse(JSON.parse(json));
  }
}
