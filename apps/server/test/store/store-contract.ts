/**
 * The one contract every `Store` is held to (Ghost's `runStoreContract`, socket.io-redis-adapter's `testSuite`).
 * `memory-store.test.ts` and `redis-store.test.ts` run it; a new store passes it before it ships.
 *
 * Authors are counted by a HyperLogLog in Redis; every test keeps to a few dozen authors, where it is exact.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  applyDelta,
  createInsightReader,
  diffSnapshots,
  INSIGHT_LIST_LIMIT,
  postInsight,
  emptyChange,
  FEED_BURST,
  minuteOf,
  MODERATION_LOG_LIMIT,
  PIN_LIMIT,
  postKey,
  RECENT_LIMIT,
  type ModeratedPost,
  type Post,
  type PostKind,
  type Snapshot,
} from "@pulse/shared";
import type { Store, StoreChange, StoreListener, StoreOp } from "../../src/store/store.js";

/**
 * Makes a new, empty, started store for one test. The suite closes it. `feedPerSecond` is the live feed's pace
 * (`FEED_MAX_PER_SEC`); absent, every visible post comes on screen.
 */
export type MakeStore = (options?: { feedPerSecond?: number }) => Promise<Store>;

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

    async function fresh(options?: { feedPerSecond?: number }): Promise<{ store: Store; feed: Feed }> {
      const store = await makeStore(options);
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
      expect(await store.snapshot()).toEqual({ rev: 0, snapshot: emptySnapshot() });
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

    it("paces the feed: past a burst, posts are counted but stay off screen, even when moderation refills it", async () => {
      // One post a 100 s: nothing refills while the test runs, however slow the machine.
      const { store, feed } = await fresh({ feedPerSecond: 0.01 });
      const by = (author: string) => ({ author: { id: author, handle: author } });
      const first = await snap(store);
      const burst = Array.from({ length: FEED_BURST }, (_, i) => add(post(`b${i}`, by(`a${i % 7}`))));
      await store.apply(burst);
      const late = Array.from({ length: 5 }, (_, i) => add(post(`late${i}`, by(`a${i % 7}`))));
      await store.apply(late);
      let now = await snap(store);
      expect(now.totals.posts).toBe(FEED_BURST + 5);
      expect(now.recent.map((p) => p.id)).toEqual(Array.from({ length: RECENT_LIMIT }, (_, i) => `b${FEED_BURST - 1 - i}`));
      // The paced batch still published its counts, with no post.
      await feed.until((await store.snapshot()).rev);
      expect(feed.changes.at(-1)?.change.totals.posts).toBe(FEED_BURST + 5);
      expect(feed.changes.at(-1)?.change.posts).toEqual([]);

      // Hiding the newest post refills the window from older posts the pace let through, never from paced ones.
      expect(await store.moderate({ type: "hide", key: `x:b${FEED_BURST - 1}` }, "test")).toMatchObject({ outcome: "changed" });
      now = await snap(store);
      expect(now.recent).toHaveLength(RECENT_LIMIT);
      expect(now.recent.map((p) => p.id)).not.toContain("late0");
      expect(now.recent.at(-1)?.id).toBe(`b${FEED_BURST - 1 - RECENT_LIMIT}`);
      // A paced post is stored, and staff can still pin it.
      expect((await store.post("x:late4"))?.state).toBe("visible");
      await store.moderate({ type: "pin", key: "x:late4" }, "test");
      now = await snap(store);
      expect(now.pinned?.map((p) => p.id)).toEqual(["late4"]);
      await feed.until((await store.snapshot()).rev);
      expect(replay(first, feed.changes)).toEqual(now);
      expectConsistent(now);
    });

    it("takes a new feed pace live: a paced feed shows every post once the pace is 0, and is paced again after", async () => {
      const { store } = await fresh({ feedPerSecond: 0.01 });
      const by = (author: string) => ({ author: { id: author, handle: author } });
      await store.apply(Array.from({ length: FEED_BURST }, (_, i) => add(post(`b${i}`, by(`a${i % 7}`)))));
      await store.apply([add(post("paced", by("a1")))]);
      expect((await snap(store)).recent[0]?.id).toBe(`b${FEED_BURST - 1}`);
      store.setFeedPace(0);
      await store.apply([add(post("unpaced", by("a2")))]);
      expect((await snap(store)).recent[0]?.id).toBe("unpaced");
      // Paced again: the bucket is as the burst left it (nothing refills while the test runs), so posts stay off screen.
      store.setFeedPace(0.01);
      await store.apply([add(post("paced-again", by("a3")))]);
      const now = await snap(store);
      expect(now.recent[0]?.id).toBe("unpaced");
      expect(now.totals.posts).toBe(FEED_BURST + 3);
    });

    it("gives a batch bigger than the feed's places to its newest posts, so recent still starts with the newest", async () => {
      const { store } = await fresh({ feedPerSecond: 0.01 });
      const extra = 30;
      const by = (author: string) => ({ author: { id: author, handle: author } });
      await store.apply([
        add(post("early", by("a9"))),
        ...Array.from({ length: FEED_BURST + extra }, (_, i) => add(post(`n${i}`, by(`a${i % 7}`)))),
        add(post("n0", { ...by("a0"), version: 0 })),
      ]);
      const now = await snap(store);
      expect(now.totals.posts).toBe(FEED_BURST + extra + 1);
      expect(now.recent[0]?.id).toBe(`n${FEED_BURST + extra - 1}`);
      // The places went to the newest FEED_BURST: refilling the window after hides never reaches the oldest.
      for (let i = 0; i < FEED_BURST - 1; i += 1) {
        await store.moderate({ type: "hide", key: `x:n${FEED_BURST + extra - 1 - i}` }, "test");
      }
      const left = (await snap(store)).recent.map((p) => p.id);
      expect(left).toEqual([`n${extra}`]);
    });

    it("publishes exactly what apply did, as absolute values with the next rev", async () => {
      const { store, feed } = await fresh();
      const first = post("f1", { country: "FR", orgId: "acme", minute: 2 });
      await store.apply([add(first)]);
      await feed.until(1);
      const t = minuteOf(first.createdAt);
      // Insight changes have tests of their own ("insights" below).
      const counters = (fed: StoreChange | undefined) => fed && { rev: fed.rev, change: { ...fed.change, insights: undefined } };
      expect(counters(feed.changes[0])).toEqual({
        rev: 1,
        change: {
          totals: { posts: 1, originals: 1, authors: 1 },
          byCountry: { FR: 1 },
          byOrganization: { acme: 1 },
          timeline: [{ t, posts: 1 }],
          // The store stamps each post with its arrival rank.
          posts: [{ ...first, arrival: 1 }],
          removed: [],
        },
      } satisfies StoreChange);

      const second = post("f2", { country: "FR", kind: "quote", minute: 1, author: first.author });
      await store.apply([add(second), del(postKey(first))]);
      await feed.until(2);
      expect(counters(feed.changes[1])).toEqual({
        rev: 2,
        change: {
          totals: { posts: 1, quotes: 1, originals: 0 },
          byCountry: { FR: 1 },
          byOrganization: { acme: 0 },
          timeline: [
            { t: t - 60_000, posts: 1 },
            { t, posts: 0 },
          ],
          posts: [{ ...second, arrival: 2 }],
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
      // What a relay's reconcile computes: a re-read with nothing new must send nothing, not every post again.
      expect(diffSnapshots(replay(start.snapshot, fed), end.snapshot)).toEqual(emptyChange());
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

    /** Counters, which moderation never changes: the snapshot without recent and pinned. */
    function counters(snapshot: Snapshot): Omit<Snapshot, "recent" | "pinned"> {
      const { recent: _r, pinned: _p, ...rest } = snapshot;
      return rest;
    }

    describe("insights", () => {
      /** The op ingest sends: the post with what it adds, read with a campaign whose own hashtag is #VotreJob. */
      const reader = createInsightReader({
        hashtags: [{ tag: "VotreJob", country: "FR" }],
        organizations: [{ id: "orange", name: "Orange", country: "FR", kind: "company", handles: { x: "OrangeRecrute" } }],
      });
      const counted = (p: Post): StoreOp => ({ type: "post", post: p, insight: postInsight(p, reader) });
      const insightsOf = async (store: Store) => (await snap(store)).insights;

      it("counts other hashtags, mentions, posters, domains, languages and organizations exactly, most first and ties by key", async () => {
        const { store, feed } = await fresh();
        await store.apply([
          counted(post("i1", { hashtags: ["votrejob", "cdi", "jobs"], mentions: ["OrangeRecrute"], urls: ["https://www.orange.com/a", "https://orange.com/b"], lang: "fr", author: { id: "u1", handle: "Ana", name: "Ana B" } })),
          counted(post("i2", { hashtags: ["VotreJob", "CDI"], mentions: ["@axa"], urls: ["https://t.co/xyz"], lang: "en", author: { id: "u2", handle: "bo" } })),
          counted(post("i3", { hashtags: ["alternance"], author: { id: "u1", handle: "Ana", name: "Ana B" }, text: "Nous recrutons" })),
          // Orange's own offer: counted for Orange, not as a mention of it.
          counted(post("i4", { author: { id: "o", handle: "OrangeRecrute" }, orgId: "orange", mentions: ["orangerecrute"], text: "Nous recrutons ! Poste à pourvoir en CDI", lang: "fr" })),
        ]);
        const insights = await insightsOf(store);
        expect(insights?.hashtags).toEqual([
          { tag: "cdi", posts: 2 },
          { tag: "alternance", posts: 1 },
          { tag: "jobs", posts: 1 },
        ]);
        expect(insights?.mentions).toEqual([
          { handle: "orangerecrute", posts: 2 },
          { handle: "axa", posts: 1 },
        ]);
        expect(insights?.domains).toEqual([
          { domain: "orange.com", posts: 1 },
          { domain: "t.co", posts: 1 },
        ]);
        expect(insights?.authors).toEqual([
          { handle: "Ana", name: "Ana B", network: "x", posts: 2 },
          { handle: "bo", network: "x", posts: 1 },
          { handle: "OrangeRecrute", network: "x", orgId: "orange", posts: 1 },
        ]);
        expect(insights?.languages).toEqual({ fr: 2, en: 1, unknown: 1 });
        expect(insights?.mentionsByOrganization).toEqual({ orange: 1 });
        expect(insights?.offersByOrganization).toEqual({ orange: 1 });
        // The feed carries what changed, and folds into the same insights.
        const end = await store.snapshot();
        await feed.until(end.rev);
        expect(replay(emptySnapshot(), feed.changes).insights).toEqual(end.snapshot.insights);
      });

      it("takes a deleted post out again, follows an edit's latest version, and is changed by no moderation", async () => {
        const { store, feed } = await fresh();
        await store.apply([
          counted(post("d1", { hashtags: ["cdi"], mentions: ["axa"], urls: ["https://axa.fr/jobs"], lang: "fr", text: "ingénieurs recherchés" })),
          counted(post("d2", { hashtags: ["cdi", "stage"], lang: "de", text: "Praktikum ingénieurs" })),
        ]);
        const before = await insightsOf(store);
        for (const action of [
          { type: "hide", key: "x:d1" },
          { type: "pin", key: "x:d2" },
          { type: "block", author: "x:author-d2" },
          { type: "setMode", mode: "approve" },
        ] as const) {
          expect(await store.moderate(action, "staff")).toMatchObject({ outcome: "changed" });
        }
        expect(await insightsOf(store)).toEqual(before);

        await store.apply([del("x:d1")]);
        const afterDelete = await insightsOf(store);
        expect(afterDelete?.hashtags).toEqual([
          { tag: "cdi", posts: 1 },
          { tag: "stage", posts: 1 },
        ]);
        expect(afterDelete?.mentions).toEqual([]);
        expect(afterDelete?.domains).toEqual([]);
        // A language the delete emptied stays at 0, as a country does.
        expect(afterDelete?.languages).toEqual({ de: 1, fr: 0 });
        expect(afterDelete?.rising).toEqual([
          { term: "cdi", lastHour: 1, previousHour: 0 },
          { term: "ingénieurs", lastHour: 1, previousHour: 0 },
          { term: "praktikum", lastHour: 1, previousHour: 0 },
          { term: "stage", lastHour: 1, previousHour: 0 },
        ]);
        // A delete again, or of a post never counted, changes nothing.
        await store.apply([del("x:d1"), del("x:never")]);
        expect(await insightsOf(store)).toEqual(afterDelete);

        // An edit replaces what its post added; a stale version changes nothing.
        await store.apply([counted(post("d2", { version: 2, hashtags: ["alternance"], lang: "fr", text: "Alternance offerte" }))]);
        await store.apply([counted(post("d2", { version: 1, hashtags: ["stale"], lang: "en" }))]);
        const edited = await insightsOf(store);
        expect(edited?.hashtags).toEqual([{ tag: "alternance", posts: 1 }]);
        expect(edited?.languages).toEqual({ fr: 1, de: 0 });
        expect(edited?.rising.map((r) => r.term)).toEqual(["alternance", "offerte"]);
        expect(edited?.authors).toEqual([{ handle: "handle_d2", network: "x", posts: 1 }]);
        const end = await store.snapshot();
        await feed.until(end.rev);
        expect(replay(emptySnapshot(), feed.changes).insights).toMatchObject({ hashtags: edited?.hashtags, rising: edited?.rising });
      });

      it("publishes nothing for an edit of a post off screen that adds what its version before added", async () => {
        const { store } = await fresh();
        const same = post("same", { hashtags: ["cdi"], text: "Même texte", lang: "fr" });
        // Hidden on arrival (the blocklist matched it): an edit of it changes no screen.
        const hidden = (p: Post): StoreOp => ({ type: "post", post: p, insight: postInsight(p, reader), hidden: true });
        await store.apply([hidden(same)]);
        const { rev } = await store.snapshot();
        expect(await store.apply([hidden({ ...same, version: 2 })])).toEqual(["updated"]);
        expect((await store.snapshot()).rev).toBe(rev);
        // An edit whose insight differs publishes what moved.
        expect(await store.apply([hidden({ ...same, version: 3, hashtags: ["stage"] })])).toEqual(["updated"]);
        const after = await store.snapshot();
        expect(after.rev).toBe(rev + 1);
        expect(after.snapshot.insights?.hashtags).toEqual([{ tag: "stage", posts: 1 }]);
      });

      it("ranks rising terms by how much their last hour of createdAt exceeds the hour before, counted back from the newest post", async () => {
        const { store } = await fresh();
        // Minutes from 08:00: "emploi" twice in the first hour; "stage" once then three times; "cdi" only long ago.
        const at = (id: string, minute: number, text: string) => counted(post(id, { minute, text, hashtags: [] }));
        await store.apply([at("r0", 0, "cdi"), at("r1", 70, "emploi"), at("r2", 80, "emploi stage")]);
        await store.apply([at("r3", 150, "stage"), at("r4", 160, "stage recrute"), at("r5", 170, "stage")]);
        // Newest post at 10:50: the last hour is 09:51–10:50, the one before 08:51–09:50; 08:00 has left the window.
        expect((await insightsOf(store))?.rising).toEqual([
          { term: "stage", lastHour: 3, previousHour: 1 },
          { term: "recrute", lastHour: 1, previousHour: 0 },
        ]);
        // A late post counts in its own hour; a post older than two hours before the newest counts nowhere.
        await store.apply([at("r6", 100, "emploi emploi recrute"), at("r7", 5, "recrute")]);
        expect((await insightsOf(store))?.rising).toEqual([{ term: "stage", lastHour: 3, previousHour: 1 }]);
        // A delete takes its terms out of its hour.
        await store.apply([del("x:r1"), del("x:r2")]);
        expect((await insightsOf(store))?.rising).toEqual([
          { term: "stage", lastHour: 3, previousHour: 0 },
          { term: "recrute", lastHour: 1, previousHour: 1 },
        ].filter((r) => r.lastHour > r.previousHour));
      });

      it("counts a batch that touches more entries of one counter than one Redis call writes (500) exactly", async () => {
        const { store, feed } = await fresh();
        const n = 1_200;
        const ids = Array.from({ length: n }, (_, i) => `big${String(i).padStart(4, "0")}`);
        // Each post its own author, hashtag, word and minute; a third in English.
        await store.apply(
          ids.map((id, i) =>
            counted(post(id, { minute: i, hashtags: [`tag${id}`], text: `mot${id}`, lang: i % 3 === 0 ? "en" : "fr", author: { id, handle: id } })),
          ),
        );
        // One batch takes out 700 of them again, and adds 3 more posts of the first author.
        const gone = ids.slice(0, 700);
        await store.apply([
          ...gone.slice(1).map((id) => del(`x:${id}`)),
          del(`x:${gone[0]}`),
          ...["again1", "again2", "again3"].map((id) => counted(post(id, { minute: n - 1, hashtags: [`tag${ids[n - 1]}`], author: { id: "x", handle: ids[n - 1] as string } }))),
        ]);
        const end = await store.snapshot();
        const { snapshot } = end;
        expect(snapshot.totals.posts).toBe(n - 700 + 3);
        // Every minute stays on the timeline (the emptied ones at 0), and the timeline adds up to the total.
        expect(snapshot.timeline).toHaveLength(n);
        expect(snapshot.timeline.reduce((sum, point) => sum + point.posts, 0)).toBe(snapshot.totals.posts);
        expect(Object.values(snapshot.insights?.languages ?? {}).reduce((a, b) => a + b, 0)).toBe(snapshot.totals.posts);
        const last = ids[n - 1] as string;
        expect(snapshot.insights?.authors[0]).toEqual({ handle: last, network: "x", posts: 4 });
        expect(snapshot.insights?.hashtags[0]).toEqual({ tag: `tag${last}`, posts: 4 });
        // The rest rank by key: the first posts left are big0700 on.
        expect(snapshot.insights?.authors.slice(1, 3).map((a) => a.handle)).toEqual(["big0700", "big0701"]);
        // The feed carries the same counts.
        await feed.until(end.rev);
        expect(counters(replay(emptySnapshot(), feed.changes))).toEqual(counters(snapshot));
      });

      it("keeps each list to its 20 first, and a post's terms to MAX_TERMS_PER_POST", async () => {
        const { store } = await fresh();
        const tags = Array.from({ length: 30 }, (_, i) => `tag${String(i).padStart(2, "0")}`);
        await store.apply([
          counted(post("many1", { hashtags: tags })),
          counted(post("many2", { hashtags: tags.slice(25) })),
        ]);
        const insights = await insightsOf(store);
        expect(insights?.hashtags).toHaveLength(INSIGHT_LIST_LIMIT);
        expect(insights?.hashtags.slice(0, 6)).toEqual([
          ...tags.slice(25).map((tag) => ({ tag, posts: 2 })),
          { tag: "tag00", posts: 1 },
        ]);
        // Deleting the post that ranked them first brings the others back in order.
        await store.apply([del("x:many2")]);
        expect((await insightsOf(store))?.hashtags.map((h) => h.tag)).toEqual(tags.slice(0, INSIGHT_LIST_LIMIT));
        expect((await insightsOf(store))?.rising).toHaveLength(INSIGHT_LIST_LIMIT);
      });
    });

    describe("moderation", () => {
      const ids = (posts: readonly Post[] | undefined) => (posts ?? []).map((p) => p.id);
      const noCounters = { totals: {}, byCountry: {}, byOrganization: {}, timeline: [] };
      const by = (author: string) => ({ author: { id: author, handle: author } });

      it("hides a post: it leaves recent, a subscriber's change removes it, counters stay; unhide puts it back in its place", async () => {
        const { store, feed } = await fresh();
        const posts = ["a", "b", "c"].map((id, i) => post(id, { country: "FR", orgId: "acme", minute: i }));
        await store.apply(posts.map(add));
        await feed.until(1);
        const before = await store.snapshot();

        expect(await store.moderate({ type: "hide", key: "x:b" }, "ana")).toEqual({ outcome: "changed", rev: 2 });
        await feed.until(2);
        expect(feed.changes[1]).toEqual({ rev: 2, change: { ...noCounters, posts: [], removed: ["x:b"] } });
        const hidden = await store.snapshot();
        expect(ids(hidden.snapshot.recent)).toEqual(["c", "a"]);
        expect(counters(hidden.snapshot)).toEqual(counters(before.snapshot));
        expect(await store.post("x:b")).toMatchObject({ state: "hidden", hidden: true, post: { id: "b", arrival: 2 } });
        // Already hidden: nothing changes, nothing is published.
        expect(await store.moderate({ type: "hide", key: "x:b" }, "ana")).toEqual({ outcome: "unchanged", rev: 2 });

        expect(await store.moderate({ type: "unhide", key: "x:b" }, "ana")).toEqual({ outcome: "changed", rev: 3 });
        await feed.until(3);
        expect(feed.changes.map((c) => c.rev)).toEqual([1, 2, 3]);
        expect(feed.changes[2]?.change).toEqual({ ...noCounters, posts: [{ ...posts[1], arrival: 2 }], removed: [] });
        const back = await store.snapshot();
        expect(ids(back.snapshot.recent)).toEqual(["c", "b", "a"]);
        expect(back.snapshot).toEqual(before.snapshot);
        expect(replay(before.snapshot, feed.changes.slice(1))).toEqual(back.snapshot);
      });

      it("refills recent from older visible posts when one leaves a full window, and undoes it on unhide", async () => {
        const { store, feed } = await fresh();
        const count = RECENT_LIMIT + 3;
        await store.apply(Array.from({ length: count }, (_, i) => add(post(`w${i}`, by(`a${i % 4}`)))));
        await feed.until(1);
        const start = await store.snapshot();
        await store.moderate({ type: "hide", key: `x:w${count - 1}` }, "ana");
        await store.moderate({ type: "hide", key: `x:w${count - 5}` }, "ana");
        await feed.until(3);
        expect(feed.changes[1]?.change.posts.map((p) => p.id)).toEqual(["w2"]);
        expect(feed.changes[2]?.change.posts.map((p) => p.id)).toEqual(["w1"]);
        let now = await store.snapshot();
        expect(now.snapshot.recent).toHaveLength(RECENT_LIMIT);
        expect(now.snapshot.recent.at(-1)?.id).toBe("w1");
        expect(replay(start.snapshot, feed.changes.slice(1))).toEqual(now.snapshot);

        await store.moderate({ type: "unhide", key: `x:w${count - 5}` }, "ana");
        await feed.until(4);
        expect(feed.changes[3]?.change).toMatchObject({ posts: [{ id: `w${count - 5}` }], removed: ["x:w1"] });
        now = await store.snapshot();
        expect(replay(start.snapshot, feed.changes.slice(1))).toEqual(now.snapshot);
        expect(counters(now.snapshot)).toEqual(counters(start.snapshot));
      });

      it("blocks an author's past and future posts, and unblock brings them all back", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("p1", by("spam"))), add(post("p2", by("ok"))), add(post("p3", by("spam")))]);
        await feed.until(1);
        const start = await store.snapshot();

        expect(await store.moderate({ type: "block", author: "x:spam" }, "ana")).toEqual({ outcome: "changed", rev: 2 });
        await feed.until(2);
        expect(feed.changes[1]?.change.removed.sort()).toEqual(["x:p1", "x:p3"]);
        expect(ids((await snap(store)).recent)).toEqual(["p2"]);

        // A future post of the author is counted as usual and not shown.
        expect(await store.apply([add(post("p4", { ...by("spam"), country: "BE" }))])).toEqual(["accepted"]);
        await feed.until(3);
        expect(feed.changes[2]?.change).toMatchObject({ totals: { posts: 4 }, byCountry: { BE: 1 }, posts: [], removed: [] });
        expect(ids((await snap(store)).recent)).toEqual(["p2"]);
        expect(await store.post("x:p4")).toMatchObject({ state: "blocked", blocked: true, hidden: false });
        expect(await store.moderate({ type: "block", author: "x:spam" }, "ana")).toEqual({ outcome: "unchanged", rev: 3 });
        expect((await store.moderationState()).blockedAuthors).toEqual(["x:spam"]);

        expect(await store.moderate({ type: "unblock", author: "x:spam" }, "ana")).toEqual({ outcome: "changed", rev: 4 });
        await feed.until(4);
        expect(feed.changes[3]?.change.posts.map((p) => p.id)).toEqual(["p4", "p3", "p1"]);
        const end = await store.snapshot();
        expect(ids(end.snapshot.recent)).toEqual(["p4", "p3", "p2", "p1"]);
        expect(replay(start.snapshot, feed.changes.slice(1))).toEqual(end.snapshot);
        expect(await store.moderate({ type: "unblock", author: "x:spam" }, "ana")).toEqual({ outcome: "unchanged", rev: 4 });
        // An author never seen can be blocked ahead of a first post.
        expect((await store.moderate({ type: "block", author: "bluesky:did:plc:new" }, "ana")).outcome).toBe("changed");
      });

      it("in approve mode counts new posts, queues them oldest first, and shows each once approved", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("shown"))]);
        expect(await store.moderate({ type: "setMode", mode: "approve" }, "ana")).toEqual({ outcome: "changed", rev: 2 });
        expect(await store.moderate({ type: "setMode", mode: "approve" }, "ana")).toEqual({ outcome: "unchanged", rev: 2 });
        await feed.until(2);
        // A mode switch shows nothing by itself; it still moves rev on every node.
        expect(feed.changes[1]).toEqual({ rev: 2, change: { ...noCounters, posts: [], removed: [] } });

        const queued = ["q1", "q2", "q3"].map((id) => post(id, { country: "DE" }));
        expect(await store.apply(queued.map(add))).toEqual(["accepted", "accepted", "accepted"]);
        await feed.until(3);
        expect(feed.changes[2]?.change).toMatchObject({ totals: { posts: 4 }, byCountry: { DE: 3 }, posts: [] });
        const state = await store.moderationState();
        expect(state).toMatchObject({ mode: "approve", queued: 3, hidden: [], pinned: [], blockedAuthors: [] });
        expect(ids(state.queue)).toEqual(["q1", "q2", "q3"]);
        expect(ids((await snap(store)).recent)).toEqual(["shown"]);
        expect(await store.post("x:q2")).toMatchObject({ state: "pending", pending: true });

        expect(await store.moderate({ type: "approve", key: "x:q2" }, "ana")).toEqual({ outcome: "changed", rev: 4 });
        await feed.until(4);
        expect(feed.changes[3]?.change).toEqual({ ...noCounters, posts: [{ ...queued[1], arrival: 3 }], removed: [] });
        expect(await store.moderate({ type: "approve", key: "x:q2" }, "ana")).toEqual({ outcome: "unchanged", rev: 4 });
        // Hiding a queued post takes it out of the queue.
        expect(await store.moderate({ type: "hide", key: "x:q1" }, "ana")).toMatchObject({ outcome: "changed" });
        expect(ids((await store.moderationState()).queue)).toEqual(["q3"]);
        expect(await store.post("x:q1")).toMatchObject({ state: "hidden", pending: false });
        // A queued post of a blocked author stays out of the list, but counts as queued.
        await store.apply([add(post("q4", by("spam")))]);
        await store.moderate({ type: "block", author: "x:spam" }, "ana");
        expect(await store.moderationState()).toMatchObject({ queued: 2, queue: [{ id: "q3" }] });

        // Back in auto mode new posts show at once; those that came in approve mode still wait.
        await store.moderate({ type: "setMode", mode: "auto" }, "ana");
        await store.apply([add(post("later"))]);
        const end = await snap(store);
        expect(ids(end.recent)).toEqual(["later", "q2", "shown"]);
        expect(end.totals.posts).toBe(6);
        expect((await store.moderationState()).mode).toBe("auto");
      });

      it("approves a post's media: the stored post carries mediaApproved, sent again where it shows; an edit drops it", async () => {
        const { store, feed } = await fresh();
        const media = [{ type: "photo" as const, url: "https://pbs.twimg.com/media/a.jpg", sensitive: true }];
        const posts = [post("m1", { media }), post("m2", { media }), post("plain")];
        // A sender cannot approve media nor give an arrival: what it sends of them is dropped.
        await store.apply([add(posts[0] as Post), add({ ...(posts[1] as Post), mediaApproved: true, arrival: 99 }), add(posts[2] as Post)]);
        await store.moderate({ type: "pin", key: "x:m1" }, "ana");
        await feed.until(2);
        const start = await store.snapshot();
        expect(start.snapshot.recent.map((p) => p.mediaApproved)).toEqual([undefined, undefined, undefined]);
        expect(start.snapshot.recent.map((p) => p.arrival).sort()).toEqual([1, 2, 3]);

        expect(await store.moderate({ type: "approveMedia", key: "x:m1" }, "ana")).toEqual({ outcome: "changed", rev: 3 });
        await feed.until(3);
        const approved = { ...posts[0], arrival: 1, mediaApproved: true };
        // On screen and pinned: both carry the approved version.
        expect(feed.changes[2]).toEqual({ rev: 3, change: { ...noCounters, posts: [approved], removed: [], pinned: [approved] } });
        expect(await store.post("x:m1")).toMatchObject({ state: "visible", post: { id: "m1", mediaApproved: true } });
        expect((await snap(store)).recent.find((p) => p.id === "m1")).toEqual(approved);
        expect(await store.moderate({ type: "approveMedia", key: "x:m1" }, "ana")).toEqual({ outcome: "unchanged", rev: 3 });
        // A post without media has nothing to approve; an unknown one is not found.
        expect(await store.moderate({ type: "approveMedia", key: "x:plain" }, "ana")).toEqual({ outcome: "unchanged", rev: 3 });
        expect(await store.moderate({ type: "approveMedia", key: "x:nope" }, "ana")).toEqual({ outcome: "not_found", rev: 3 });
        expect((await store.moderationLog(1))[0]).toMatchObject({ actor: "ana", action: { type: "approveMedia", key: "x:m1" }, rev: 3 });

        expect(await store.moderate({ type: "unapproveMedia", key: "x:m1" }, "bo")).toEqual({ outcome: "changed", rev: 4 });
        await feed.until(4);
        expect(feed.changes[3]?.change.posts).toEqual([{ ...posts[0], arrival: 1 }]);
        expect((await store.post("x:m1"))?.post.mediaApproved).toBeUndefined();
        expect(await store.moderate({ type: "unapproveMedia", key: "x:m1" }, "bo")).toMatchObject({ outcome: "unchanged" });

        // Off screen (hidden), the approval is kept for when it comes back; an edit drops it, its pictures may differ.
        await store.moderate({ type: "hide", key: "x:m2" }, "ana");
        expect(await store.moderate({ type: "approveMedia", key: "x:m2" }, "ana")).toMatchObject({ outcome: "changed" });
        await store.moderate({ type: "unhide", key: "x:m2" }, "ana");
        expect((await snap(store)).recent.find((p) => p.id === "m2")?.mediaApproved).toBe(true);
        await store.apply([add(post("m2", { media, version: 1, text: "edited", mediaApproved: true }))]);
        const end = await store.snapshot();
        expect(end.snapshot.recent.find((p) => p.id === "m2")).toMatchObject({ text: "edited", arrival: 2 });
        expect(end.snapshot.recent.find((p) => p.id === "m2")?.mediaApproved).toBeUndefined();
        await feed.until(end.rev);
        expect(replay(start.snapshot, feed.changes.slice(2))).toEqual(end.snapshot);
        // The edit's new words move the insights' rising terms; nothing else.
        expect({ ...counters(end.snapshot), insights: undefined }).toEqual({ ...counters(start.snapshot), insights: undefined });
      });

      it("holds a post marked held in the approval queue in auto mode; hidden wins", async () => {
        const { store } = await fresh();
        const held = (p: Post, hidden = false): StoreOp => ({ type: "post", post: p, held: true, ...(hidden ? { hidden } : {}) });
        await store.apply([add(post("f0")), held(post("held")), held(post("both"), true), add(post("last"))]);
        const state = await store.moderationState();
        expect(state).toMatchObject({ mode: "auto", queued: 1, queue: [{ id: "held" }], hidden: ["x:both"] });
        expect(ids((await snap(store)).recent)).toEqual(["last", "f0"]);
        expect(await store.post("x:held")).toMatchObject({ state: "pending", pending: true });
        // An edit of a stored post is never held.
        await store.apply([held(post("f0", { version: 1 }))]);
        expect((await store.moderationState()).queued).toBe(1);
        expect(await store.moderate({ type: "approve", key: "x:held" }, "ana")).toMatchObject({ outcome: "changed" });
        expect((await snap(store)).recent.map((p) => p.id)).toContain("held");
      });

      it("pins newest pin first, at most PIN_LIMIT, in the snapshot and in the change", async () => {
        const { store, feed } = await fresh();
        const posts = Array.from({ length: PIN_LIMIT + 2 }, (_, i) => post(`n${i}`));
        await store.apply(posts.map(add));
        await feed.until(1);
        const start = await store.snapshot();

        expect(await store.moderate({ type: "pin", key: "x:n0" }, "ana")).toEqual({ outcome: "changed", rev: 2 });
        await feed.until(2);
        expect(feed.changes[1]?.change).toEqual({ ...noCounters, posts: [], removed: [], pinned: [{ ...posts[0], arrival: 1 }] });
        expect(await store.moderate({ type: "pin", key: "x:n0" }, "ana")).toEqual({ outcome: "unchanged", rev: 2 });
        for (let i = 1; i <= PIN_LIMIT; i += 1) await store.moderate({ type: "pin", key: `x:n${i}` }, "ana");
        let snapshot = await snap(store);
        // One more than the limit: the oldest pin went.
        expect(ids(snapshot.pinned)).toEqual(["n5", "n4", "n3", "n2", "n1"]);
        expect((await store.moderationState()).pinned).toEqual(["x:n5", "x:n4", "x:n3", "x:n2", "x:n1"]);
        expect(await store.post("x:n0")).toMatchObject({ pinned: false, state: "visible" });
        expect(await store.post("x:n5")).toMatchObject({ pinned: true });

        // Only visible posts show as pinned; an edit or a delete of a pinned post sends the new list.
        await store.moderate({ type: "hide", key: "x:n4" }, "ana");
        await store.apply([add(post("n3", { version: 1, text: "edited" }))]);
        await store.apply([del("x:n2")]);
        expect(await store.moderate({ type: "unpin", key: "x:n1" }, "ana")).toMatchObject({ outcome: "changed" });
        expect(await store.moderate({ type: "unpin", key: "x:n1" }, "ana")).toMatchObject({ outcome: "unchanged" });
        const end = await store.snapshot();
        expect(end.snapshot.pinned?.map((p) => [p.id, p.text])).toEqual([
          ["n5", "post n5"],
          ["n3", "edited"],
        ]);
        expect((await store.moderationState()).pinned).toEqual(["x:n5", "x:n4", "x:n3"]);
        await feed.until(end.rev);
        const pinnedLists = feed.changes.slice(-4).map((c) => ids(c.change.pinned));
        expect(pinnedLists).toEqual([
          ["n5", "n3", "n2", "n1"],
          ["n5", "n3", "n2", "n1"],
          ["n5", "n3", "n1"],
          ["n5", "n3"],
        ]);
        expect(replay(start.snapshot, feed.changes.slice(1))).toEqual(end.snapshot);
        expect(counters(end.snapshot)).toEqual(counters(replay(start.snapshot, feed.changes.slice(1))));
        snapshot = end.snapshot;
        expect(snapshot.totals.posts).toBe(PIN_LIMIT + 1);
      });

      it("answers not_found for a post key never counted or deleted, changing and publishing nothing", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("here")), add(post("gone"))]);
        await store.apply([del("x:gone"), del("x:tombstone")]);
        await feed.until(2);
        const before = await store.snapshot();
        for (const type of ["hide", "unhide", "pin", "unpin", "approve"] as const) {
          for (const key of ["x:never", "x:gone", "x:tombstone", "mastodon:here"]) {
            expect(await store.moderate({ type, key }, "ana")).toEqual({ outcome: "not_found", rev: 2 });
          }
        }
        expect(await store.snapshot()).toEqual(before);
        expect(await store.post("x:gone")).toBeUndefined();
        expect(await store.post("x:never")).toBeUndefined();
        expect(await store.moderationLog()).toEqual([]);
        await store.apply([add(post("marker"))]);
        await feed.until(3);
        expect(feed.changes.map((c) => c.rev)).toEqual([1, 2, 3]);
      });

      it("never changes a counter, whatever staff do", async () => {
        const { store } = await fresh();
        const ops = Array.from({ length: 30 }, (_, i) =>
          add(post(`c${i}`, { ...by(`a${i % 3}`), country: (["FR", "BE", "DE"] as const)[i % 3], orgId: i % 2 ? "acme" : "gov", minute: i % 5, kind: i % 4 ? "original" : "retweet" })),
        );
        await store.apply(ops.slice(0, 10));
        const before = await snap(store);
        await store.moderate({ type: "hide", key: "x:c1" }, "ana");
        await store.moderate({ type: "block", author: "x:a2" }, "ana");
        await store.moderate({ type: "pin", key: "x:c3" }, "ana");
        await store.moderate({ type: "setMode", mode: "approve" }, "ana");
        expect(counters(await snap(store))).toEqual(counters(before));
        await store.apply(ops.slice(10));
        await store.moderate({ type: "approve", key: "x:c12" }, "ana");
        await store.moderate({ type: "unhide", key: "x:c1" }, "ana");
        await store.moderate({ type: "unblock", author: "x:a2" }, "ana");
        const after = await snap(store);
        // The same posts without any moderation.
        const control = await makeStore();
        open.push(control);
        await control.apply(ops);
        expect(counters(after)).toEqual(counters(await snap(control)));
        expectConsistent(after);
      });

      it("feeds changes that, over posts, edits, deletes and moderation, reproduce snapshot()", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("s0"))]);
        await feed.until(1);
        const start = await store.snapshot();
        const steps: (() => Promise<unknown>)[] = [
          () => store.apply(Array.from({ length: RECENT_LIMIT + 4 }, (_, i) => add(post(`m${i}`, by(`a${i % 5}`))))),
          () => store.moderate({ type: "block", author: "x:a1" }, "ana"),
          () => store.moderate({ type: "pin", key: "x:m20" }, "ana"),
          () => store.moderate({ type: "pin", key: "x:m6" }, "ana"),
          () => store.moderate({ type: "hide", key: "x:m20" }, "ana"),
          () => store.apply([add(post("m6", { ...by("a1"), version: 1, text: "edited" })), del("x:m40")]),
          () => store.moderate({ type: "setMode", mode: "approve" }, "ana"),
          () => store.apply([add(post("late1")), add(post("late2"))]),
          () => store.moderate({ type: "approve", key: "x:late1" }, "ana"),
          () => store.moderate({ type: "unblock", author: "x:a1" }, "ana"),
          () => store.moderate({ type: "unhide", key: "x:m20" }, "ana"),
          () => store.moderate({ type: "unpin", key: "x:m6" }, "ana"),
        ];
        for (const step of steps) await step();
        const end = await store.snapshot();
        await feed.until(end.rev);
        expect(end.rev).toBe(start.rev + steps.length);
        expect(replay(start.snapshot, feed.changes.slice(1))).toEqual(end.snapshot);
        expect(diffSnapshots(replay(start.snapshot, feed.changes.slice(1)), end.snapshot)).toEqual(emptyChange());
        expectConsistent(end.snapshot);
        expect(ids(end.snapshot.pinned)).toEqual(["m20"]);
        expect(end.snapshot.recent[0]?.id).toBe("late1");
      });

      it("reads each stored post with its state, and every post in arrival order in batches", async () => {
        const { store } = await fresh();
        const count = 1_203;
        await store.apply(Array.from({ length: count }, (_, i) => add(post(`e${i}`, by(`a${i % 7}`)))));
        await store.apply([del("x:e5"), add(post("e7", { ...by("a0"), version: 1, text: "edited" }))]);
        await store.moderate({ type: "hide", key: "x:e1" }, "ana");
        await store.moderate({ type: "block", author: "x:a2" }, "ana");
        await store.moderate({ type: "pin", key: "x:e3" }, "ana");
        await store.moderate({ type: "setMode", mode: "approve" }, "ana");
        await store.apply([add(post("e-late"))]);

        expect(await store.post("x:e7")).toEqual({
          post: { ...post("e7", { ...by("a0"), version: 1, text: "edited" }), arrival: 8 },
          state: "visible",
          hidden: false,
          blocked: false,
          pending: false,
          pinned: false,
        } satisfies ModeratedPost);
        const all: ModeratedPost[] = [];
        for await (const item of store.allPosts()) all.push(item);
        expect(all).toHaveLength(count);
        expect(all.map((m) => m.post.arrival)).toEqual([...Array.from({ length: count + 1 }, (_, i) => i + 1)].filter((a) => a !== 6));
        expect(all.map((m) => m.post.id).slice(0, 4)).toEqual(["e0", "e1", "e2", "e3"]);
        const byId = new Map(all.map((m) => [m.post.id, m]));
        expect(byId.get("e1")).toMatchObject({ state: "hidden", hidden: true });
        expect(byId.get("e2")).toMatchObject({ state: "blocked", blocked: true });
        expect(byId.get("e3")).toMatchObject({ state: "visible", pinned: true });
        expect(byId.get("e7")?.post.text).toBe("edited");
        expect(byId.get("e-late")).toMatchObject({ state: "pending", pending: true });
        expect(byId.has("e5")).toBe(false);
        const states = new Map<string, number>();
        for (const m of all) states.set(m.state, (states.get(m.state) ?? 0) + 1);
        // count - 1 deleted + 1 late = count posts; author a2 wrote every 7th from e2: 172 of them.
        expect(Object.fromEntries(states)).toEqual({ visible: count - 1 - 172 - 1, hidden: 1, blocked: 172, pending: 1 });
      });

      it("logs who did what, newest first, only for actions that changed something", async () => {
        const { store } = await fresh();
        await store.apply([add(post("l1"))]);
        const began = Date.now();
        await store.moderate({ type: "hide", key: "x:l1" }, "ana");
        await store.moderate({ type: "hide", key: "x:l1" }, "ana");
        await store.moderate({ type: "hide", key: "x:nope" }, "ana");
        await store.moderate({ type: "block", author: "x:someone" }, "bob");
        await store.moderate({ type: "setMode", mode: "approve" }, "bob");
        const log = await store.moderationLog();
        expect(log.map(({ actor, action, rev }) => ({ actor, action, rev }))).toEqual([
          { actor: "bob", action: { type: "setMode", mode: "approve" }, rev: 4 },
          { actor: "bob", action: { type: "block", author: "x:someone" }, rev: 3 },
          { actor: "ana", action: { type: "hide", key: "x:l1" }, rev: 2 },
        ]);
        for (const entry of log) {
          expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(began - 1_000);
          expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1_000);
        }
        expect(await store.moderationLog(1)).toHaveLength(1);
      });

      it("records who an action was about in its log entry, and who a blocked author is until the unblock", async () => {
        const { store } = await fresh();
        await store.apply([add(post("w1", by("troll")))]);
        const hidden = { handle: "handle_w1", name: "Jeanne Dupont", excerpt: "post w1" };
        await store.moderate({ type: "hide", key: "x:w1" }, "ana", hidden);
        const troll = { handle: "le_troll", name: "Le Troll", excerpt: "post w1" };
        await store.moderate({ type: "block", author: "x:troll" }, "ana", troll);
        // Blocking again changes nothing, and does not replace who they were recorded as.
        await store.moderate({ type: "block", author: "x:troll" }, "ana", { handle: "renamed" });
        await store.moderate({ type: "block", author: "x:unknown" }, "ana");
        expect((await store.moderationState()).blockedProfiles).toEqual({ "x:troll": troll });
        const log = await store.moderationLog();
        expect(log.map(({ action, about }) => ({ action, about }))).toEqual([
          { action: { type: "block", author: "x:unknown" }, about: undefined },
          { action: { type: "block", author: "x:troll" }, about: troll },
          { action: { type: "hide", key: "x:w1" }, about: hidden },
        ]);
        await store.moderate({ type: "unblock", author: "x:troll" }, "ana", troll);
        expect((await store.moderationState()).blockedProfiles).toEqual({});
        expect((await store.moderationLog(1))[0]).toMatchObject({ action: { type: "unblock" }, about: troll });
      });

      it("leaving approve mode releases the held posts, or keeps them held, as asked", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("shown"))]);
        await store.moderate({ type: "setMode", mode: "approve" }, "ana");
        await store.apply(["h1", "h2"].map((id) => add(post(id))));
        await feed.until(3);
        // Keep: back in auto mode, the held posts stay off screen and in the queue.
        expect(await store.moderate({ type: "setMode", mode: "auto", held: "keep" }, "ana")).toEqual({ outcome: "changed", rev: 4 });
        expect(await store.moderationState()).toMatchObject({ mode: "auto", queued: 2 });
        expect(ids((await snap(store)).recent)).toEqual(["shown"]);
        // Release: they all come on screen in their places by arrival, even when the mode already is auto.
        expect(await store.moderate({ type: "setMode", mode: "auto", held: "release" }, "bob")).toEqual({ outcome: "changed", rev: 5 });
        await feed.until(5);
        expect(feed.changes[4]?.change.posts.map((p) => p.id)).toEqual(["h2", "h1"]);
        expect(await store.moderationState()).toMatchObject({ mode: "auto", queued: 0, queue: [] });
        expect(ids((await snap(store)).recent)).toEqual(["h2", "h1", "shown"]);
        expect(await store.moderate({ type: "setMode", mode: "auto", held: "release" }, "bob")).toEqual({ outcome: "unchanged", rev: 5 });
        // From approve mode straight to a release.
        await store.moderate({ type: "setMode", mode: "approve" }, "ana");
        await store.apply([add(post("h3"))]);
        await store.moderate({ type: "setMode", mode: "auto", held: "release" }, "ana");
        expect(ids((await snap(store)).recent)).toEqual(["h3", "h2", "h1", "shown"]);
        expect((await store.moderationLog(1))[0]?.action).toEqual({ type: "setMode", mode: "auto", held: "release" });
      });

      it("rejects a malformed action before it reaches the store", async () => {
        const { store } = await fresh();
        const bad = [{ type: "hide" }, { type: "setMode", mode: "later" }, { type: "erase", key: "x:1" }];
        for (const action of bad) {
          await expect(store.moderate(action as never, "ana")).rejects.toThrow();
        }
        expect((await store.snapshot()).rev).toBe(0);
      });
    });

    describe("audit log of settings edits", () => {
      /** The log without its times. */
      async function logged(store: Store, limit?: number) {
        return (await store.moderationLog(limit)).map(({ actor, action, rev }) => ({ actor, action, rev }));
      }

      it("logs a hires edit with the value it replaces; the same value again logs nothing", async () => {
        const { store } = await fresh();
        const began = Date.now();
        await store.setHires("axa", 12, "staff:session:Zoé");
        await store.setHires("axa", 12, "staff:bearer");
        await store.setHires("axa", 15, "staff:bearer");
        await store.setHires("orange", 0, "staff:bearer:Sam");
        expect(await store.hires()).toEqual({ axa: 15, orange: 0 });
        expect(await logged(store)).toEqual([
          { actor: "staff:bearer:Sam", action: { type: "setHires", orgId: "orange", hires: 0, previous: null }, rev: 0 },
          { actor: "staff:bearer", action: { type: "setHires", orgId: "axa", hires: 15, previous: 12 }, rev: 0 },
          { actor: "staff:session:Zoé", action: { type: "setHires", orgId: "axa", hires: 12, previous: null }, rev: 0 },
        ]);
        for (const entry of await store.moderationLog()) {
          expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(began - 1_000);
          expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1_000);
        }
      });

      it("logs a blocklist save with what it added and removed, from the default list the first time", async () => {
        const { store } = await fresh();
        const defaults = ["connard", "spam"];
        await store.setBlocklist(["connard", "spam", "arnaque", "ça suffit"], "ana", defaults);
        await store.setBlocklist(["connard", "spam", "arnaque", "ça suffit"], "ana", defaults);
        await store.setBlocklist(["arnaque", "l'arnaque", "connard", "ça suffit"], "bob", defaults);
        // Same entries in another order: saved and logged, with nothing added or removed.
        await store.setBlocklist(["connard", "arnaque", "l'arnaque", "ça suffit"], "bob", defaults);
        await store.setBlocklist([], "ana", defaults);
        expect(await store.blocklist()).toEqual([]);
        expect(await logged(store)).toEqual([
          { actor: "ana", action: { type: "setBlocklist", words: 0, added: [], removed: ["connard", "arnaque", "l'arnaque", "ça suffit"] }, rev: 0 },
          { actor: "bob", action: { type: "setBlocklist", words: 4, added: [], removed: [] }, rev: 0 },
          { actor: "bob", action: { type: "setBlocklist", words: 4, added: ["l'arnaque"], removed: ["spam"] }, rev: 0 },
          { actor: "ana", action: { type: "setBlocklist", words: 4, added: ["arnaque", "ça suffit"], removed: [] }, rev: 0 },
        ]);
      });

      it("reckons a first blocklist save from no list when given no defaults", async () => {
        const { store } = await fresh();
        await store.setBlocklist(["spam"], "ana");
        expect(await logged(store)).toEqual([{ actor: "ana", action: { type: "setBlocklist", words: 1, added: ["spam"], removed: [] }, rev: 0 }]);
      });

      it("moves no rev and publishes nothing; entries carry the rev the store stands at, in order with moderation", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("a1"))]);
        await feed.until(1);
        const before = await store.snapshot();
        await store.setHires("axa", 3, "ana");
        await store.moderate({ type: "hide", key: "x:a1" }, "ana");
        await store.setBlocklist(["arnaque"], "bob");
        await store.setHires("axa", 4, "bob");
        expect((await store.snapshot()).rev).toBe(2);
        expect(counters((await store.snapshot()).snapshot)).toEqual(counters(before.snapshot));
        expect((await logged(store)).map(({ action, rev }) => [action.type, rev])).toEqual([
          ["setHires", 2],
          ["setBlocklist", 2],
          ["hide", 2],
          ["setHires", 1],
        ]);
        await store.apply([add(post("marker"))]);
        await feed.until(3);
        // Only the two batches and the hide were published.
        expect(feed.changes.map((c) => c.rev)).toEqual([1, 2, 3]);
      });

      it("keeps the log at MODERATION_LOG_LIMIT entries with settings edits in it, oldest dropped", async () => {
        const { store } = await fresh();
        await store.apply([add(post("old"))]);
        await store.moderate({ type: "hide", key: "x:old" }, "ana");
        // Sent in chunks without waiting for each: a store applies them in the order sent.
        for (let from = 1; from <= MODERATION_LOG_LIMIT; from += 500) {
          await Promise.all(Array.from({ length: 500 }, (_, i) => store.setHires("axa", from + i, "bob")));
        }
        const log = await store.moderationLog();
        expect(log).toHaveLength(MODERATION_LOG_LIMIT);
        expect(log[0]?.action).toEqual({ type: "setHires", orgId: "axa", hires: MODERATION_LOG_LIMIT, previous: MODERATION_LOG_LIMIT - 1 });
        expect(log.at(-1)?.action).toEqual({ type: "setHires", orgId: "axa", hires: 1, previous: null });
        expect(log.some((entry) => entry.action.type === "hide")).toBe(false);
        expect(await store.moderationLog(2)).toEqual(log.slice(0, 2));
      });

      it("refuses hires that are no integer ≥ 0, and settings edits sent as moderation actions", async () => {
        const { store } = await fresh();
        for (const hires of [-1, 1.5, Number.NaN]) {
          await expect(store.setHires("axa", hires, "ana")).rejects.toThrow();
        }
        await expect(store.moderate({ type: "setHires", orgId: "axa", hires: 3, previous: null } as never, "ana")).rejects.toThrow();
        await expect(store.moderate({ type: "setBlocklist", words: 0, added: [], removed: [] } as never, "ana")).rejects.toThrow();
        expect(await store.hires()).toEqual({});
        expect(await store.moderationLog()).toEqual([]);
        expect((await store.snapshot()).rev).toBe(0);
      });

      it("logs an edit made outside the store (a campaign edit, a recount) at the current rev, publishing nothing", async () => {
        const { store, feed } = await fresh();
        await store.apply([add(post("a1"))]);
        await feed.until(1);
        await store.logEdit({ type: "editCampaign", change: "edited", fields: ["hashtags", "name"] }, "staff:session:Zoé");
        await store.logEdit({ type: "recount", posts: 1 }, "staff:bearer");
        expect(await logged(store)).toEqual([
          { actor: "staff:bearer", action: { type: "recount", posts: 1 }, rev: 1 },
          { actor: "staff:session:Zoé", action: { type: "editCampaign", change: "edited", fields: ["hashtags", "name"] }, rev: 1 },
        ]);
        await expect(store.logEdit({ type: "recount", posts: -1 }, "ana")).rejects.toThrow();
        expect((await store.snapshot()).rev).toBe(1);
        expect(feed.changes).toHaveLength(1);
      });
    });

    describe("erasure", () => {
      /** Zoé's posts (three kinds, a country, an organization, a picture), one of hers deleted before, and Ana's. */
      const zoe = { id: "zoe-id", handle: "Zoe_FR", name: "Zoé Secret" };
      const zoePosts = [
        post("z1", { author: zoe, text: "secret one #alternance", hashtags: ["votrejob", "alternance"], country: "FR", orgId: "axa", minute: 1 }),
        post("z2", { author: zoe, text: "secret two", kind: "reply", minute: 2, media: [{ type: "photo", url: "https://pbs.twimg.com/media/z2.jpg" }] }),
        post("z3", { author: zoe, text: "secret three", kind: "retweet", country: "DE", minute: 3 }),
      ];
      const zoeGone = post("z0", { author: zoe, text: "secret gone", minute: 0 });
      const others = [post("a1", { text: "hello", minute: 1 }), post("a2", { country: "DE", minute: 4 })];

      /** Applies the same history to a store: posts, a delete, a hide, a pin and a block that name Zoé. */
      async function history(store: Store): Promise<void> {
        await store.apply([add(zoeGone), ...zoePosts.map(add), ...others.map(add)]);
        await store.apply([del("x:z0")]);
        const about = { handle: zoe.handle, name: zoe.name, excerpt: "secret two" };
        await store.moderate({ type: "hide", key: "x:z2" }, "ana", about);
        await store.moderate({ type: "pin", key: "x:z1" }, "ana", about);
        await store.moderate({ type: "pin", key: "x:a1" }, "ana", { handle: "handle_a1", excerpt: "hello" });
        await store.moderate({ type: "block", author: "x:zoe-id" }, "ana", about);
      }

      it("takes an author's posts out as deletes do, published as one change, and keeps the act without the content", async () => {
        const { store, feed } = await fresh();
        await history(store);
        const { rev } = await store.snapshot();
        await feed.until(rev);
        const before = await snap(store);
        // The same history with Zoé's posts deleted: what the erasure must give.
        const { store: deleted } = await fresh();
        await history(deleted);
        await deleted.apply(zoePosts.map((p) => del(postKey(p))));

        expect(await store.eraseAuthor({ network: "x", authorId: "zoe-id" }, "admin-ana", "sha256:0123")).toBe(3);
        const after = await snap(store);
        expect(after).toEqual(await snap(deleted));
        expect(after.totals).toMatchObject({ posts: 2, originals: 2, replies: 0, retweets: 0 });
        expect(after.insights?.authors.map((a) => a.handle)).toEqual(["handle_a1", "handle_a2"]);
        expect(after.insights?.hashtags.map((h) => h.tag)).toEqual(["votrejob"]);
        // Screens: one published change takes her posts off, the pin with them.
        await feed.until(rev + 1);
        expect(feed.changes.at(-1)?.change.removed.sort()).toEqual(["x:z1", "x:z2", "x:z3"]);
        expect(replay(before, feed.changes.filter((c) => c.rev > rev))).toEqual(after);

        // The store: no post of hers, nothing naming her in the audit log or the blocked profiles.
        expect(await store.post("x:z1")).toBeUndefined();
        const stored: string[] = [];
        for await (const { post: p } of store.allPosts()) stored.push(p.id);
        expect(stored).toEqual(["a1", "a2"]);
        const state = await store.moderationState();
        expect(state.blockedAuthors).toEqual(["x:zoe-id"]);
        expect(state.blockedProfiles).toEqual({});
        expect(state.hidden).toEqual([]);
        const log = await store.moderationLog();
        expect(log[0]).toMatchObject({ actor: "admin-ana", action: { type: "eraseAuthor", network: "x", ref: "sha256:0123", posts: 3 } });
        expect(log.map((e) => e.action.type)).toEqual(["eraseAuthor", "block", "pin", "pin", "hide"]);
        const text = JSON.stringify(log);
        for (const trace of ["Zoe_FR", "Zoé", "secret two", "zoe-id"]) expect(text).not.toContain(trace);
        // The block is still logged, its author by the reference.
        expect(log[1]?.action).toEqual({ type: "block", author: "x:sha256:0123" });
        // Another author's entry keeps who it is about.
        expect(log[2]?.about).toEqual({ handle: "handle_a1", excerpt: "hello" });

        // A replay of her posts, or of the one deleted before, is a duplicate: nothing counts again.
        expect(await store.apply([...zoePosts, zoeGone].map(add))).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"]);
        expect((await snap(store)).totals).toEqual(after.totals);
        // Erased again: nothing left, nothing logged.
        expect(await store.eraseAuthor({ network: "x", authorId: "zoe-id" }, "admin-ana", "sha256:0123")).toBe(0);
        expect(await store.moderationLog()).toHaveLength(log.length);
        // A new post of hers is new data: counted (kept off screen by the block staff left), she is no new author.
        expect(await store.apply([add(post("z9", { author: zoe }))])).toEqual(["accepted"]);
        expect((await snap(store)).totals).toMatchObject({ posts: 3, authors: after.totals.authors });
      });

      it("finds an author by handle, without case or @, on that network only, with their posts under an earlier handle", async () => {
        const { store } = await fresh();
        const other = { id: "m-zoe", handle: "zoe_fr" };
        await store.apply([
          add(post("z-old", { author: { id: "zoe-id", handle: "zoe_before" } })),
          ...zoePosts.map(add),
          ...others.map(add),
          add(post("m1", { network: "mastodon", author: other })),
        ]);
        expect(await store.eraseAuthor({ network: "x", handle: "@ZOE_fr" }, "admin", "sha256:aa")).toBe(4);
        const after = await snap(store);
        expect(after.totals.posts).toBe(3);
        expect(after.recent.map(postKey).sort()).toEqual(["mastodon:m1", "x:a1", "x:a2"]);
        expect(await store.eraseAuthor({ network: "x", handle: "nobody" }, "admin", "sha256:bb")).toBe(0);
      });
    });

    describe("retention", () => {
      it("drops text, author names and media; counters, aggregates and insights counts stay", async () => {
        const { store } = await fresh();
        const named = { id: "u1", handle: "Jeanne", name: "Jeanne Dupont" };
        await store.apply([
          add(post("r1", { author: named, text: "nous recrutons #alternance", hashtags: ["votrejob", "alternance"], media: [{ type: "photo", url: "https://pbs.twimg.com/media/r1.jpg" }] })),
          add(post("r2", { author: named, text: "second", minute: 2 })),
          add(post("r3", { text: "" })),
        ]);
        await store.moderate({ type: "approveMedia", key: "x:r1" }, "ana");
        const about = { handle: "Jeanne", name: "Jeanne Dupont", excerpt: "nous recrutons" };
        await store.moderate({ type: "pin", key: "x:r2" }, "ana", about);
        await store.moderate({ type: "block", author: "x:u9" }, "ana", about);
        await store.moderate({ type: "unblock", author: "x:u9" }, "ana");
        await store.moderate({ type: "block", author: "x:u9" }, "ana", about);
        const before = await snap(store);
        expect(await store.claimRetention(60_000)).toBe(true);
        expect(await store.reduceForRetention()).toBe(2);
        const after = await snap(store);
        const counts = (snapshot: Snapshot) => ({ ...snapshot, recent: [], pinned: [], insights: { ...snapshot.insights, authors: [] } });
        expect(counts(after)).toEqual(counts(before));
        expect(after.pinned?.map((p) => [p.id, p.text])).toEqual([["r2", ""]]);
        expect(after.insights?.authors).toEqual(before.insights?.authors.map(({ name: _name, ...rest }) => rest));
        for (const p of after.recent) {
          expect(p.text).toBe("");
          expect(p.author).not.toHaveProperty("name");
          expect(p).not.toHaveProperty("media");
          expect(p).not.toHaveProperty("mediaApproved");
        }
        expect((await store.post("x:r1"))?.post).toMatchObject({ id: "r1", text: "", author: { id: "u1", handle: "Jeanne" }, hashtags: ["votrejob", "alternance"] });
        // The audit log and the blocked profiles keep who by handle only.
        const log = await store.moderationLog();
        expect(log.filter((entry) => entry.about).map((entry) => entry.about)).toEqual([{ handle: "Jeanne" }, { handle: "Jeanne" }, { handle: "Jeanne" }]);
        expect((await store.moderationState()).blockedProfiles).toEqual({ "x:u9": { handle: "Jeanne" } });
        // Idempotent; a delete still gives back what the post counted.
        expect(await store.reduceForRetention()).toBe(0);
        await store.apply([del("x:r1")]);
        expect((await snap(store)).totals.posts).toBe(2);
      });
    });

    describe("recount", () => {
      it("moves re-attributed posts between countries and organizations, atomically, with one published change", async () => {
        const { store, feed } = await fresh();
        await store.apply([
          add(post("a1", { country: "FR", orgId: "axa" })),
          add(post("a2", { country: "FR" })),
          add(post("a3", { country: "DE", orgId: "axa" })),
          add(post("gone", { country: "FR", orgId: "axa" })),
        ]);
        await store.apply([del("x:gone")]);
        await feed.until(2);
        const before = await snap(store);
        const moved = await store.reattribute([
          { key: "x:a1", country: "BE", orgId: "orange" },
          // Already so: nothing moves.
          { key: "x:a3", country: "DE", orgId: "axa" },
          { key: "x:a2" },
          // Deleted, never counted: skipped.
          { key: "x:gone", country: "BE" },
          { key: "x:never", country: "BE" },
        ]);
        expect(moved).toBe(2);
        const after = await snap(store);
        expect(after.byCountry).toEqual({ FR: 0, DE: 1, BE: 1, unknown: 1 });
        expect(after.byOrganization).toEqual({ axa: 1, orange: 1 });
        expect(after.totals).toEqual(before.totals);
        expect(after.timeline).toEqual(before.timeline);
        expect((await store.post("x:a1"))?.post).toMatchObject({ country: "BE", orgId: "orange" });
        const a2 = (await store.post("x:a2"))?.post;
        expect(a2).not.toHaveProperty("country");
        expect(a2).not.toHaveProperty("orgId");
        expect(after.recent.find((p) => p.id === "a1")).toMatchObject({ country: "BE", orgId: "orange" });
        await feed.until(3);
        expect(feed.changes).toHaveLength(3);
        expect(replay(before, feed.changes.slice(2))).toEqual(after);
        // A delete now gives back what the post counts in now.
        await store.apply([del("x:a1")]);
        expect((await snap(store)).byCountry).toMatchObject({ BE: 0 });
        expect((await snap(store)).byOrganization).toMatchObject({ orange: 0 });
        // The same again moves nothing and publishes nothing.
        expect(await store.reattribute([{ key: "x:a2" }, { key: "x:a3", country: "DE", orgId: "axa" }])).toBe(0);
        expect((await store.snapshot()).rev).toBe(4);
      });

      it("moves a post's insight to what the campaign's current definition reads: own hashtags, organizations' mentions and offers", async () => {
        const { store, feed } = await fresh();
        const then = createInsightReader({ hashtags: [{ tag: "VotreJob", country: "FR" }], organizations: [] });
        const now = createInsightReader({
          hashtags: [
            { tag: "VotreJob", country: "FR" },
            { tag: "Emploi", country: "FR" },
          ],
          organizations: [{ id: "orange", name: "Orange", country: "FR", kind: "company", handles: { x: "OrangeRecrute" } }],
        });
        const thanks = post("m1", { hashtags: ["votrejob", "emploi", "cdi"], mentions: ["OrangeRecrute"], text: "Merci @OrangeRecrute" });
        const offer = post("m2", { author: { id: "o", handle: "OrangeRecrute" }, text: "Nous recrutons ! Poste à pourvoir en CDI", lang: "fr" });
        await store.apply([thanks, offer].map((p): StoreOp => ({ type: "post", post: p, insight: postInsight(p, then) })));
        const first = await snap(store);
        expect(first.insights?.hashtags.map((h) => h.tag)).toEqual(["cdi", "emploi"]);
        expect(first.insights?.mentionsByOrganization).toEqual({});
        expect(first.insights?.offersByOrganization).toEqual({});
        await feed.until(1);

        // Staff made #Emploi the campaign's and added Orange: the recount reads both posts again.
        const offerNow = { ...offer, orgId: "orange" };
        const again = [
          { key: "x:m1", insight: postInsight(thanks, now) },
          { key: "x:m2", orgId: "orange", insight: postInsight(offerNow, now) },
        ];
        expect(await store.reattribute(again)).toBe(2);
        const after = await snap(store);
        expect(after.insights?.hashtags).toEqual([{ tag: "cdi", posts: 1 }]);
        expect(after.insights?.mentionsByOrganization).toEqual({ orange: 1 });
        expect(after.insights?.offersByOrganization).toEqual({ orange: 1 });
        expect(after.insights?.authors.find((a) => a.handle === "OrangeRecrute")).toMatchObject({ orgId: "orange", posts: 1 });
        expect(after.insights?.rising.map((r) => r.term)).not.toContain("emploi");
        expect(after.totals).toEqual(first.totals);
        await feed.until(2);
        expect(replay(first, feed.changes.slice(1))).toEqual(after);
        // The same again moves nothing; a delete takes out what the post counts in now.
        expect(await store.reattribute(again)).toBe(0);
        await store.apply([del("x:m1")]);
        expect((await snap(store)).insights?.mentionsByOrganization).toEqual({ orange: 0 });
      });

      it("keeps the recount status; a claim fails while another recount runs, unless that one went stale", async () => {
        const { store } = await fresh();
        expect(await store.recountStatus()).toBeUndefined();
        const running = {
          campaign: CONTRACT_CAMPAIGN,
          state: "running" as const,
          done: 0,
          total: 3,
          startedAt: "2015-02-25T10:00:00.000Z",
          finishedAt: null,
          actor: "ana",
        };
        expect(await store.saveRecountStatus(running, { staleMs: 60_000 })).toBe(true);
        expect(await store.recountStatus()).toEqual(running);
        expect(await store.saveRecountStatus({ ...running, actor: "bob" }, { staleMs: 60_000 })).toBe(false);
        expect(await store.saveRecountStatus({ ...running, done: 2 })).toBe(true);
        expect(await store.recountStatus()).toEqual({ ...running, done: 2 });
        // Its node stopped saving progress long enough ago: taken over.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await store.saveRecountStatus({ ...running, actor: "bob" }, { staleMs: 10 })).toBe(true);
        const done = { ...running, state: "done" as const, done: 3, finishedAt: "2015-02-25T10:01:00.000Z", actor: "bob" };
        expect(await store.saveRecountStatus(done)).toBe(true);
        expect(await store.saveRecountStatus({ ...running, actor: "cy" }, { staleMs: 60_000 })).toBe(true);
        expect((await store.recountStatus())?.actor).toBe("cy");
      });
    });
  });
}

/** The snapshot of a contract store with nothing in it, spelt out rather than computed by the code under test. */
function emptySnapshot(): Snapshot {
  return {
    seq: 0,
    campaign: CONTRACT_CAMPAIGN,
    totals: { posts: 0, authors: 0, originals: 0, retweets: 0, replies: 0, quotes: 0 },
    byCountry: {},
    byOrganization: {},
    timeline: [],
    recent: [],
    pinned: [],
    insights: {
      hashtags: [],
      mentions: [],
      authors: [],
      domains: [],
      languages: {},
      rising: [],
      mentionsByOrganization: {},
      offersByOrganization: {},
    },
  };
}

/** What a client holds after applying `changes` to `snapshot`. */
export function replay(snapshot: Snapshot, changes: readonly StoreChange[]): Snapshot {
  return changes.reduce<Snapshot>((state, fed) => applyDelta(state, fed.change), snapshot);
}
