import { z } from "zod";
import { RegistryFile } from "../store/registry-file.js";
import { AccountRecordSchema, AccountRegistryError, type AccountRecord, type AccountRegistry } from "./account-registry.js";

/** The accounts file's name in DATA_DIR. */
export const ACCOUNTS_FILE = "accounts.json";

/** DATA_DIR/accounts.json, format 1: every account, oldest first. */
const AccountsFileSchema = z.object({ format: z.literal(1), accounts: z.array(AccountRecordSchema) });

/** Options of a `MemoryAccountRegistry`. */
export interface MemoryAccountRegistryOptions {
  /** Where `accounts.json` is kept; absent or empty: nothing is written to disk. */
  dataDir?: string;
}

/**
 * The accounts of a single node (the embedded store): in process, written whole to DATA_DIR/accounts.json after
 * every write (writes are rare: an admin's edits), readable by the node's user only (it holds password hashes).
 */
export class MemoryAccountRegistry implements AccountRegistry {
  readonly #file: RegistryFile<typeof AccountsFileSchema>;
  readonly #records = new Map<string, AccountRecord>();
  #started: Promise<void> | undefined;

  constructor(options: MemoryAccountRegistryOptions = {}) {
    this.#file = new RegistryFile(options.dataDir, ACCOUNTS_FILE, AccountsFileSchema, "accounts");
  }

  start(): Promise<void> {
    this.#started ??= this.#read();
    return this.#started;
  }

  async #read(): Promise<void> {
    const saved = await this.#file.read();
    for (const record of saved?.accounts ?? []) this.#records.set(record.id, record);
  }

  async list(): Promise<AccountRecord[]> {
    return [...this.#records.values()];
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    return this.#records.get(id);
  }

  async byUsername(username: string): Promise<AccountRecord | undefined> {
    for (const record of this.#records.values()) if (record.username === username) return record;
    return undefined;
  }

  async create(record: AccountRecord): Promise<AccountRecord> {
    if (await this.byUsername(record.username)) throw AccountRegistryError.conflict(record.username);
    return this.#commit(record);
  }

  async update(id: string, change: (old: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    const old = this.#records.get(id);
    if (!old) throw AccountRegistryError.notFound(id);
    return this.#commit({ ...change(old), id, version: old.version + 1 });
  }

  async close(): Promise<void> {
    await this.#file.settled();
  }

  /** Sets the record synchronously (so two writes cannot both pass a check), then saves; undone if the save fails. */
  async #commit(record: AccountRecord): Promise<AccountRecord> {
    const previous = this.#records.get(record.id);
    this.#records.set(record.id, record);
    try {
      await this.#save();
    } catch (err) {
      if (previous) this.#records.set(previous.id, previous);
      else this.#records.delete(record.id);
      throw err;
    }
    return record;
  }

  #save(): Promise<void> {
    return this.#file.save({ format: 1, accounts: [...this.#records.values()] });
  }
}
