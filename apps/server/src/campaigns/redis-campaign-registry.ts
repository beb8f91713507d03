import type { Logger } from "pino";
import { defineScript, type CommandParser } from "redis";
import type { Campaign } from "@pulse/shared";
import { answeredWithin, closeClient, createGuardedClient, duplicateSubscriber, RedisGuard, type RedisTarget } from "../store/guarded-redis.js";
import { StoreUnavailableError } from "../store/store.js";
import {
  CampaignRecordSchema,
  CampaignRegistryError,
  RegistryListeners,
  type CampaignRecord,
  type CampaignRegistry,
  type CampaignRegistryListener,
} from "./campaign-registry.js";

/**
 * Every write, in one script so it is atomic and its notice is published with it. A record is stored as
 * `{"archived":…,"version":…,"createdAt":…,"updatedAt":…,"campaign":{…}}`, campaign last: the script copies the
 * campaign's JSON as it came (cjson would turn an empty list into `{}`), and finds it after the first
 * `,"campaign":`, which the plain values before it cannot hold.
 *
 * KEYS: the records hash (id → record), the default id, the ids in order of creation. ARGV: op (seed, create, update, archive), id, the
 * campaign's JSON (seed, create, update) or "1"/"0" (archive), the time, the channel.
 * Answers `{ outcome, record }`: outcome ok, same (nothing to change), conflict, not_found or seeded-already.
 */
export const REGISTRY_WRITE_SCRIPT = `
local op, id, arg, now, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local function encode(archived, version, createdAt, campaign)
  return '{"archived":' .. (archived and 'true' or 'false') .. ',"version":' .. string.format('%d', version) ..
    ',"createdAt":' .. cjson.encode(createdAt) .. ',"updatedAt":' .. cjson.encode(now) .. ',"campaign":' .. campaign .. '}'
end
local function commit(record, new)
  redis.call('HSET', KEYS[1], id, record)
  if new then redis.call('RPUSH', KEYS[3], id) end
  redis.call('PUBLISH', channel, record)
  return {'ok', record}
end
if op == 'seed' then
  if redis.call('HLEN', KEYS[1]) > 0 then return {'seeded-already', ''} end
  redis.call('SET', KEYS[2], id)
  return commit(encode(false, 1, now, arg), true)
end
if op == 'create' then
  if redis.call('HEXISTS', KEYS[1], id) == 1 then return {'conflict', ''} end
  return commit(encode(false, 1, now, arg), true)
end
local old = redis.call('HGET', KEYS[1], id)
if not old then return {'not_found', ''} end
local at = string.find(old, ',"campaign":', 1, true)
local head = cjson.decode(string.sub(old, 1, at - 1) .. '}')
if op == 'update' then
  return commit(encode(head.archived, head.version + 1, head.createdAt, arg))
end
local archived = arg == '1'
if head.archived == archived then return {'same', old} end
return commit(encode(archived, head.version + 1, head.createdAt, string.sub(old, at + 12, -2)))
`;

const writeScript = defineScript({
  NUMBER_OF_KEYS: 3,
  parseCommand(parser: CommandParser, keys: readonly string[], args: readonly string[]) {
    for (const key of keys) parser.pushKey(key);
    parser.push(...args);
  },
  SCRIPT: REGISTRY_WRITE_SCRIPT,
  transformReply: (reply: unknown) => {
    const [outcome = "", record = ""] = reply as string[];
    return { outcome, record };
  },
});

/** Options of a `RedisCampaignRegistry`. */
export interface RedisCampaignRegistryOptions {
  /** A `redis://` URL, or the Sentinels that name the primary. */
  url: RedisTarget;
  /** The stores' `REDIS_KEY_PREFIX`; default `pulse:`. */
  keyPrefix?: string;
  logger?: Logger;
  /** The clock of `createdAt` and `updatedAt`; default the real one. */
  now?: () => Date;
  /** How long a command may take before Redis counts as stalled; default 2 s, as the store. */
  commandTimeoutMs?: number;
  /** How long `start` waits for Redis; default 5 s, as the store. */
  startTimeoutMs?: number;
}

type RegistryOperation = "registry_read" | "registry_write";

/**
 * The registry every node shares: records in one Redis hash beside the stores' keys, written by one script that
 * also publishes the record, so every node's subscribers (the writer's included) hear every write.
 *
 * Keys, under `REDIS_KEY_PREFIX` (`pulse:`): `{_campaigns}:records` (hash: id → record JSON),
 * `{_campaigns}:order` (list: the ids, oldest first), `{_campaigns}:default` (the default id) and the channel
 * `{_campaigns}:changes`. The hash tag keeps them in one
 * cluster slot; the underscore keeps it apart from every campaign's own `{<id>}`, since a slug has none.
 */
export class RedisCampaignRegistry implements CampaignRegistry {
  readonly #recordsKey: string;
  readonly #defaultKey: string;
  readonly #orderKey: string;
  /** The channel every write is published on. */
  readonly channel: string;
  readonly #log: Logger | undefined;
  readonly #now: () => Date;
  readonly #startTimeoutMs: number;
  readonly #client;
  readonly #subscriber;
  readonly #guard: RedisGuard<RegistryOperation>;
  readonly #listeners: RegistryListeners;
  #connected: Promise<void> | undefined;

