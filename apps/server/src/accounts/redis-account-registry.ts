import type { Logger } from "pino";
import { defineScript, type CommandParser } from "redis";
import { answeredWithin, closeClient, createGuardedClient, RedisGuard, type RedisTarget } from "../store/guarded-redis.js";
import { StoreUnavailableError } from "../store/store.js";
import { AccountRecordSchema, AccountRegistryError, type AccountRecord, type AccountRegistry } from "./account-registry.js";

/**
 * Creates an account: takes its username in the usernames hash (HSETNX, so one of two nodes creating the same
 * name wins), then stores the record. KEYS: records (id → JSON), usernames (username → id). ARGV: id, username,
 * JSON. Answers `ok` or `conflict`.
 */
const CREATE_SCRIPT = `
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1]) == 0 then return 'conflict' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
`;

/**
 * Replaces a record if it still has the version the writer read (compare and set). KEYS: records. ARGV: id, the
 * version read, the new JSON. Answers `ok`, `stale` (another write came first: read again) or `not_found`.
 */
const UPDATE_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return 'not_found' end
if cjson.decode(old).version ~= tonumber(ARGV[2]) then return 'stale' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
`;

/** A Lua script of string replies, with `keys` keys then its arguments (shared with the ingest token registry). */
export function stringScript(keys: number, source: string) {
  return defineScript({
    NUMBER_OF_KEYS: keys,
    parseCommand(parser: CommandParser, keyList: readonly string[], args: readonly string[]) {
      for (const key of keyList) parser.pushKey(key);
      parser.push(...args);
    },
    SCRIPT: source,
    transformReply: (reply: unknown) => String(reply),
  });
}

/** Options of a `RedisAccountRegistry`. */
export interface RedisAccountRegistryOptions {
  /** A `redis://` URL, or the Sentinels that name the primary. */
  url: RedisTarget;
  /** The stores' `REDIS_KEY_PREFIX`; default `pulse:`. */
  keyPrefix?: string;
  logger?: Logger;
  /** How long a command may take before Redis counts as stalled; default 2 s, as the store. */
  commandTimeoutMs?: number;
  /** How long `start` waits for Redis; default 5 s, as the store. */
  startTimeoutMs?: number;
}

/** Writes that lose a compare-and-set this many times in a row give up (they never should: writes are an admin's). */
const MAX_UPDATE_TRIES = 10;

/**
 * The accounts every node shares, in Redis beside the campaign registry. Keys, under `REDIS_KEY_PREFIX`:
 * `{_accounts}:records` (hash: id → record JSON) and `{_accounts}:usernames` (hash: username → id), one hash slot.
 */
export class RedisAccountRegistry implements AccountRegistry {
  readonly #recordsKey: string;
  readonly #usernamesKey: string;
  readonly #client;
  readonly #guard: RedisGuard<"accounts_read" | "accounts_write">;
  readonly #startTimeoutMs: number;
  #connected: Promise<unknown> | undefined;

  constructor(options: RedisAccountRegistryOptions) {
    const base = `${options.keyPrefix ?? "pulse:"}{_accounts}:`;
    this.#recordsKey = `${base}records`;
    this.#usernamesKey = `${base}usernames`;
    this.#startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.#client = createGuardedClient(options.url, { pulseAccountCreate: stringScript(2, CREATE_SCRIPT), pulseAccountUpdate: stringScript(1, UPDATE_SCRIPT) });
    this.#guard = new RedisGuard({
      client: this.#client,
      timeoutMs: options.commandTimeoutMs ?? 2000,
      unavailable: (reason) => new StoreUnavailableError(`Redis ${reason}: staff accounts cannot be read or saved`),
    });
    this.#client.on("error", (err: unknown) => options.logger?.debug({ err }, "staff accounts: Redis connection error"));
  }

  async start(): Promise<void> {
    this.#connected ??= this.#client.connect();
    await answeredWithin(this.#connected, this.#startTimeoutMs, () => new StoreUnavailableError("Redis does not answer: staff accounts cannot be read"));
  }

  async list(): Promise<AccountRecord[]> {
    const all = await this.#guard.run("accounts_read", () => this.#client.hGetAll(this.#recordsKey));
    return Object.values(all)
      .map((json) => this.#decode(json))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const json = await this.#guard.run("accounts_read", () => this.#client.hGet(this.#recordsKey, id));
    return json ? this.#decode(json) : undefined;
  }

  async byUsername(username: string): Promise<AccountRecord | undefined> {
    const id = await this.#guard.run("accounts_read", () => this.#client.hGet(this.#usernamesKey, username));
    return id ? this.get(id) : undefined;
  }

  async create(record: AccountRecord): Promise<AccountRecord> {
    const outcome = await this.#guard.run("accounts_write", () =>
      this.#client.pulseAccountCreate([this.#recordsKey, this.#usernamesKey], [record.id, record.username, JSON.stringify(record)]),
    );
    if (outcome === "conflict") throw AccountRegistryError.conflict(record.username);
    return record;
  }

  async update(id: string, change: (old: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    for (let tries = 0; tries < MAX_UPDATE_TRIES; tries += 1) {
      const old = await this.get(id);
      if (!old) throw AccountRegistryError.notFound(id);
      const record: AccountRecord = { ...change(old), id, version: old.version + 1 };
      const outcome = await this.#guard.run("accounts_write", () =>
        this.#client.pulseAccountUpdate([this.#recordsKey], [id, String(old.version), JSON.stringify(record)]),
      );
      if (outcome === "ok") return record;
      if (outcome === "not_found") throw AccountRegistryError.notFound(id);
    }
    throw new Error(`staff account ${id}: ${MAX_UPDATE_TRIES} writes in a row came first; try again`);
  }

  async close(): Promise<void> {
    this.#guard.stop();
    await closeClient(this.#client);
  }

  #decode(json: string): AccountRecord {
    return AccountRecordSchema.parse(JSON.parse(json));
  }
}
