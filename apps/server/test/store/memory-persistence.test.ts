import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyDelete, applyPost, createState, moderate, toSnapshot } from "@pulse/shared";
import { MemoryStore } from "../../src/store/memory-store.js";
import { readStateFile, writeStateFile } from "../../src/store/state-file.js";
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

  it("keeps every stored post and what staff decided across a restart", async () => {
    const file = path.join(dir, "moderated.state.json");
    const first = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
    await first.start();
    const posts = Array.from({ length: 6 }, (_, i) => makePost({ author: { id: `a${i % 3}`, handle: `h${i}` } }));
    await first.apply(posts.map((post) => ({ type: "post" as const, post })));
    const key = (i: number) => `${posts[i]!.network}:${posts[i]!.id}`;
    await first.moderate({ type: "hide", key: key(5) }, "ana");
    await first.moderate({ type: "block", author: `${posts[0]!.network}:a1` }, "ana");
    await first.moderate({ type: "pin", key: key(3) }, "ana");
    await first.moderate({ type: "setMode", mode: "approve" }, "ana");
    await first.apply([{ type: "post", post: makePost() }]);
    const before = {
      snapshot: await first.snapshot(),
      moderation: await first.moderationState(),
      log: await first.moderationLog(),
      post: await first.post(key(4)),
    };
    expect(before.snapshot.snapshot.recent).toHaveLength(3);
    expect(before.moderation.queued).toBe(1);
    await first.close();

    const second = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
    await second.start();
    expect(await second.snapshot()).toEqual(before.snapshot);
    expect(await second.moderationState()).toEqual(before.moderation);
    expect(await second.moderationLog()).toEqual(before.log);
    expect(await second.post(key(4))).toEqual(before.post);
    // The hidden post comes back from the file's stored posts, in its place.
    expect(await second.moderate({ type: "unhide", key: key(5) }, "ana")).toMatchObject({ outcome: "changed" });
    expect((await second.snapshot()).snapshot.recent[0]?.id).toBe(posts[5]!.id);
    const newer = makePost();
    await second.moderate({ type: "setMode", mode: "auto" }, "ana");
    await second.apply([{ type: "post", post: newer }]);
    expect((await second.post(`${newer.network}:${newer.id}`))?.post.arrival).toBe(8);
    await second.close();
  });

  it("reads a state file from before moderation: the posts on screen become the stored posts", async () => {
    const file = path.join(dir, "v1.state.json");
    const posts = Array.from({ length: 3 }, () => makePost());
    const recent = [...posts].reverse();
    const records = posts.map((p) => [`${p.network}:${p.id}`, { country: "FR", minute: 0, kind: "original", version: 0, deleted: false }]);
    writeFileSync(
      file,
      JSON.stringify({
        format: 1,
        campaign: "c1",
        rev: 3,
        savedAt: new Date().toISOString(),
        totals: { posts: 3, authors: 3, originals: 3, retweets: 0, replies: 0, quotes: 0 },
        records,
        authors: posts.map((p) => `${p.network}:${p.author.id}`),
        byCountry: [["FR", 3]],
        byOrganization: [],
        timeline: [[0, 3]],
        recent,
      }),
    );
    const store = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
    await store.start();
    const { rev, snapshot } = await store.snapshot();
    expect(rev).toBe(3);
    expect(snapshot.recent.map((p) => [p.id, p.arrival])).toEqual(recent.map((p, i) => [p.id, 3 - i]));
    expect(await store.moderate({ type: "hide", key: `${posts[1]!.network}:${posts[1]!.id}` }, "ana")).toMatchObject({ outcome: "changed" });
    expect((await store.snapshot()).snapshot.recent.map((p) => p.id)).toEqual([posts[2]!.id, posts[0]!.id]);
    await store.close();
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: 2, lastArrival: 3 });
  });

  it("writes the state as it was when the write began, though the store changes while the posts are encoded", async () => {
    const file = path.join(dir, "consistent.state.json");
    const state = createState("c1");
    const posts = Array.from({ length: 5_000 }, (_, i) => makePost({ author: { id: `a${i % 10}`, handle: "h" } }));
    for (const post of posts) applyPost(state, post);
    moderate(state, { type: "pin", key: `other:${posts[10]!.id}` });
    const expected = structuredClone(state);
    const writing = writeStateFile(file, { rev: 7, state });
    // Between the chunks of posts: an edit, a delete, a new post, a hide.
    applyPost(state, { ...posts[10]!, version: 1, text: "edited meanwhile" });
    applyDelete(state, `other:${posts[20]!.id}`);
    applyPost(state, makePost());
    moderate(state, { type: "hide", key: `other:${posts[4_999]!.id}` });
    await writing;
    const saved = await readStateFile(file, "c1");
    expect(saved?.rev).toBe(7);
    expect(saved?.state).toEqual(expected);
    expect(toSnapshot(saved!.state)).toEqual(toSnapshot(expected));
  });

  it("writes at intervals, atomically, only when something changed", async () => {
    const file = path.join(dir, "interval.state.json");
    const store = new MemoryStore("c1", undefined, { file, intervalMs: 100 });
    await store.start();
    await store.apply([{ type: "post", post: makePost() }]);
    await new Promise((r) => setTimeout(r, 350));
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ format: 2, campaign: "c1", rev: 1, totals: { posts: 1 } });
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
