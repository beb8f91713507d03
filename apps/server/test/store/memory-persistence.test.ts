import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { applyDelete, applyPost, createState, moderate, MODERATION_LOG_LIMIT, toSnapshot, type Post } from "@pulse/shared";
import { MemoryStore } from "../../src/store/memory-store.js";
import { StateFile } from "../../src/store/state-file.js";
import { makePost } from "../support/start-pulse.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store of campaign c1 on `file`, started; it saves when asked and on close. */
async function openStore(file: string): Promise<MemoryStore> {
  const store = new MemoryStore("c1", undefined, { file, intervalMs: 60_000 });
  await store.start();
  return store;
}

/** A fresh folder for one test, and the state file's path in it. */
function stateFileIn(name: string): { folder: string; file: string } {
  const folder = mkdtempSync(path.join(dir, `${name}-`));
  return { folder, file: path.join(folder, "c1.state.json") };
}

describe("the embedded store's state file", () => {
  it("keeps the day across a restart: counts, dedupe, edits, deletes and recent posts", async () => {
    const file = path.join(dir, "day.state.json");
    const first = await openStore(file);
    const posts = Array.from({ length: 5 }, (_, i) => makePost({ author: { id: `a${i % 2}`, handle: `h${i}` } }));
    await first.apply(posts.map((post) => ({ type: "post" as const, post })));
    await first.apply([{ type: "delete", key: `other:${posts[0]!.id}` }]);
    const before = await first.snapshot();
    await first.close();
    expect(existsSync(file)).toBe(true);

    const second = await openStore(file);
    const after = await second.snapshot();
    expect(after).toEqual(before);
    // Dedupe and tombstones survived: nothing counts twice, the deleted post stays deleted.
    expect(await second.apply(posts.map((post) => ({ type: "post" as const, post })))).toEqual(Array(5).fill("duplicate"));
    expect(await second.apply([{ type: "post", post: { ...posts[1]!, text: "edited", version: 1 } }])).toEqual(["updated"]);
    await second.close();
  });

  it("rewrites its files at an erasure, so that nothing on disk names the author; a restart keeps the erasure", async () => {
    const { folder, file } = stateFileIn("erasure");
    const first = await openStore(file);
    const zoe = { id: "zoe-id", handle: "Zoe_FR", name: "Zoé Secret" };
    const hers = [makePost({ author: zoe, text: "secret one" }), makePost({ author: zoe, text: "secret two" })];
    const other = makePost({ text: "public" });
    await first.apply([...hers, other].map((post) => ({ type: "post" as const, post })));
    await first.apply([{ type: "delete", key: `other:${hers[1]!.id}` }]);
    await first.moderate({ type: "hide", key: `other:${hers[0]!.id}` }, "ana", { handle: zoe.handle, name: zoe.name, excerpt: "secret one" });
    // Saved: the journal holds her posts and the entry that names her.
    await first.save();
    const files = () => readdirSync(folder).map((name) => readFileSync(path.join(folder, name), "utf8")).join("\n");
    expect(files()).toContain("Zoé Secret");
    expect(await first.eraseAuthor({ network: "other", authorId: "zoe-id" }, "admin", "sha256:0123")).toBe(1);
    for (const trace of ["Zoe_FR", "Zoé", "secret", "zoe-id"]) expect(files()).not.toContain(trace);
    const before = await first.snapshot();
    await first.close();

    const second = await openStore(file);
    expect(await second.snapshot()).toEqual(before);
    expect((await second.moderationLog())[0]?.action).toMatchObject({ type: "eraseAuthor", posts: 1 });
    // Her posts stay duplicates after the restart; Ana's is still there.
    expect(await second.apply(hers.map((post) => ({ type: "post" as const, post })))).toEqual(["duplicate", "duplicate"]);
    expect((await second.post(`other:${other.id}`))?.post.text).toBe("public");
    // Known again by her hashed key: a new post of hers counts, but she is no new author.
    expect(await second.apply([{ type: "post", post: makePost({ author: zoe }) }])).toEqual(["accepted"]);
    expect((await second.snapshot()).snapshot.totals.authors).toBe(before.snapshot.totals.authors);
    await second.close();
  });

  it("keeps a media approval across a restart, in the journal of a save after it", async () => {
    const { file } = stateFileIn("media");
    const first = await openStore(file);
    const post = makePost({ media: [{ type: "photo", url: "https://pbs.twimg.com/media/a.jpg", sensitive: true }] });
    await first.apply([{ type: "post", post }]);
    await first.save();
    expect(await first.moderate({ type: "approveMedia", key: `other:${post.id}` }, "ana")).toMatchObject({ outcome: "changed" });
    await first.save();
    await first.close();

    const second = await openStore(file);
    expect((await second.post(`other:${post.id}`))?.post.mediaApproved).toBe(true);
    expect((await second.snapshot()).snapshot.recent[0]?.mediaApproved).toBe(true);
    await second.close();
  });

  it("keeps a recount's moves across a restart: counts, records and posts, in the journal of a save after it", async () => {
    const { file } = stateFileIn("recount");
    const first = await openStore(file);
    const posts = Array.from({ length: 4 }, (_, i) => makePost({ country: "FR", author: { id: `a${i}`, handle: `h${i}` } }));
    await first.apply(posts.map((post) => ({ type: "post" as const, post })));
    await first.save();
    await first.reattribute([{ key: `other:${posts[0]!.id}`, country: "BE", orgId: "axa" }]);
    await first.logEdit({ type: "recount", posts: 4 }, "ana");
    const before = await dump(first);
    await first.close();

    const second = await openStore(file);
    expect(await dump(second)).toEqual(before);
    expect((await second.snapshot()).snapshot.byCountry).toEqual({ FR: 3, BE: 1 });
    // The record moved too: a delete gives back BE and axa.
    await second.apply([{ type: "delete", key: `other:${posts[0]!.id}` }]);
    expect((await second.snapshot()).snapshot).toMatchObject({ byCountry: { FR: 3, BE: 0 }, byOrganization: { axa: 0 } });
    await second.close();
  });

  it("keeps every stored post and what staff decided across a restart", async () => {
    const file = path.join(dir, "moderated.state.json");
    const first = await openStore(file);
    const posts = Array.from({ length: 6 }, (_, i) => makePost({ author: { id: `a${i % 3}`, handle: `h${i}` } }));
    await first.apply(posts.map((post) => ({ type: "post" as const, post })));
    const key = (i: number) => `${posts[i]!.network}:${posts[i]!.id}`;
    await first.moderate({ type: "hide", key: key(5) }, "ana");
    await first.moderate({ type: "block", author: `${posts[0]!.network}:a1` }, "ana", { handle: "h1", name: "Author One", excerpt: "a post" });
    await first.moderate({ type: "pin", key: key(3) }, "ana", { handle: "h3" });
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
    expect(before.moderation.blockedProfiles).toEqual({ [`${posts[0]!.network}:a1`]: { handle: "h1", name: "Author One", excerpt: "a post" } });
    expect(before.log.map((entry) => entry.about?.handle)).toEqual([undefined, "h3", "h1", undefined]);
    await first.close();

    const second = await openStore(file);
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

  it("writes the state as it was when the write began, though the store changes while the posts are encoded", async () => {
    const file = path.join(dir, "consistent.state.json");
    const state = createState("c1");
    const posts = Array.from({ length: 5_000 }, (_, i) => makePost({ author: { id: `a${i % 10}`, handle: "h" } }));
    for (const post of posts) applyPost(state, post);
    moderate(state, { type: "pin", key: `other:${posts[10]!.id}` });
    // The insight book holds class instances, which structuredClone cannot copy: it is compared through the snapshot.
    const expected = structuredClone({ ...state, insights: undefined });
    const expectedSnapshot = toSnapshot(state);
    const writing = new StateFile(file).write({ rev: 7, state }, []);
    // Between the chunks of posts: an edit, a delete, a new post, a hide.
    applyPost(state, { ...posts[10]!, version: 1, text: "edited meanwhile" });
    applyDelete(state, `other:${posts[20]!.id}`);
    applyPost(state, makePost());
    moderate(state, { type: "hide", key: `other:${posts[4_999]!.id}` });
    await writing;
    const saved = await new StateFile(file).read("c1");
    expect(saved?.rev).toBe(7);
    expect({ ...saved?.state, insights: undefined }).toEqual(expected);
    expect(toSnapshot(saved!.state)).toEqual(expectedSnapshot);
  });

  it("writes at intervals, atomically, only when something changed", async () => {
    const file = path.join(dir, "interval.state.json");
    // The interval is the store's setInterval, faked: the writes themselves are real.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const store = new MemoryStore("c1", undefined, { file, intervalMs: 100 });
      await store.start();
      await store.apply([{ type: "post", post: makePost() }]);
      vi.advanceTimersByTime(99);
      expect(existsSync(file)).toBe(false);
      vi.advanceTimersByTime(1);
      await waitFor(() => existsSync(file), 5_000, "the first interval's write");
      const saved = JSON.parse(readFileSync(file, "utf8"));
      expect(saved).toMatchObject({ format: 3, campaign: "c1", rev: 1, totals: { posts: 1 } });
      // Nothing changed since: the next intervals leave the file as it is.
      const written = statSync(file).mtimeMs;
      vi.advanceTimersByTime(300);
      await store.save();
      expect(statSync(file).mtimeMs).toBe(written);
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a damaged file or another campaign's file with a message naming the file", async () => {
    const damaged = path.join(dir, "damaged.state.json");
    writeFileSync(damaged, JSON.stringify({ format: 3, campaign: "c1" }));
    await expect(new MemoryStore("c1", undefined, { file: damaged }).start()).rejects.toThrow(/damaged.state.json is not a Pulse state file/);
    writeFileSync(damaged, '{"format":3,"campa');
    await expect(new MemoryStore("c1", undefined, { file: damaged }).start()).rejects.toThrow(/damaged.state.json is not JSON \(.*\); move it away to start afresh/);
    const other = path.join(dir, "other.state.json");
    const store = new MemoryStore("c2", undefined, { file: other });
    await store.start();
    await store.apply([{ type: "post", post: makePost() }]);
    await store.close();
    await expect(new MemoryStore("c1", undefined, { file: other }).start()).rejects.toThrow(/holds campaign c2, not c1/);
  });

  it("refuses a file of the retired formats 1 and 2 (one JSON file) with a message naming the file and its format", async () => {
    const { file } = stateFileIn("retired");
    const state = createState("c1");
    applyPost(state, makePost());
    // The fields both retired formats shared, enough that each would have been read before.
    const counters = {
      campaign: "c1",
      rev: 1,
      savedAt: new Date().toISOString(),
      totals: state.totals,
      records: [...state.records],
      authors: [...state.authors],
      byCountry: [...state.byCountry],
      byOrganization: [],
      timeline: [...state.timeline],
    };
    const retired = {
      1: { ...counters, format: 1, recent: state.recent },
      2: {
        ...counters,
        format: 2,
        lastArrival: state.lastArrival,
        posts: [...state.posts.values()],
        recent: state.recent.map((p) => `${p.network}:${p.id}`),
        moderation: { mode: "auto", hidden: [], blocked: [], pending: [], pinned: [], log: [] },
      },
    };
    for (const [format, content] of Object.entries(retired)) {
      writeFileSync(file, JSON.stringify(content));
      await expect(new MemoryStore("c1", undefined, { file }).start()).rejects.toThrow(
        new RegExp(`state file .*retired-\\w+/c1\\.state\\.json is in format ${format}, which this version of Pulse no longer reads \\(it reads format 3\\); move it away to start afresh`),
      );
      // Refused, not overwritten: the file is still there as it was for whoever moves it away.
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: Number(format) });
    }
  });
});

