import { mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

/** The lock's name in `DATA_DIR`: a folder that proper-lockfile creates atomically (mkdir) and keeps fresh. */
export const LOCK_NAME = "pulse.lock";
/** Beside it, who holds it: `{ pid, host, since }`, for the error message and to free the lock of a dead process. */
export const HOLDER_NAME = "pulse.lock.json";

/**
 * A lock not refreshed for this long is stale, whoever holds it. Long, so that a busy event loop (a large state
 * file loading) never loses its own lock; a crashed holder on this machine is recognised at once by its pid.
 */
const STALE_MS = 30_000;

/** Who holds a DATA_DIR, as written in `HOLDER_NAME`. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Thrown when another process holds the folder; the message is one line that names the folder and that process. */
export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `process ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`} (since ${holder.since})`
      : "another process";
    super(`DATA_DIR ${dir} is in use by ${who}: stop that Pulse node first, or give this one another DATA_DIR`);
  }
}

/** Options of `lockDataDir`. */
export interface DataDirLockOptions {
  /**
   * Called when the lock was lost while held (its refresh failed, or another process took it over as stale): two
   * processes may now write the same files. Default: throw, which ends the process.
   */
  onCompromised?: (err: Error) => void;
}

/** Releases a DATA_DIR lock; safe to call twice. */
export type ReleaseDataDirLock = () => Promise<void>;

async function readHolder(dir: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path.join(dir, HOLDER_NAME), "utf8")) as Partial<LockHolder>;
    if (typeof holder.pid !== "number" || typeof holder.host !== "string") return undefined;
    return { pid: holder.pid, host: holder.host, since: String(holder.since ?? "?") };
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Folders this process holds: a second lock of one of them in this process is refused like another process's. */
const heldHere = new Map<string, LockHolder>();

/**
 * Takes `dir` for this process alone, so that two nodes never write the same embedded store (each would
 * overwrite the other's saves). The lock is proper-lockfile's, refreshed while held; a lock left by a process
 * that died (kill -9, power cut) is freed at once when its pid no longer runs on this machine, or after 30 s
 * without refresh otherwise. Rejects with `DataDirInUseError` when a live process holds it.
 */
export async function lockDataDir(dir: string, options: DataDirLockOptions = {}): Promise<ReleaseDataDirLock> {
  const folder = path.resolve(dir);
  const ours = heldHere.get(folder);
  if (ours) throw new DataDirInUseError(folder, ours);
  await mkdir(folder, { recursive: true });
  const lockOptions = {
    lockfilePath: path.join(folder, LOCK_NAME),
    realpath: false,
    stale: STALE_MS,
    onCompromised: options.onCompromised ?? ((err: Error) => {
      throw err;
    }),
  };

  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, lockOptions);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
    const holder = await readHolder(folder);
    // The holder died without releasing it: mark the lock stale, so that proper-lockfile frees it and takes it
    // in one step, as it would after STALE_MS.
    const dead = holder !== undefined && holder.host === hostname() && (holder.pid === process.pid || !isRunning(holder.pid));
    if (!dead) throw new DataDirInUseError(folder, holder);
    await utimes(lockOptions.lockfilePath, 0, 0);
    try {
      release = await lockfile.lock(folder, lockOptions);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== "ELOCKED") throw again;
      // Another process freed it first and holds it now.
      throw new DataDirInUseError(folder, await readHolder(folder));
    }
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  try {
    await writeFile(path.join(folder, HOLDER_NAME), `${JSON.stringify(holder)}\n`);
  } catch (err) {
    await release();
    throw err;
  }
  heldHere.set(folder, holder);

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    heldHere.delete(folder);
    await rm(path.join(folder, HOLDER_NAME), { force: true });
    await release().catch((err: unknown) => {
      // Already gone (compromised): nothing left to free.
      if ((err as NodeJS.ErrnoException).code !== "ERELEASED") throw err;
    });
  };
}
