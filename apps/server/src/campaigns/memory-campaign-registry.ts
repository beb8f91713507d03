import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import type { Campaign } from "@pulse/shared";
import { readJsonFile, writeFileAtomic } from "../store/state-file.js";
import type { CampaignRecord, CampaignRegistry, CampaignRegistryListener } from "./campaign-registry.js";
import { CampaignRecordSchema, CampaignRegistryError, RegistryListeners } from "./campaign-registry.js";

/** The registry file's name in DATA_DIR. */
export const CAMPAIGNS_FILE = "campaigns.json";

/** DATA_DIR/campaigns.json, format 1: the default id and every record, oldest first. */
const RegistryFileSchema = z.object({
  format: z.literal(1),
  defaultId: z.string(),
  records: z.array(CampaignRecordSchema),
});

/** Options of a `MemoryCampaignRegistry`. */
export interface MemoryCampaignRegistryOptions {
  /** Where `campaigns.json` is kept; absent or empty: nothing is written to disk. */
  dataDir?: string;
  /** The clock of `createdAt` and `updatedAt`; default the real one. */
  now?: () => Date;
  logger?: Logger;
}

/**
 * The registry of a single node (the embedded store): records in process, written whole to
 * DATA_DIR/campaigns.json after every write (writes are rare: staff edits). Only its own subscribers hear of them,
 * which is every subscriber there is, since one process holds a DATA_DIR.
 */
export class MemoryCampaignRegistry implements CampaignRegistry {
  readonly #file: string | undefined;
  readonly #now: () => Date;
  readonly #records = new Map<string, CampaignRecord>();
  readonly #listeners: RegistryListeners;
  #defaultId: string | undefined;
  #started: Promise<void> | undefined;
  /** Saves run one after the other, so an older save never lands over a newer one. */
  #saving: Promise<void> = Promise.resolve();

  constructor(options: MemoryCampaignRegistryOptions = {}) {
    const dir = options.dataDir?.trim();
    this.#file = dir ? path.resolve(dir, CAMPAIGNS_FILE) : undefined;
    this.#now = options.now ?? (() => new Date());
    this.#listeners = new RegistryListeners(options.logger);
  }

  /** Reads campaigns.json; seeds the registry when it holds nothing. Calling it again does nothing more. */
  start(seed: Campaign): Promise<void> {
    this.#started ??= this.#start(seed);
    return this.#started;
  }

  async #start(seed: Campaign): Promise<void> {
    const saved = await this.#read();
    if (saved && saved.records.length > 0) {
      for (const record of saved.records) this.#records.set(record.campaign.id, record);
      this.#defaultId = saved.defaultId;
      return;
    }
    this.#defaultId = seed.id;
    this.#records.set(seed.id, this.#newRecord(seed));
    await this.#save();
  }

  async #read(): Promise<z.output<typeof RegistryFileSchema> | undefined> {
    if (!this.#file) return undefined;
    const file = this.#file;
    const json = await readJsonFile(file, (reason) => `campaigns file ${file} is not JSON (${reason})`);
    if (json === undefined) return undefined;
    const parsed = RegistryFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`campaigns file ${this.#file} is not a Pulse campaigns file: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    return parsed.data;
  }

  async list(): Promise<CampaignRecord[]> {
    return [...this.#records.values()];
  }

  async get(id: string): Promise<CampaignRecord | undefined> {
    return this.#records.get(id);
  }

  async create(campaign: Campaign): Promise<CampaignRecord> {
    if (this.#records.has(campaign.id)) throw CampaignRegistryError.conflict(campaign.id);
    return this.#commit(this.#newRecord(campaign));
  }

  async update(campaign: Campaign): Promise<CampaignRecord> {
    const old = this.#existing(campaign.id);
    return this.#commit({ ...old, campaign, version: old.version + 1, updatedAt: this.#now().toISOString() });
  }

  async setArchived(id: string, archived: boolean): Promise<CampaignRecord> {
    const old = this.#existing(id);
    if (old.archived === archived) return old;
    return this.#commit({ ...old, archived, version: old.version + 1, updatedAt: this.#now().toISOString() });
  }

  async defaultId(): Promise<string> {
    if (this.#defaultId === undefined) throw new Error("the campaign registry is not started");
    return this.#defaultId;
  }

  async subscribe(listener: CampaignRegistryListener): Promise<() => void> {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#saving;
  }

  #existing(id: string): CampaignRecord {
    const record = this.#records.get(id);
    if (!record) throw CampaignRegistryError.notFound(id);
    return record;
  }

  #newRecord(campaign: Campaign): CampaignRecord {
    const at = this.#now().toISOString();
    return { campaign, archived: false, version: 1, createdAt: at, updatedAt: at };
  }

  /** Sets the record synchronously (so two writes cannot both pass a check), saves, then tells the subscribers. */
  async #commit(record: CampaignRecord): Promise<CampaignRecord> {
    const previous = this.#records.get(record.campaign.id);
    this.#records.set(record.campaign.id, record);
    try {
      await this.#save();
    } catch (err) {
      // Not on disk, so not done: the registry goes back to what the file holds.
      if (previous) this.#records.set(previous.campaign.id, previous);
      else this.#records.delete(record.campaign.id);
      throw err;
    }
    this.#listeners.tell(record);
    return record;
  }

  /** Writes the whole registry, after any save already under way. */
  #save(): Promise<void> {
    const file = this.#file;
    const defaultId = this.#defaultId;
    if (!file || defaultId === undefined) return Promise.resolve();
    // Encoded now: the state at the call, whatever changes while an earlier save finishes.
    const text = JSON.stringify({ format: 1, defaultId, records: [...this.#records.values()] } satisfies z.input<typeof RegistryFileSchema>);
    const save = this.#saving.catch(() => undefined).then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, text);
    });
    this.#saving = save.catch(() => undefined);
    return save;
  }
}
