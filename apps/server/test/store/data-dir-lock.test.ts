/**
 * The DATA_DIR lock on a real folder, in process: who holds it, a lock left by a dead process, and a live
 * holder. apps/e2e/test/faults/data-dir-lock.test.ts runs it with real server processes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirInUseError, HOLDER_NAME, LOCK_NAME, lockDataDir } from "../../src/store/data-dir-lock.js";

const root = mkdtempSync(path.join(tmpdir(), "pulse-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => path.join(root, `data-${++n}`);

/** What a process that died holding `dir` leaves: the lock folder, just touched, and its holder file. */
function leftBy(dir: string, pid: number, host = hostname()): void {
  mkdirSync(path.join(dir, LOCK_NAME), { recursive: true });
  writeFileSync(path.join(dir, HOLDER_NAME), JSON.stringify({ pid, host, since: "2026-02-24T09:00:00.000Z" }));
}

describe("the DATA_DIR lock", () => {
  it("names its holder while held, refuses a second taker, and leaves nothing once released", async () => {
    const dir = folder();
    const release = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(path.join(dir, HOLDER_NAME), "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    const second = await lockDataDir(dir).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DataDirInUseError);
    expect((second as Error).message).toMatch(new RegExp(`^DATA_DIR ${dir} is in use by process ${process.pid} \\(since \\d{4}-`));
    await release();
    expect([existsSync(path.join(dir, LOCK_NAME)), existsSync(path.join(dir, HOLDER_NAME))]).toEqual([false, false]);
    await (await lockDataDir(dir))();
  });

  it("takes over at once the lock of a process that is gone", async () => {
    const dir = folder();
    // A pid that ran and ended: nothing runs under it now.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    leftBy(dir, gone);
    const release = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(path.join(dir, HOLDER_NAME), "utf8")).pid).toBe(process.pid);
    await release();
  });

  it("refuses a lock that a live process holds, or that another machine holds (its pid cannot be checked here)", async () => {
    const dir = folder();
    leftBy(dir, process.ppid);
    await expect(lockDataDir(dir)).rejects.toThrow(`DATA_DIR ${dir} is in use by process ${process.ppid} (since 2026-02-24T09:00:00.000Z)`);
    const shared = folder();
    leftBy(shared, 1234, "wall-box-2");
    await expect(lockDataDir(shared)).rejects.toThrow(`is in use by process 1234 on wall-box-2 (since`);
  });
});
