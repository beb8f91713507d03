import { mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readJsonFile, writeFileAtomic } from "../store/state-file.js";
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
  readonly #file: string | undefined;
  readonly #records = new Map<string, AccountRecord>();
  #started: Promise<void> | undefined;
  /** Saves run one after the other, so an older save never lands over a newer one. */
  #saving: Promise<void> = Promise.resolve();

  constructor(options: MemoryAccountRegistryOptions = {}) {
    const dir = options.dataDir?.trim();
    this.#file = dir ? path.resolve(dir, ACCOUNTS_FILE) : undefined;
  }

  start(): Promise<void> {
    this.#started ??= this.#read();
    return this.#started;
  }

  async #read(): Promise<void> {
    if (!this.#file) return;
    const file = this.#file;
    const json = await readJsonFile(file, (reason) => `accounts file ${file} is not JSON (${reason})`);
    if (json === undefined) return;
    const parsed = AccountsFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`accounts file ${file} is not a Pulse accounts file: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    for (const record of parsed.data.accounts) this.#records.set(record.id, record);
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
    await this.#saving;
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
    const file = this.#file;
    if (!file) return Promise.resolve();
    const text = JSON.stringify({ format: 1, accounts: [...this.#records.values()] } satisfies z.input<typeof AccountsFileSchema>);
    const save = this.#saving.catch(() => undefined).then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, text, 0o600);
    });
    this.#saving = save.catch(() => undefined);
    return save;
  }
}
