import type { Logger } from "pino";
import { lockDataDir, type ReleaseDataDirLock } from "./data-dir-lock.js";
import { MemoryStore, type MemoryStorePersistence } from "./memory-store.js";

/**
 * Takes `dir` for this process (see `lockDataDir`) and ends the process if the lock is ever lost: another
 * process may be writing the same files then, and stopping at once keeps this one from overwriting them.
 */
export function lockDataDirOrExit(dir: string, logger: Logger | undefined): Promise<ReleaseDataDirLock> {
  return lockDataDir(dir, {
    onCompromised: (err) => {
      logger?.fatal({ err, dataDir: dir }, "store: lost the DATA_DIR lock; stopping");
      process.exit(1);
    },
  });
}

/**
 * The embedded store on a `DATA_DIR` that it holds alone: it takes the folder's lock before reading its state
 * and frees it after the last save, so a second node on the same folder refuses to start instead of
 * overwriting this one's saves (and losing posts it accepted).
 */
export class LockedMemoryStore extends MemoryStore {
  readonly #dir: string;
  readonly #logger: Logger | undefined;
  #release: ReleaseDataDirLock | undefined;

  constructor(dir: string, campaignId: string, logger: Logger | undefined, persistence: MemoryStorePersistence, feedPerSecond = 0) {
    super(campaignId, logger, persistence, feedPerSecond);
    this.#dir = dir;
    this.#logger = logger;
  }

  override async start(): Promise<void> {
    this.#release = await lockDataDirOrExit(this.#dir, this.#logger);
    try {
      await super.start();
    } catch (err) {
      await this.#release();
      throw err;
    }
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.#release?.();
    }
  }
}
