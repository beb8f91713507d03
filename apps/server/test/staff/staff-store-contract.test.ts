/**
 * What the staff features add to the `Store` contract, held against both stores: posts that arrive hidden (the
 * keyword blocklist), hires per organization and the saved blocklist.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { postKey } from "@pulse/shared";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import type { Store } from "../../src/store/store.js";
import { CONTRACT_CAMPAIGN, Feed, post } from "../store/store-contract.js";
import { testPrefix } from "../support/start-pulse.js";

function runStaffStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name}: staff additions to the store contract`, () => {
    const open: Store[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    async function fresh(): Promise<{ store: Store; feed: Feed }> {
      const store = await makeStore();
      open.push(store);
      const feed = new Feed();
      await store.subscribe(feed);
      return { store, feed };
    }

    it("counts a post that arrives hidden, never shows it, and lets staff unhide it", async () => {
      const { store, feed } = await fresh();
      const shown = post("shown", { country: "FR" });
      const hidden = post("hidden", { country: "FR" });
      expect(await store.apply([{ type: "post", post: shown }, { type: "post", post: hidden, hidden: true }])).toEqual([
        "accepted",
        "accepted",
      ]);
      await feed.until(1);
      // Counted in the published change, but not among its posts.
      expect(feed.changes[0]?.change.totals.posts).toBe(2);
      expect(feed.changes[0]?.change.posts.map(postKey)).toEqual(["x:shown"]);
      const { snapshot } = await store.snapshot();
      expect(snapshot.totals.posts).toBe(2);
      expect(snapshot.byCountry).toEqual({ FR: 2 });
      expect(snapshot.recent.map(postKey)).toEqual(["x:shown"]);
      expect(await store.post("x:hidden")).toMatchObject({ state: "hidden", hidden: true, pending: false });
      expect((await store.moderationState()).hidden).toEqual(["x:hidden"]);

      expect(await store.moderate({ type: "unhide", key: "x:hidden" }, "test")).toMatchObject({ outcome: "changed" });
      expect((await store.snapshot()).snapshot.recent.map(postKey)).toEqual(["x:hidden", "x:shown"]);
      expect((await store.snapshot()).snapshot.totals.posts).toBe(2);
    });

    it("keeps a post that arrives hidden out of the approval queue", async () => {
      const { store } = await fresh();
      await store.moderate({ type: "setMode", mode: "approve" }, "test");
      await store.apply([
        { type: "post", post: post("queued") },
        { type: "post", post: post("screened"), hidden: true },
      ]);
      const state = await store.moderationState();
      expect(state.queue.map(postKey)).toEqual(["x:queued"]);
      expect(state.queued).toBe(1);
      expect(await store.post("x:screened")).toMatchObject({ state: "hidden", pending: false });
    });

    it("ignores the hidden flag on a duplicate or an edit: what was decided stays", async () => {
      const { store } = await fresh();
      const original = post("kept", { version: 1 });
      await store.apply([{ type: "post", post: original }]);
      expect(
        await store.apply([
          { type: "post", post: original, hidden: true },
          { type: "post", post: { ...original, text: "edited", version: 2 }, hidden: true },
        ]),
      ).toEqual(["duplicate", "updated"]);
      expect(await store.post("x:kept")).toMatchObject({ state: "visible", hidden: false });
      expect((await store.snapshot()).snapshot.recent.map((p) => p.text)).toEqual(["edited"]);
    });

    it("does not hide a post deleted before it arrives (a tombstone)", async () => {
      const { store } = await fresh();
      await store.apply([{ type: "delete", key: "x:gone" }]);
      expect(await store.apply([{ type: "post", post: post("gone"), hidden: true }])).toEqual(["duplicate"]);
      expect((await store.moderationState()).hidden).toEqual([]);
    });

    it("keeps hires per organization", async () => {
      const { store } = await fresh();
      expect(await store.hires()).toEqual({});
      await store.setHires("axa", 12, "test");
      await store.setHires("orange", 0, "test");
      await store.setHires("axa", 14, "test");
      expect(await store.hires()).toEqual({ axa: 14, orange: 0 });
    });

    it("keeps the blocklist staff saved; none saved reads as undefined", async () => {
      const { store } = await fresh();
      expect(await store.blocklist()).toBeUndefined();
      await store.setBlocklist(["spam", "ça suffit", "l'arnaque"], "test");
      expect(await store.blocklist()).toEqual(["spam", "ça suffit", "l'arnaque"]);
      await store.setBlocklist([], "test");
      expect(await store.blocklist()).toEqual([]);
    });
  });
}

runStaffStoreContract("MemoryStore", async () => {
  const store = new MemoryStore(CONTRACT_CAMPAIGN);
  await store.start();
  return store;
});

const redisUrl = inject("redisUrl");
const prefix = testPrefix();
let redisStores = 0;
afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, prefix);
});

runStaffStoreContract("RedisStore", async () => {
  redisStores += 1;
  const store = new RedisStore({ url: redisUrl, campaignId: CONTRACT_CAMPAIGN, keyPrefix: `${prefix}${redisStores}:` });
  await store.start();
  return store;
});

describe("MemoryStore keeps staff settings in its state file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pulse-staff-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reloads hires, the blocklist and posts that arrived hidden", async () => {
    const file = path.join(dir, "state.json");
    const first = new MemoryStore(CONTRACT_CAMPAIGN, undefined, { file, intervalMs: 60_000 });
    await first.start();
    await first.apply([{ type: "post", post: post("screened"), hidden: true }]);
    await first.setHires("axa", 3, "test");
    await first.setBlocklist(["arnaque"], "test");
    const log = await first.moderationLog();
    expect(log.map((entry) => entry.action.type)).toEqual(["setBlocklist", "setHires"]);
    await first.close();

    const second = new MemoryStore(CONTRACT_CAMPAIGN, undefined, { file, intervalMs: 60_000 });
    await second.start();
    try {
      expect(await second.hires()).toEqual({ axa: 3 });
      expect(await second.blocklist()).toEqual(["arnaque"]);
      // The audit entries of both edits too.
      expect(await second.moderationLog()).toEqual(log);
      expect(await second.post("x:screened")).toMatchObject({ state: "hidden" });
    } finally {
      await second.close();
    }
  });

  it("writes the file when only staff settings changed", async () => {
    const file = path.join(dir, "settings-only.json");
    const first = new MemoryStore(CONTRACT_CAMPAIGN, undefined, { file, intervalMs: 60_000 });
    await first.start();
    await first.setHires("orange", 7, "test");
    await first.close();
    const second = new MemoryStore(CONTRACT_CAMPAIGN, undefined, { file, intervalMs: 60_000 });
    await second.start();
    try {
      expect(await second.hires()).toEqual({ orange: 7 });
    } finally {
      await second.close();
    }
  });
});