  constructor(options: RedisCampaignRegistryOptions) {
    const base = `${options.keyPrefix ?? "pulse:"}{_campaigns}:`;
    this.#recordsKey = `${base}records`;
    this.#defaultKey = `${base}default`;
    this.#orderKey = `${base}order`;
    this.channel = `${base}changes`;
    this.#log = options.logger;
    this.#listeners = new RegistryListeners(options.logger);
    this.#now = options.now ?? (() => new Date());
    this.#startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.#client = createGuardedClient(options.url, { pulseRegistryWrite: writeScript });
    this.#guard = new RedisGuard<RegistryOperation>({
      client: this.#client,
      timeoutMs: options.commandTimeoutMs ?? 2000,
      unavailable: (reason) => new StoreUnavailableError(`Redis ${reason}: campaigns cannot be read or saved`),
    });
    // As the store's: the subscriber keeps the offline queue, its only commands being (re)subscriptions.
    this.#subscriber = duplicateSubscriber(this.#client);
    let subscribedOnce = false;
    this.#subscriber.on("ready", () => {
      // Writes published while the subscriber was away are lost: listeners list again.
      if (subscribedOnce) this.#listeners.gap();
      subscribedOnce = true;
    });
    for (const client of [this.#client, this.#subscriber]) {
      client.on("error", (err: unknown) => this.#log?.debug({ err }, "campaign registry: Redis connection error"));
    }
  }

  /** Connects, subscribes, and seeds the registry when it holds no campaign (atomically: one node of many seeds). */
  async start(seed: Campaign): Promise<void> {
    this.#connected ??= this.#connect();
    await answeredWithin(this.#connected, this.#startTimeoutMs, () => new StoreUnavailableError("Redis does not answer: campaigns cannot be read"));
    await this.#run("seed", seed.id, JSON.stringify(seed));
  }

  async #connect(): Promise<void> {
    const ready = Promise.all([
      this.#client.connect(),
      this.#subscriber.connect().then(() => this.#subscriber.subscribe(this.channel, (message) => this.#onMessage(message))),
    ]);
    // If start stops waiting (timed out) or the registry closes, the rejection must not go unhandled.
    ready.catch(() => undefined);
    await ready;
  }

  async list(): Promise<CampaignRecord[]> {
    // The order first: an id created between the two reads is in the hash but not the order, and goes last.
    const order = await this.#guard.run("registry_read", () => this.#client.lRange(this.#orderKey, 0, -1));
    const all = await this.#guard.run("registry_read", () => this.#client.hGetAll(this.#recordsKey));
    const ids = [...new Set([...order, ...Object.keys(all)])];
    return ids.flatMap((id) => {
      const json = all[id];
      return json === undefined ? [] : [this.#decode(json)];
    });
  }

  async get(id: string): Promise<CampaignRecord | undefined> {
    const json = await this.#guard.run("registry_read", () => this.#client.hGet(this.#recordsKey, id));
    return json === null || json === undefined ? undefined : this.#decode(json);
  }

  async create(campaign: Campaign): Promise<CampaignRecord> {
    return this.#write("create", campaign.id, JSON.stringify(campaign));
  }

  async update(campaign: Campaign): Promise<CampaignRecord> {
    return this.#write("update", campaign.id, JSON.stringify(campaign));
  }

  async setArchived(id: string, archived: boolean): Promise<CampaignRecord> {
    return this.#write("archive", id, archived ? "1" : "0");
  }

  async defaultId(): Promise<string> {
    const id = await this.#guard.run("registry_read", () => this.#client.get(this.#defaultKey));
    if (!id) throw new Error("the campaign registry is not started");
    return id;
  }

  async subscribe(listener: CampaignRegistryListener): Promise<() => void> {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#guard.stop();
    this.#listeners.clear();
    await Promise.all([closeClient(this.#client), closeClient(this.#subscriber)]);
  }

  /** Runs the write script: its outcome and the record's JSON. */
  async #run(op: "seed" | "create" | "update" | "archive", id: string, arg: string): Promise<{ outcome: string; record: string }> {
    const args = [op, id, arg, this.#now().toISOString(), this.channel];
    return await this.#guard.run("registry_write", () =>
      this.#client.pulseRegistryWrite([this.#recordsKey, this.#defaultKey, this.#orderKey], args),
    );
  }

  /** A write's record, or its refusal as a `CampaignRegistryError`. */
  async #write(op: "create" | "update" | "archive", id: string, arg: string): Promise<CampaignRecord> {
    const { outcome, record } = await this.#run(op, id, arg);
    if (outcome === "conflict") throw CampaignRegistryError.conflict(id);
    if (outcome === "not_found") throw CampaignRegistryError.notFound(id);
    return this.#decode(record);
  }

  #decode(json: string): CampaignRecord {
    return CampaignRecordSchema.parse(JSON.parse(json));
  }

  #onMessage(message: string): void {
    let record: CampaignRecord;
    try {
      record = this.#decode(message);
    } catch (err) {
      this.#log?.error({ err, channel: this.channel }, "campaign registry: skipped a malformed message");
      return;
    }
    this.#listeners.tell(record);
  }
}
