import { z } from "zod";
import { MAX_INGEST_TOKENS } from "@pulse/shared";
import { RegistryFile } from "../store/registry-file.js";
import { IngestTokenRecordSchema, IngestTokenRegistryError, type IngestTokenRecord, type IngestTokenRegistry } from "./ingest-token-registry.js";

/** The tokens file's name in DATA_DIR. */
export const INGEST_TOKENS_FILE = "ingest-tokens.json";

/** DATA_DIR/ingest-tokens.json, format 1: every token (digests, never secrets), oldest first, and their last uses. */
const TokensFileSchema = z.object({
  format: z.literal(1),
  tokens: z.array(IngestTokenRecordSchema),
  lastUses: z.record(z.string(), z.string()),
});

/** Options of a `MemoryIngestTokenRegistry`. */
export interface MemoryIngestTokenRegistryOptions {
  /** Where `ingest-tokens.json` is kept; absent or empty: nothing is written to disk. */
  dataDir?: string;
}

/**
 * The ingest tokens of a single node (the embedded store): in process, written whole to DATA_DIR/ingest-tokens.json
 * after every write (an admin's create or revoke, and the last uses every few seconds), readable by the node's user only.
 */
export class MemoryIngestTokenRegistry implements IngestTokenRegistry {
  readonly #file: RegistryFile<typeof TokensFileSchema>;
  readonly #records = new Map<string, IngestTokenRecord>();
  readonly #byDigest = new Map<string, string>();
  readonly #lastUses = new Map<string, string>();
  #started: Promise<void> | undefined;

  constructor(options: MemoryIngestTokenRegistryOptions = {}) {
    this.#file = new RegistryFile(options.dataDir, INGEST_TOKENS_FILE, TokensFileSchema, "ingest tokens");
  }

  start(): Promise<void> {
    this.#started ??= this.#read();
    return this.#started;
  }

  async #read(): Promise<void> {
    const saved = await this.#file.read();
    if (!saved) return;
    for (const record of saved.tokens) this.#set(record);
    for (const [id, at] of Object.entries(saved.lastUses)) if (this.#records.has(id)) this.#lastUses.set(id, at);
  }

  async list(): Promise<IngestTokenRecord[]> {
    return [...this.#records.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async count(): Promise<number> {
    return this.#records.size;
  }

  async byDigest(digest: string): Promise<IngestTokenRecord | undefined> {
    const id = this.#byDigest.get(digest);
    return id === undefined ? undefined : this.#records.get(id);
  }

  async create(record: IngestTokenRecord, max: number = MAX_INGEST_TOKENS): Promise<IngestTokenRecord> {
    // Checked and set synchronously, so two creates cannot both pass the bound.
    if (this.#records.size >= max) throw IngestTokenRegistryError.full(max);
    if (this.#records.has(record.id) || this.#byDigest.has(record.digest)) throw IngestTokenRegistryError.conflict(record.id);
    this.#set(record);
    try {
      await this.#save();
    } catch (err) {
      this.#delete(record);
      throw err;
    }
    return record;
  }

  async revoke(id: string): Promise<IngestTokenRecord | undefined> {
    const record = this.#records.get(id);
    if (!record) return undefined;
    const lastUse = this.#lastUses.get(id);
    this.#delete(record);
    try {
      await this.#save();
    } catch (err) {
      this.#set(record);
      if (lastUse !== undefined) this.#lastUses.set(id, lastUse);
      throw err;
    }
    return record;
  }

  async lastUses(): Promise<Record<string, string>> {
    return Object.fromEntries(this.#lastUses);
  }

  async recordUses(uses: Record<string, string>): Promise<void> {
    let changed = false;
    for (const [id, at] of Object.entries(uses)) {
      const old = this.#lastUses.get(id);
      // Only known tokens (and INGEST_TOKEN's, which has no record), so the map stays bounded as the tokens are.
      if ((this.#records.has(id) || id === "INGEST_TOKEN") && (old === undefined || old < at)) {
        this.#lastUses.set(id, at);
        changed = true;
      }
    }
    if (changed) await this.#save();
  }

  async close(): Promise<void> {
    await this.#file.settled();
  }

  #set(record: IngestTokenRecord): void {
    this.#records.set(record.id, record);
    this.#byDigest.set(record.digest, record.id);
  }

  #delete(record: IngestTokenRecord): void {
    this.#records.delete(record.id);
    this.#byDigest.delete(record.digest);
    this.#lastUses.delete(record.id);
  }

  #save(): Promise<void> {
    return this.#file.save({ format: 1, tokens: [...this.#records.values()], lastUses: Object.fromEntries(this.#lastUses) });
  }
}
