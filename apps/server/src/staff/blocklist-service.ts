import type { Blocklist } from "@pulse/shared";
import type { Store } from "../store/store.js";
import { compileBlocklist, DEFAULT_BLOCKLIST, type BlocklistMatcher } from "./blocklist.js";

/** Options of the blocklist service. */
export interface BlocklistServiceOptions {
  store: Store;
  /** How long a node keeps the list it read before asking the store again; default 2 s. */
  ttlMs?: number;
}

/**
 * The keyword blocklist, kept in the store so every node shares it. Ingest asks for the compiled list on every
 * batch; it is re-read from the store at most every `ttlMs`, so a list saved on one node applies on every node
 * within that time (at once on the node that saved it). It applies to posts that arrive from then on.
 */
export class BlocklistService {
  readonly #store: Store;
  readonly #ttlMs: number;
  #cached: { matcher: BlocklistMatcher; at: number } | undefined;
  #reading: Promise<BlocklistMatcher> | undefined;

  constructor(options: BlocklistServiceOptions) {
    this.#store = options.store;
    this.#ttlMs = options.ttlMs ?? 2_000;
  }

  /** The list in force. */
  async view(): Promise<Blocklist> {
    const saved = await this.#store.blocklist();
    return { words: saved ?? [...DEFAULT_BLOCKLIST], isDefault: saved === undefined, defaults: [...DEFAULT_BLOCKLIST] };
  }

  /**
   * Saves a list (the body `{ words }` as its schema tidied it), recording the edit in the audit log under `actor`
   * (entries added and removed, reckoned from the default list the first time); resolves to what is now in force.
   */
  async save(words: string[], actor: string): Promise<Blocklist> {
    await this.#store.setBlocklist(words, actor, DEFAULT_BLOCKLIST);
    this.#cached = { matcher: compileBlocklist(words), at: Date.now() };
    return { words, isDefault: false, defaults: [...DEFAULT_BLOCKLIST] };
  }

  /**
   * The compiled list, re-read from the store when older than `ttlMs`. When the store cannot be read, the list
   * read last keeps applying; with none read yet the error goes to the caller (ingest then fails whole and the
   * batch can be retried).
   */
  async matcher(): Promise<BlocklistMatcher> {
    const cached = this.#cached;
    if (cached && Date.now() - cached.at < this.#ttlMs) return cached.matcher;
    this.#reading ??= this.#store
      .blocklist()
      .then((saved) => {
        const matcher = compileBlocklist(saved ?? DEFAULT_BLOCKLIST);
        this.#cached = { matcher, at: Date.now() };
        return matcher;
      })
      .catch((err: unknown) => {
        if (cached) return cached.matcher;
        throw err;
      })
      .finally(() => {
        this.#reading = undefined;
      });
    return this.#reading;
  }
}
