import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/memory-store.js";
import { makePost } from "../support/start-pulse.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the embedded store's state file", () => {
  it("keeps the day across a restart: counts, dedupe, edits, deletes and recent posts", async () => {
    const file = path.join(dir, "day.state.json");
    const first = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
    await first.start();
    const posts = Array.from({ length: 5 }, (_, i) => makePost({ author: { id: `a${i % 2}`, handle: `h${i}` } }));
    await first.apply(posts.map((post) => ({ type: "post" as const, post })));
    await first.apply([{ type: "delete", key: `other:${posts[0]!.id}` }]);
    const before = await first.snapshot();
    await first.close();
    expect(existsSync(file)).toBe(true);

    const second = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
    await second.start();
    const after = await second.snapshot();
    expect(after).toEqual(before);
    // Dedupe and tombstones survived: nothing counts twice, the deleted post stays deleted.
    expect(await second.apply(posts.map((post) => ({ type: "post" as const, post })))).toEqual(Array(5).fill("duplicate"));
    expect(await second.apply([{ type: "post", post: { ...posts[1]!, text: "edited", version: 1 } }])).toEqual(["updated"]);
    await second.close();
  });

  it("writes at intervals, atomically, only when something changed", async () => {
    const file = path.join(dir, "interval.state.json");
    const store = new MemoryStore("c1", undefined, { file, intervalMs: 100 });
    await store.start();
    await store.apply([{ type: "post", post: makePost() }]);
    await new Promise((r) => setTimeout(r, 350));
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ format: 1, campaign: "c1", rev: 1, totals: { posts: 1 } });
    await store.close();
  });

  it("refuses a damaged file or another campaign's file with a message naming the file", async () => {
    const damaged = path.join(dir, "damaged.state.json");
    writeFileSync(damaged, JSON.stringify({ format: 1, campaign: "c1" }));
    await expect(new MemoryStore("c1", undefined, { file: damaged }).start()).rejects.toThrow(/damaged.state.json is not a Pulse state file/);
    const other = path.join(dir, "other.state.json");
    const store = new MemoryStore("c2", undefined, { file: other });
    await store.start();
    await store.apply([{ type: "post", post: makePost() }]);
    await store.close();
    await expect(new MemoryStore("c1", undefined, { file: other }).start()).rejects.toThrow(/holds campaign c2, not c1/);
  });
});