/** Everything a store shows of its state, to compare a reloaded store with the one that saved. */
async function dump(store: MemoryStore) {
  const posts = [];
  for await (const post of store.allPosts()) posts.push(post);
  return {
    snapshot: await store.snapshot(),
    moderation: await store.moderationState(),
    log: await store.moderationLog(),
    hires: await store.hires(),
    posts,
  };
}

function journalsIn(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith(".journal.ndjson"));
}

describe("the state file's journal", () => {
  it("appends only what changed: a save after one new post writes one line, whatever the day holds", async () => {
    const { folder, file } = stateFileIn("append");
    const store = await openStore(file);
    const posts = Array.from({ length: 2_000 }, (_, i) => makePost({ author: { id: `a${i % 50}`, handle: "h" } }));
    await store.apply(posts.map((post) => ({ type: "post" as const, post })));
    await store.save();
    const [journal] = journalsIn(folder);
    const full = statSync(path.join(folder, journal!)).size;
    const head = statSync(file).size;
    expect(full).toBeGreaterThan(2_000 * 200);

    const newer = makePost();
    await store.apply([{ type: "post", post: newer }]);
    await store.save();
    expect(journalsIn(folder)).toEqual([journal]);
    const lines = readFileSync(path.join(folder, journal!), "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(2_000 + 2);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ key: `other:${newer.id}`, post: { id: newer.id } });
    expect(statSync(path.join(folder, journal!)).size - full).toBe(Buffer.byteLength(lines.at(-1)!) + 1);
    // The head holds the counters and what is on screen, not the posts.
    expect(statSync(file).size).toBeLessThan(head + 1_000);
    expect(head).toBeLessThan(full / 10);

    // The audit log goes to the journal too: a save after three staff actions appends their three entries.
    await store.moderate({ type: "pin", key: `other:${posts[7]!.id}` }, "ana");
    await store.setHires("axa", 12, "ana");
    await store.moderate({ type: "unpin", key: `other:${posts[7]!.id}` }, "ana");
    await store.save();
    const logged = readFileSync(path.join(folder, journal!), "utf8").split("\n").filter(Boolean).slice(lines.length);
    expect(logged.map((line) => JSON.parse(line).log?.action.type)).toEqual(["pin", "setHires", "unpin"]);
    expect(JSON.parse(readFileSync(file, "utf8")).moderation).not.toHaveProperty("log");
    const before = await dump(store);
    await store.close();

    const reloaded = await openStore(file);
    expect(await dump(reloaded)).toEqual(before);
    await reloaded.close();
  });

  it("reloads exactly what was saved, whatever ops and saves came in between, and rewrites a journal grown long", async () => {
    type Step =
      | { type: "post"; author: number }
      | { type: "edit" | "delete" | "hide" | "pin"; pick: number }
      | { type: "block"; author: number }
      | { type: "hires"; org: number; hires: number }
      | { type: "save" };
    const step = fc.oneof(
      { weight: 5, arbitrary: fc.record({ type: fc.constant("post" as const), author: fc.nat(7) }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constantFrom("edit" as const, "delete" as const, "hide" as const, "pin" as const), pick: fc.nat() }) },
      fc.record({ type: fc.constant("block" as const), author: fc.nat(7) }),
      fc.record({ type: fc.constant("hires" as const), org: fc.nat(3), hires: fc.nat(50) }),
      { weight: 2, arbitrary: fc.constant({ type: "save" as const }) },
    );
    let run = 0;
    // Runs in which a save wrote a fresh journal over an existing one: the rewrite must be exercised.
    let rewrites = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.boolean(), async (steps: Step[], compactSoon) => {
        run += 1;
        const folder = mkdtempSync(path.join(dir, `random-${run}-`));
        const file = path.join(folder, "c1.state.json");
        const persistence = { file, intervalMs: 60_000, ...(compactSoon ? { compactMinLines: 3 } : {}) };
        const store = new MemoryStore("c1", undefined, persistence);
        await store.start();
        const sent: Post[] = [];
        const names = new Set<string>();
        const key = (pick: number) => (sent.length ? `other:${sent[pick % sent.length]!.id}` : "other:none");
        for (const s of steps) {
          if (s.type === "post") {
            const post = makePost({ author: { id: `a${s.author}`, handle: `h${s.author}` } });
            sent.push(post);
            await store.apply([{ type: "post", post }]);
          } else if (s.type === "edit" && sent.length) {
            const at = s.pick % sent.length;
            const edited = { ...sent[at]!, text: `edit ${s.pick}`, version: (sent[at]!.version ?? 0) + 1 };
            sent[at] = edited;
            await store.apply([{ type: "post", post: edited }]);
          } else if (s.type === "delete") {
            await store.apply([{ type: "delete", key: key(s.pick) }]);
          } else if (s.type === "hide" || s.type === "pin") {
            await store.moderate({ type: s.type, key: key(s.pick) }, "ana");
          } else if (s.type === "block") {
            await store.moderate({ type: "block", author: `other:a${s.author}` }, "ana");
          } else if (s.type === "hires") {
            await store.setHires(`org${s.org}`, s.hires, "ana");
          } else if (s.type === "save") {
            await store.save();
            names.add(journalsIn(folder).join());
          }
        }
        const before = await dump(store);
        await store.close();
        expect(journalsIn(folder).length).toBeLessThanOrEqual(1);
        names.add(journalsIn(folder).join());
        if (names.size > 1) rewrites += 1;

        const reloaded = new MemoryStore("c1", undefined, persistence);
        await reloaded.start();
        expect(await dump(reloaded)).toEqual(before);
        // Dedupe, tombstones and authors came back too: the same ops give the same outcomes on both.
        const again = [...sent, makePost({ author: { id: "a1", handle: "h1" } })].map((post) => ({ type: "post" as const, post }));
        expect(await reloaded.apply(again)).toEqual(await store.apply(again));
        expect((await reloaded.snapshot()).snapshot.totals).toEqual((await store.snapshot()).snapshot.totals);
        await reloaded.close();
        rmSync(folder, { recursive: true, force: true });
      }),
      { numRuns: 40, seed: 20150224 },
    );
    expect(rewrites).toBeGreaterThan(0);
  });

  it("keeps the audit log's last entries across saves, also when more than the log holds came in between", async () => {
    const { file } = stateFileIn("log");
    const store = await openStore(file);
    for (let i = 0; i < 10; i++) await store.setHires("axa", i + 1, "ana");
    await store.save();
    // More entries than MODERATION_LOG_LIMIT: the last one saved is no longer in the log.
    for (let i = 0; i < MODERATION_LOG_LIMIT + 1; i++) await store.setHires("orange", i + 1, "ana");
    await store.save();
    const before = await dump(store);
    expect(before.log).toHaveLength(MODERATION_LOG_LIMIT);
    await store.close();

    const reloaded = await openStore(file);
    expect(await dump(reloaded)).toEqual(before);
    // And a save after the reload appends only what is new.
    await reloaded.setHires("axa", 99, "ana");
    await reloaded.close();
    const third = await openStore(file);
    expect((await third.moderationLog(2)).map((entry) => entry.action)).toEqual([
      { type: "setHires", orgId: "axa", hires: 99, previous: 10 },
      { type: "setHires", orgId: "orange", hires: MODERATION_LOG_LIMIT + 1, previous: MODERATION_LOG_LIMIT },
    ]);
    expect(await third.moderationLog()).toHaveLength(MODERATION_LOG_LIMIT);
    await third.close();
  });

  it("ignores and cuts what an unfinished save left: bytes past the head's mark, and a journal no head names", async () => {
    const { folder, file } = stateFileIn("crash");
    const store = await openStore(file);
    await store.apply([1, 2, 3].map(() => ({ type: "post" as const, post: makePost() })));
    const before = await dump(store);
    await store.close();
    const [journal] = journalsIn(folder);
    const size = statSync(path.join(folder, journal!)).size;
    // A save that appended (half a line, even) and died before its head moved; another that wrote a fresh journal.
    appendFileSync(path.join(folder, journal!), `{"key":"other:lost","record":{"country":"FR"`);
    writeFileSync(path.join(folder, "c1.state.deadbeef.journal.ndjson"), "{}\n");

    const reloaded = await openStore(file);
    expect(await dump(reloaded)).toEqual(before);
    expect(journalsIn(folder)).toEqual([journal]);
    expect(statSync(path.join(folder, journal!)).size).toBe(size);
    // The next save appends after the mark, and the one after reads back whole.
    const newer = makePost();
    await reloaded.apply([{ type: "post", post: newer }]);
    await reloaded.close();
    const third = await openStore(file);
    expect((await third.snapshot()).snapshot.totals.posts).toBe(4);
    expect(await third.post(`other:${newer.id}`)).toBeDefined();
    await third.close();
  });

  it("refuses a journal that is missing, cut short or damaged, with a message naming it", async () => {
    const { folder, file } = stateFileIn("damaged");
    const store = await openStore(file);
    await store.apply([{ type: "post", post: makePost() }, { type: "post", post: makePost() }]);
    await store.close();
    const journal = path.join(folder, journalsIn(folder)[0]!);
    const text = readFileSync(journal, "utf8");
    const start = () => new MemoryStore("c1", undefined, { file }).start();

    // A number where a country code belongs, of the same length, so only the line's content is wrong.
    writeFileSync(journal, text.replace(/"country":("[^"]*")/, (_, code: string) => `"country":${"7".repeat(code.length)}`));
    await expect(start()).rejects.toThrow(/journal .*\.journal\.ndjson, line 2: not a journal line/);
    writeFileSync(journal, text.slice(0, -10));
    await expect(start()).rejects.toThrow(/journal .* holds \d+ bytes, but state file .*c1.state.json counts \d+: it was cut/);
    rmSync(journal);
    await expect(start()).rejects.toThrow(/state file .*c1.state.json names journal .*, which is missing/);
  });
});
