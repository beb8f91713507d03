/**
 * One process per DATA_DIR: two embedded-store nodes on one folder would each overwrite the other's saves, and a
 * post one of them accepted would be gone after a restart. The second node refuses to start, naming the folder
 * and the process that holds it; a lock left by a crash (kill -9) does not keep the next node out.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, onCleanup } from "./support/cleanup.js";
import { startServerProcess } from "./support/server-process.js";
import { snapshotOf } from "../support/snapshot.js";

afterEach(cleanupAll);

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pulse-lock-data-"));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** What a server that refused to start printed (startServerProcess rejects with it). */
async function refusal(start: Promise<unknown>): Promise<string> {
  const err = await start.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error("the second server started");
  const [head = "", ...printed] = err.message.split("\n");
  expect(head).toMatch(/^server exited with 1;/);
  return printed.join("\n").trim();
}

async function ingestOne(url: string, token: string, id: string): Promise<number> {
  const res = await fetch(`${url}/api/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      network: "other",
      id,
      createdAt: "2015-02-24T12:00:00Z",
      text: "Nous recrutons #VotreJob",
      author: { id: `${id}-author`, handle: "jeanne" },
      hashtags: ["VotreJob"],
    }),
  });
  return res.status;
}

async function postsOf(url: string): Promise<number> {
  return (await snapshotOf(url)).totals.posts;
}

describe("one process per DATA_DIR", () => {
  it("refuses a second node on a folder in use, with one line naming the folder and the holder's pid", async () => {
    const token = randomUUID();
    const dir = await dataDir();
    const env = { SOURCE: "none", INGEST_TOKEN: token, DATA_DIR: dir, SAVE_INTERVAL_MS: "200" };
    const first = await startServerProcess(env);

    const printed = await refusal(startServerProcess(env));
    expect(printed.split("\n")).toHaveLength(1);
    expect(printed).toBe(
      `pulse: DATA_DIR ${dir} is in use by process ${first.pid} (since ${printed.match(/since ([^)]+)\)/)?.[1]}): stop that Pulse node first, or give this one another DATA_DIR`,
    );

    // The first node carries on alone, and what it accepted survives its restart.
    expect(await ingestOne(first.url, token, `${token}-1`)).toBe(202);
    expect(await first.stop()).toMatchObject({ code: 0 });
    expect(existsSync(path.join(dir, "pulse.lock"))).toBe(false);
    const second = await startServerProcess(env);
    expect(await postsOf(second.url)).toBe(1);
  });

  it("frees the lock of a node killed with -9 at once, not after the lock's 30 s staleness", async () => {
    const token = randomUUID();
    const dir = await dataDir();
    const env = { SOURCE: "none", INGEST_TOKEN: token, DATA_DIR: dir, SAVE_INTERVAL_MS: "200" };
    const first = await startServerProcess(env);
    expect(await ingestOne(first.url, token, `${token}-1`)).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a save interval (200 ms) passes
    await first.kill();
    expect(existsSync(path.join(dir, "pulse.lock"))).toBe(true);

    const started = Date.now();
    // Well under the 30 s after which any untouched lock is stale, even on a busy machine.
    const second = await startServerProcess(env, 25_000);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(await postsOf(second.url)).toBe(1);
    // And the new holder is protected in turn.
    expect(await refusal(startServerProcess(env))).toContain(`is in use by process ${second.pid} `);
  });

  it("lets nodes on different folders run side by side", async () => {
    const token = randomUUID();
    const a = await startServerProcess({ SOURCE: "none", INGEST_TOKEN: token, DATA_DIR: await dataDir() });
    const b = await startServerProcess({ SOURCE: "none", INGEST_TOKEN: token, DATA_DIR: await dataDir() });
    expect(await ingestOne(a.url, token, `${token}-a`)).toBe(202);
    expect(await ingestOne(b.url, token, `${token}-b`)).toBe(202);
  });
});
