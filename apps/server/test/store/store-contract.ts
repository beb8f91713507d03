/**
 * The one contract every `Store` is held to (Ghost's `runStoreContract`, socket.io-redis-adapter's `testSuite`).
 * `memory-store.test.ts` and `redis-store.test.ts` run it; a new store passes it before it ships.
 *
 * Authors are counted by a HyperLogLog in Redis; every test keeps to a few dozen authors, where it is exact.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  applyDelta,
  minuteOf,
  postKey,
  RECENT_LIMIT,
  type Post,
  type PostKind,
  type Snapshot,
} from "@pulse/shared";
import type { Store, StoreChange, StoreListener, StoreOp } from "../../src/store/store.js";

/** Makes a new, empty, started store for one test. The suite closes it. */
export type MakeStore = () => Promise<Store>;

/** The campaign id every contract store is made for. */
export const CONTRACT_CAMPAIGN = "contract";

const T0 = Date.parse("2015-02-24T08:00:00.000Z");

/** A post on network `x` with id `id`; `minute` offsets `createdAt` from 08:00 UTC. */
export function post(id: string, overrides: Partial<Post> & { minute?: number } = {}): Post {
  const { minute = 0, ...rest } = overrides;
  return {
    network: "x",
    id,
    createdAt: new Date(T0 + minute * 60_000 + 17_000).toISOString(),
    text: `post ${id}`,
    author: { id: `author-${id}`, handle: `handle_${id}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
    ...rest,
  };
}

const add = (p: Post): StoreOp => ({ type: "post", post: p });
const del = (key: string): StoreOp => ({ type: "delete", key });

/** Records the feed of one subscriber. */
export class Feed implements StoreListener {
  readonly changes: StoreChange[] = [];
  gaps = 0;

  onChange(change: StoreChange): void {
    this.changes.push(change);
  }

  onGap(): void {
    this.gaps += 1;
  }

  /** The rev of the last change received, 0 before any. */
  get rev(): number {
    return this.changes.at(-1)?.rev ?? 0;
  }

  /** Waits until the change with `rev` has arrived. */
  async until(rev: number): Promise<void> {
    await vi.waitFor(() => expect(this.rev).toBeGreaterThanOrEqual(rev), { timeout: 5_000, interval: 5 });
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The internal consistency every snapshot keeps, whatever happened before. */
function expectConsistent(snapshot: Snapshot): void {
  const { totals } = snapshot;
  expect(sum(snapshot.timeline.map((p) => p.posts))).toBe(totals.posts);
  expect(sum(Object.values(snapshot.byCountry))).toBe(totals.posts);
  expect(totals.originals + totals.retweets + totals.replies + totals.quotes).toBe(totals.posts);
  const ts = snapshot.timeline.map((p) => p.t);
  expect(ts).toEqual([...ts].sort((a, b) => a - b));
  expect(snapshot.recent.length).toBeLessThanOrEqual(RECENT_LIMIT);
  expect(new Set(snapshot.recent.map(postKey)).size).toBe(snapshot.recent.length);
}

/** Runs the store contract against the stores `makeStore` creates. */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store contract`, () => {
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

    async function snap(store: Store): Promise<Snapshot> {
      return (await store.snapshot()).snapshot;
    }

    it("starts empty, healthy, at rev 0", async () => {
      const { store } = await fresh();
      expect(store.isHealthy()).toBe(true);
      expect(await store.snapshot()).toEqual({
        rev: 0,
        snapshot: {
          seq: 0,
          campaign: CONTRACT_CAMPAIGN,
          totals: { posts: 0, authors: 0, originals: 0, retweets: 0, replies: 0, quotes: 0 },
          byCountry: {},
          byOrganization: {},
          timeline: [],
          recent: [],
        },
      });
    });

    it("counts posts, authors and each kind", async () => {
      const { store } = await fresh();
      const kinds: PostKind[] = ["original", "retweet", "reply", "quote", "original", "original", "retweet"];
      const posts = kinds.map((kind, i) => post(`k${i}`, { kind, author: { id: `a${i % 3}`, handle: `h${i % 3}` } }));
      expect(await store.apply(posts.slice(0, 3).map(add))).toEqual(["accepted", "accepted", "accepted"]);
      expect(await store.apply(posts.slice(3).map(add))).toEqual(["accepted", "accepted", "accepted", "accepted"]);
      const snapshot = await snap(store);
      expect(snapshot.totals).toEqual({ posts: 7, authors: 3, originals: 3, retweets: 2, replies: 1, quotes: 1 });
      expect(snapshot.byCountry).toEqual({ unknown: 7 });
      expect(snapshot.timeline).toEqual([{ t: minuteOf(posts[0]!.createdAt), posts: 7 }]);
      expectConsistent(snapshot);
    });

    it("counts a post once per network:id; a duplicate changes nothing and publishes nothing", async () => {
      const { store, feed } = await fresh();
      const original = post("dup", { country: "FR" });
      expect(await store.apply([add(original), add({ ...original, text: "same key, other text" })])).toEqual([
        "accepted",
        "duplicate",
      ]);
      await feed.until(1);
      const before = await store.snapshot();
      expect(before.rev).toBe(1);
      expect(await store.apply([add(original), add({ ...original, kind: "retweet", country: "DE" })])).toEqual([
        "duplicate",
        "duplicate",
      ]);
      expect(await store.snapshot()).toEqual(before);
      // The same id on another network is another post.
      expect(await store.apply([add({ ...original, network: "mastodon" })])).toEqual(["accepted"]);
      await feed.until(2);
      expect(feed.changes.map((c) => c.rev)).toEqual([1, 2]);
      expect((await snap(store)).totals.posts).toBe(2);
    });

    it("lets the higher version of an edit win, whatever order the versions arrive in", async () => {
      const { store } = await fresh();
      const v = (version: number) => post("edited", { version, text: `version ${version}` });
      expect(await store.apply([add(v(0))])).toEqual(["accepted"]);
      expect(await store.apply([add(v(2))])).toEqual(["updated"]);
      expect(await store.apply([add(v(1)), add(v(2))])).toEqual(["duplicate", "duplicate"]);
      let snapshot = await snap(store);
      expect(snapshot.totals.posts).toBe(1);
      expect(snapshot.recent.map((p) => p.text)).toEqual(["version 2"]);

      // Newest version first: the older ones that follow are duplicates.
      expect(await store.apply([add(post("late", { version: 3, text: "v3" })), add(post("late", { version: 1 }))])).toEqual(
        ["accepted", "duplicate"],
      );
      snapshot = await snap(store);
      expect(snapshot.totals.posts).toBe(2);
      expect(snapshot.recent.map((p) => [p.id, p.text])).toEqual([
        ["late", "v3"],
        ["edited", "version 2"],
      ]);
      expectConsistent(snapshot);
    });

    it("replaces an edited post in place in recent, also within one batch", async () => {
      const { store, feed } = await fresh();
      const initial = await store.snapshot();
      await store.apply([add(post("a")), add(post("b")), add(post("a", { version: 1, text: "a, edited" }))]);
      await store.apply([add(post("c")), add(post("b", { version: 1, text: "b, edited" }))]);
      const now = await store.snapshot();
      expect(now.snapshot.recent.map((p) => [p.id, p.text])).toEqual([
        ["c", "post c"],
        ["b", "b, edited"],
        ["a", "a, edited"],
      ]);
      await feed.until(now.rev);
      expect(replay(initial.snapshot, feed.changes)).toEqual(now.snapshot);
    });

    it("gives back every counter but authors when a post is deleted, and keeps it deleted", async () => {
      const { store } = await fresh();
      const gone = post("gone", { country: "FR", orgId: "acme", kind: "reply", minute: 3 });
      const stays = post("stays", { country: "FR", orgId: "acme", minute: 3 });
      await store.apply([add(gone), add(stays)]);
      expect(await store.apply([del(postKey(gone))])).toEqual(["deleted"]);
      const snapshot = await snap(store);
      expect(snapshot.totals).toEqual({ posts: 1, authors: 2, originals: 1, retweets: 0, replies: 0, quotes: 0 });
      expect(snapshot.byCountry).toEqual({ FR: 1 });
      expect(snapshot.byOrganization).toEqual({ acme: 1 });
      expect(snapshot.timeline).toEqual([{ t: minuteOf(gone.createdAt), posts: 1 }]);
      expect(snapshot.recent.map((p) => p.id)).toEqual(["stays"]);
      expectConsistent(snapshot);

      // A second delete and a late copy are duplicates.
      expect(await store.apply([del(postKey(gone)), add(gone), add({ ...gone, version: 5 })])).toEqual([
        "duplicate",
        "duplicate",
        "duplicate",
      ]);
      expect(await snap(store)).toEqual(snapshot);
    });

    it("leaves a tombstone for a delete that arrives before its post", async () => {
      const { store, feed } = await fresh();
      const early = post("early", { country: "BE" });
      expect(await store.apply([del(postKey(early))])).toEqual(["deleted"]);
      expect(await store.apply([add(early), del(postKey(early))])).toEqual(["duplicate", "duplicate"]);
      expect(await store.snapshot()).toMatchObject({ rev: 0, snapshot: { totals: { posts: 0, authors: 0 }, recent: [] } });
      // Nothing changed on screen, so nothing was published.
      await store.apply([add(post("marker"))]);
      await feed.until(1);
      expect(feed.changes).toHaveLength(1);
    });

    it("keeps timeline and byCountry summing to totals.posts, and counts byOrganization", async () => {
      const { store } = await fresh();
      const countries = ["FR", "BE", undefined, "DE", "FR"];
      const orgs = ["acme", undefined, "globex", "acme", undefined];
      const ops: StoreOp[] = [];
      for (let i = 0; i < 40; i += 1) {
        const country = countries[i % countries.length];
        const orgId = orgs[i % orgs.length];
        ops.push(
          add(
            post(`s${i}`, {
              minute: i % 7,
              kind: (["original", "retweet", "reply", "quote"] as const)[i % 4],
              author: { id: `a${i % 9}`, handle: `h${i % 9}` },
              ...(country ? { country } : {}),
              ...(orgId ? { orgId } : {}),
            }),
          ),
        );
      }
      for (let i = 0; i < 40; i += 3) ops.push(del(`x:s${i}`));
      await store.apply(ops);
      const snapshot = await snap(store);
      expectConsistent(snapshot);
      // 40 posts, 14 deleted (i = 0, 3, ..., 39).
      expect(snapshot.totals.posts).toBe(26);
      expect(snapshot.totals.authors).toBe(9);
      expect(snapshot.timeline).toHaveLength(7);
      const expected = { country: {} as Record<string, number>, org: {} as Record<string, number> };
      for (let i = 0; i < 40; i += 1) {
        const alive = i % 3 !== 0 ? 1 : 0;
        const country = countries[i % countries.length] ?? "unknown";
        expected.country[country] = (expected.country[country] ?? 0) + alive;
        const org = orgs[i % orgs.length];
        if (org) expected.org[org] = (expected.org[org] ?? 0) + alive;
      }
      expect(snapshot.byCountry).toEqual(expected.country);
      expect(snapshot.byOrganization).toEqual(expected.org);
    });

    it("keeps recent newest first and bounded by RECENT_LIMIT", async () => {
      const { store } = await fresh();
      const count = RECENT_LIMIT + 12;
      for (let i = 0; i < count; i += 4) {
        await store.apply(
          Array.from({ length: Math.min(4, count - i) }, (_, j) =>
            add(post(`r${i + j}`, { author: { id: `a${(i + j) % 5}`, handle: "h" } })),
          ),
        );
      }
      let recent = (await snap(store)).recent;
      expect(recent).toHaveLength(RECENT_LIMIT);
      expect(recent.map((p) => p.id)).toEqual(Array.from({ length: RECENT_LIMIT }, (_, i) => `r${count - 1 - i}`));
      // A delete takes the post off; an edit of a post that left recent does not bring it back.
      await store.apply([del(`x:r${count - 1}`), add(post("r0", { version: 1 }))]);
      recent = (await snap(store)).recent;
      expect(recent).toHaveLength(RECENT_LIMIT - 1);
      expect(recent[0]?.id).toBe(`r${count - 2}`);
      expect(recent.map((p) => p.id)).not.toContain("r0");
    });

    it("publishes exactly what apply did, as absolute values with the next rev", async () => {
      const { store, feed } = await fresh();
      const first = post("f1", { country: "FR", orgId: "acme", minute: 2 });
      await store.apply([add(first)]);
      await feed.until(1);
      const t = minuteOf(first.createdAt);
      expect(feed.changes[0]).toEqual({
        rev: 1,
        change: {
          totals: { posts: 1, originals: 1, authors: 1 },
          byCountry: { FR: 1 },
          byOrganization: { acme: 1 },
          timeline: [{ t, posts: 1 }],
          posts: [first],
          removed: [],
        },
      } satisfies StoreChange);

      const second = post("f2", { country: "FR", kind: "quote", minute: 1, author: first.author });
      await store.apply([add(second), del(postKey(first))]);
      await feed.until(2);
      expect(feed.changes[1]).toEqual({
        rev: 2,
        change: {
          totals: { posts: 1, quotes: 1, originals: 0 },
          byCountry: { FR: 1 },
          byOrganization: { acme: 0 },
          timeline: [
            { t: t - 60_000, posts: 1 },
            { t, posts: 0 },
          ],
          posts: [second],
          removed: [postKey(first)],
        },
      } satisfies StoreChange);
      expect(feed.changes).toHaveLength(2);
    });

    it("feeds changes that, applied to a first snapshot, reproduce snapshot()", async () => {
      const { store, feed } = await fresh();
      await store.apply([add(post("before", { country: "FR" }))]);
      await feed.until(1);
      const start = await store.snapshot();
      const seen = feed.changes.length;
      const batches: StoreOp[][] = [
        [add(post("m1", { country: "FR", orgId: "acme" })), add(post("m2", { minute: 1, kind: "retweet" }))],
        [add(post("m1", { version: 1, text: "m1 edited" })), add(post("m3", { country: "DE", minute: 2 }))],
        [del("x:m2"), del("x:never-seen"), add(post("m2"))],
        Array.from({ length: RECENT_LIMIT + 5 }, (_, i) =>
          add(post(`bulk${i}`, { minute: i % 4, author: { id: `a${i % 6}`, handle: "h" } })),
        ),
        [del("x:bulk3"), del(`x:bulk${RECENT_LIMIT + 4}`), add(post(`bulk${RECENT_LIMIT + 3}`, { version: 2, text: "e" }))],
        [add(post("before", { country: "FR" }))],
      ];
      for (const ops of batches) await store.apply(ops);
      const end = await store.snapshot();
      expect(end.rev).toBe(start.rev + batches.length - 1);
      await feed.until(end.rev);
      const fed = feed.changes.slice(seen);
      expect(fed.map((c) => c.rev)).toEqual(Array.from({ length: batches.length - 1 }, (_, i) => start.rev + i + 1));
      expect(replay(start.snapshot, fed)).toEqual(end.snapshot);
      expectConsistent(end.snapshot);
    });

    it("applies a batch of 2,000 ops in one call", async () => {
      const { store, feed } = await fresh();
      const ops: StoreOp[] = [];
      for (let i = 0; i < 1_800; i += 1) {
        ops.push(
          add(
            post(`big${i}`, {
              minute: i % 60,
              country: (["FR", "BE", "DE", "IT"] as const)[i % 4],
              author: { id: `a${i % 25}`, handle: `h${i % 25}` },
              kind: i % 10 === 0 ? "retweet" : "original",
            }),
          ),
        );
      }
      for (let i = 0; i < 100; i += 1) ops.push(add(post(`big${i}`)));
      for (let i = 0; i < 100; i += 1) ops.push(del(`x:big${i * 2}`));
      expect(ops).toHaveLength(2_000);
      const outcomes = await store.apply(ops);
      expect(outcomes).toHaveLength(2_000);
      expect(outcomes.filter((o) => o === "accepted")).toHaveLength(1_800);
      expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(100);
      expect(outcomes.filter((o) => o === "deleted")).toHaveLength(100);
      const end = await store.snapshot();
      expect(end.snapshot.totals).toEqual({ posts: 1_700, authors: 25, originals: 1_540, retweets: 160, replies: 0, quotes: 0 });
      expect(end.snapshot.recent.map((p) => p.id)).toEqual(
        Array.from({ length: RECENT_LIMIT }, (_, i) => `big${1_799 - i}`),
      );
      expectConsistent(end.snapshot);
      await feed.until(end.rev);
      expect(feed.changes).toHaveLength(1);
      expect(replay(emptySnapshot(), feed.changes)).toEqual(end.snapshot);
    });

    it("delivers to every subscriber until it unsubscribes", async () => {
      const { store, feed } = await fresh();
      const other = new Feed();
      const unsubscribe = await store.subscribe(other);
      await store.apply([add(post("one"))]);
      await feed.until(1);
      await other.until(1);
      unsubscribe();
      await store.apply([add(post("two"))]);
      await feed.until(2);
      expect(other.changes.map((c) => c.rev)).toEqual([1]);
      expect(await store.apply([])).toEqual([]);
    });
  });
}

function emptySnapshot(): Snapshot {
  return {
    seq: 0,
    campaign: CONTRACT_CAMPAIGN,
    totals: { posts: 0, authors: 0, originals: 0, retweets: 0, replies: 0, quotes: 0 },
    byCountry: {},
    byOrganization: {},
    timeline: [],
    recent: [],
  };
}

/** What a client holds after applying `changes` to `snapshot`. */
export function replay(snapshot: Snapshot, changes: readonly StoreChange[]): Snapshot {
  return changes.reduce<Snapshot>((state, fed) => applyDelta(state, fed.change), snapshot);
}
