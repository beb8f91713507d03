import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNKNOWN_COUNTRY, applyDelete, applyPost, createState, toSnapshot, type AggregateState } from "../src/aggregate.js";
import { takeInsightChanges } from "../src/insight-book.js";
import { RECENT_LIMIT, applyDelta, diffSnapshots, emptyChange, isEmptyChange, mergeChanges, type Change } from "../src/delta.js";
import { FEED_BURST, createFeedPace, reserveFeedPlaces, takeFeedPlace } from "../src/feed-pace.js";
import { MODERATION_LOG_LIMIT, PIN_LIMIT, QUEUE_LIMIT, logModeration, moderate, moderatedPost, moderationState } from "../src/moderation.js";
import { postKey } from "../src/keys.js";
import type { ModerationAction, Post, PostKind, Snapshot } from "../src/models.js";

const T0 = Date.UTC(2015, 5, 10, 9, 0, 0);

/** A post at `T0 + minute` minutes (plus `second` seconds); everything else overridable. */
function post(id: string, fields: Partial<Post> & { minute?: number; second?: number } = {}): Post {
  const { minute = 0, second = 0, ...rest } = fields;
  return {
    network: "x",
    id,
    createdAt: new Date(T0 + minute * 60_000 + second * 1000).toISOString(),
    text: `post ${id}`,
    author: { id: `a-${id}`, handle: `h${id}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
    ...rest,
  };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function emptySnapshot(campaign = "c"): Snapshot {
  return toSnapshot(createState(campaign));
}

describe("applyPost", () => {
  it("counts a new post in every counter and shows it on top", () => {
    const state = createState("c");
    applyPost(state, post("1", { country: "FR", orgId: "acme" }));
    const { outcome, change } = applyPost(state, post("2", { kind: "reply", minute: 1 }));
    expect(outcome).toBe("accepted");
    expect(change).toEqual({
      totals: { posts: 2, replies: 1, authors: 2 },
      byCountry: { [UNKNOWN_COUNTRY]: 1 },
      byOrganization: {},
      timeline: [{ t: T0 + 60_000, posts: 1 }],
      posts: [post("2", { kind: "reply", minute: 1, arrival: 2 })],
      removed: [],
    });
    const snapshot = toSnapshot(state, 7);
    expect(snapshot).toMatchObject({
      seq: 7,
      campaign: "c",
      totals: { posts: 2, authors: 2, originals: 1, retweets: 0, replies: 1, quotes: 0 },
      byCountry: { FR: 1, unknown: 1 },
      byOrganization: { acme: 1 },
      timeline: [
        { t: T0, posts: 1 },
        { t: T0 + 60_000, posts: 1 },
      ],
    });
    expect(snapshot.recent.map((p) => p.id)).toEqual(["2", "1"]);
  });

  it.each<[PostKind, keyof Snapshot["totals"]]>([
    ["original", "originals"],
    ["retweet", "retweets"],
    ["reply", "replies"],
    ["quote", "quotes"],
  ])("a %s adds to posts and %s", (kind, counter) => {
    const state = createState("c");
    applyPost(state, post("1", { kind }));
    expect(state.totals.posts).toBe(1);
    expect(state.totals[counter]).toBe(1);
  });

  it("buckets by the UTC minute of createdAt", () => {
    const state = createState("c");
    applyPost(state, post("1", { second: 0 }));
    applyPost(state, post("2", { second: 59 }));
    applyPost(state, post("3", { minute: 1 }));
    expect(toSnapshot(state).timeline).toEqual([
      { t: T0, posts: 2 },
      { t: T0 + 60_000, posts: 1 },
    ]);
  });

  it("counts an author once, per network", () => {
    const state = createState("c");
    const author = { id: "same", handle: "same" };
    applyPost(state, post("1", { author }));
    const second = applyPost(state, post("2", { author }));
    expect(second.change.totals.authors).toBeUndefined();
    applyPost(state, post("3", { author, network: "mastodon" }));
    expect(state.totals.authors).toBe(2);
  });

  it("reports a second copy as a duplicate and changes nothing", () => {
    const state = createState("c");
    applyPost(state, post("1"));
    const before = toSnapshot(state);
    const { outcome, change } = applyPost(state, post("1", { text: "resent" }));
    expect(outcome).toBe("duplicate");
    expect(isEmptyChange(change)).toBe(true);
    expect(toSnapshot(state)).toEqual(before);
  });

  it("keys on network:id, so the same id on two networks is two posts", () => {
    const state = createState("c");
    applyPost(state, post("1"));
    expect(applyPost(state, post("1", { network: "bluesky" })).outcome).toBe("accepted");
    expect(state.totals.posts).toBe(2);
  });

  it("counts an edit once and lets the later version win, whatever the order", () => {
    const versions = [0, 1, 2].map((version) => post("e", { version, text: `v${version}` }));
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
      [2, 0, 1],
    ]) {
      const state = createState("c");
      applyPost(state, post("other"));
      for (const i of order) applyPost(state, versions[i] as Post);
      const snapshot = toSnapshot(state);
      expect(snapshot.totals.posts).toBe(2);
      expect(snapshot.recent.map((p) => p.text)).toContain("v2");
      expect(snapshot.recent.filter((p) => p.id === "e")).toHaveLength(1);
    }
  });

  it("replaces an edited post in place and sends it as a change, without touching counters", () => {
    const state = createState("c");
    applyPost(state, post("e"));
    applyPost(state, post("later"));
    const { outcome, change } = applyPost(state, post("e", { version: 1, text: "edited" }));
    expect(outcome).toBe("updated");
    // The edit keeps the arrival of the version it replaces.
    expect(change).toEqual({ ...emptyChange(), posts: [post("e", { version: 1, text: "edited", arrival: 1 })] });
    expect(state.recent.map((p) => [p.id, p.text])).toEqual([
      ["later", "post later"],
      ["e", "edited"],
    ]);
    expect(state.totals.posts).toBe(2);
  });

  it("keeps recent bounded, newest first", () => {
    const state = createState("c");
    for (let i = 0; i < RECENT_LIMIT + 5; i++) applyPost(state, post(String(i)));
    expect(state.recent).toHaveLength(RECENT_LIMIT);
    expect(state.recent[0]?.id).toBe(String(RECENT_LIMIT + 4));
    expect(state.totals.posts).toBe(RECENT_LIMIT + 5);
  });
});

describe("applyDelete", () => {
  function seeded(): AggregateState {
    const state = createState("c");
    applyPost(state, post("1", { country: "FR", orgId: "acme", kind: "quote" }));
    applyPost(state, post("2", { country: "FR" }));
    return state;
  }

  it("takes a known post off screen and gives back every counter but authors", () => {
    const state = seeded();
    const { outcome, change } = applyDelete(state, "x:1");
    expect(outcome).toBe("deleted");
    expect(change).toEqual({
      totals: { posts: 1, quotes: 0 },
      byCountry: { FR: 1 },
      byOrganization: { acme: 0 },
      timeline: [{ t: T0, posts: 1 }],
      posts: [],
      removed: ["x:1"],
    });
    expect(toSnapshot(state)).toMatchObject({
      totals: { posts: 1, authors: 2, originals: 1, quotes: 0 },
      byCountry: { FR: 1 },
      byOrganization: { acme: 0 },
      timeline: [{ t: T0, posts: 1 }],
    });
    expect(state.recent.map(postKey)).toEqual(["x:2"]);
  });

  it("reports a second delete as a duplicate", () => {
    const state = seeded();
    applyDelete(state, "x:1");
    const again = applyDelete(state, "x:1");
    expect(again.outcome).toBe("duplicate");
    expect(isEmptyChange(again.change)).toBe(true);
    expect(state.totals.posts).toBe(1);
  });

  it("never counts a deleted post again, in any version", () => {
    const state = seeded();
    applyDelete(state, "x:1");
    expect(applyPost(state, post("1")).outcome).toBe("duplicate");
    expect(applyPost(state, post("1", { version: 3 })).outcome).toBe("duplicate");
    expect(state.totals.posts).toBe(1);
    expect(state.recent.map(postKey)).toEqual(["x:2"]);
  });

  it("leaves a tombstone for an unknown key, so a post arriving after its delete is not counted", () => {
    const state = createState("c");
    const { outcome, change } = applyDelete(state, "x:late");
    expect(outcome).toBe("deleted");
    expect(isEmptyChange(change)).toBe(true);
    expect(applyPost(state, post("late")).outcome).toBe("duplicate");
    expect(toSnapshot(state)).toEqual(emptySnapshot());
  });

  it("decrements the counters of a post that has left recent", () => {
    const state = createState("c");
    applyPost(state, post("old", { country: "DE" }));
    for (let i = 0; i < RECENT_LIMIT; i++) applyPost(state, post(`n${i}`));
    const { change } = applyDelete(state, "x:old");
    expect(change.byCountry).toEqual({ DE: 0 });
    expect(change.removed).toEqual(["x:old"]);
    expect(state.totals.posts).toBe(RECENT_LIMIT);
  });
});

describe("mergeChanges", () => {
  it("keeps the later absolute values", () => {
    const merged = mergeChanges(
      { ...emptyChange(), totals: { posts: 1, originals: 1 }, byCountry: { FR: 1 }, timeline: [{ t: 0, posts: 1 }] },
      {
        ...emptyChange(),
        totals: { posts: 2, replies: 1 },
        byCountry: { FR: 2, DE: 1 },
        byOrganization: { acme: 4 },
        timeline: [
          { t: 60_000, posts: 1 },
          { t: 0, posts: 2 },
        ],
      },
    );
    expect(merged).toEqual({
      totals: { posts: 2, originals: 1, replies: 1 },
      byCountry: { FR: 2, DE: 1 },
      byOrganization: { acme: 4 },
      timeline: [
        { t: 0, posts: 2 },
        { t: 60_000, posts: 1 },
      ],
      posts: [],
      removed: [],
    });
  });

  it("keeps only the RECENT_LIMIT newest posts of a tick, which rebuild recent exactly", () => {
    const state = createState("c");
    const merged = emptyChange();
    for (let i = 0; i < RECENT_LIMIT * 3; i += 1) mergeChanges(merged, applyPost(state, post(String(i))).change);
    expect(merged.posts).toHaveLength(RECENT_LIMIT);
    expect(merged.posts[0]?.id).toBe(String(RECENT_LIMIT * 3 - 1));
    // What moved in the insights, as a store adds it to its batch.
    mergeChanges(merged, { ...emptyChange(), insights: takeInsightChanges(state.insights) });
    expect(applyDelta(toSnapshot(createState("c")), merged)).toEqual(toSnapshot(state));
  });

  it("puts newer posts first", () => {
    const merged = mergeChanges({ ...emptyChange(), posts: [post("1")] }, { ...emptyChange(), posts: [post("2")] });
    expect(merged.posts.map((p) => p.id)).toEqual(["2", "1"]);
  });

  it("ends a post shown then removed within a tick only in removed", () => {
    const merged = mergeChanges({ ...emptyChange(), posts: [post("1"), post("2")] }, { ...emptyChange(), removed: ["x:1"] });
    expect(merged.posts.map(postKey)).toEqual(["x:2"]);
    expect(merged.removed).toEqual(["x:1"]);
  });

  it("ends a post removed then shown again within a tick only in posts", () => {
    const merged = mergeChanges({ ...emptyChange(), removed: ["x:1", "x:2"] }, { ...emptyChange(), posts: [post("1")] });
    expect(merged.posts.map(postKey)).toEqual(["x:1"]);
    expect(merged.removed).toEqual(["x:2"]);
  });

  it("does not list a key twice in removed", () => {
    const merged = mergeChanges({ ...emptyChange(), removed: ["x:1"] }, { ...emptyChange(), removed: ["x:1"] });
    expect(merged.removed).toEqual(["x:1"]);
  });

  it("keeps an edit of a post shown in the same tick where that post stands", () => {
    // BUG (reported): mergeChanges moves the new version to the top of `posts`, while applyPost replaces it in
    // place in `recent`; a client that applies the merged delta then shows [e, later] where the server has
    // [later, e].
    const state = createState("c");
    const merged = emptyChange();
    for (const p of [post("e"), post("later"), post("e", { version: 1, text: "edited" })]) {
      mergeChanges(merged, applyPost(state, p).change);
    }
    expect(merged.posts.map((p) => [p.id, p.text])).toEqual([
      ["later", "post later"],
      ["e", "edited"],
    ]);
    // What moved in the insights, as a store adds it to its batch.
    mergeChanges(merged, { ...emptyChange(), insights: takeInsightChanges(state.insights) });
    expect(applyDelta(emptySnapshot(), merged)).toEqual(toSnapshot(state));
  });
});

describe("applyDelta", () => {
  function base(): { state: AggregateState; snapshot: Snapshot } {
    const state = createState("c");
    for (const id of ["1", "2", "3"]) applyPost(state, post(id, { country: "FR" }));
    return { state, snapshot: toSnapshot(state, 4) };
  }

  it("sets absolute values and takes seq from the delta", () => {
    const { snapshot } = base();
    const next = applyDelta(snapshot, {
      seq: 5,
      totals: { posts: 9 },
      byCountry: { DE: 2 },
      byOrganization: {},
      timeline: [{ t: T0 - 60_000, posts: 1 }],
      posts: [],
      removed: [],
    });
    expect(next.seq).toBe(5);
    expect(next.totals).toEqual({ ...snapshot.totals, posts: 9 });
    expect(next.byCountry).toEqual({ FR: 3, DE: 2 });
    expect(next.timeline).toEqual([
      { t: T0 - 60_000, posts: 1 },
      { t: T0, posts: 3 },
    ]);
  });

  it("is idempotent and does not mutate its input", () => {
    const { state, snapshot } = base();
    const frozen = structuredClone(snapshot);
    const change = emptyChange();
    mergeChanges(change, applyPost(state, post("4", { country: "DE", minute: 2 })).change);
    mergeChanges(change, applyDelete(state, "x:2").change);
    mergeChanges(change, applyPost(state, post("1", { version: 1, text: "edited" })).change);
    mergeChanges(change, { ...emptyChange(), insights: takeInsightChanges(state.insights) });
    const delta = { ...change, seq: 5 };
    const once = applyDelta(snapshot, delta);
    expect(applyDelta(once, delta)).toEqual(once);
    expect(snapshot).toEqual(frozen);
    expect(once).toEqual(toSnapshot(state, 5));
  });

  it("replaces an edited post in place and puts new posts on top", () => {
    const { snapshot } = base();
    const next = applyDelta(snapshot, {
      ...emptyChange(),
      posts: [post("9"), post("2", { version: 1, text: "edited" })],
    });
    expect(next.recent.map((p) => [p.id, p.text])).toEqual([
      ["9", "post 9"],
      ["3", "post 3"],
      ["2", "edited"],
      ["1", "post 1"],
    ]);
  });

  it("keeps recent bounded", () => {
    const posts = Array.from({ length: RECENT_LIMIT + 10 }, (_, i) => post(String(i)));
    const next = applyDelta(base().snapshot, { ...emptyChange(), posts });
    expect(next.recent).toHaveLength(RECENT_LIMIT);
    expect(next.recent[0]?.id).toBe("0");
  });

  it("ignores removals of posts it never showed", () => {
    const { snapshot } = base();
    expect(applyDelta(snapshot, { ...emptyChange(), removed: ["x:nope"] })).toEqual(snapshot);
  });
});

describe("diffSnapshots", () => {
  it("gives the change that turns prev into next", () => {
    const state = createState("c");
    for (let i = 0; i < RECENT_LIMIT; i++) applyPost(state, post(String(i), { country: "FR", minute: i % 3 }));
    const prev = toSnapshot(state, 1);
    applyDelete(state, "x:49");
    applyDelete(state, "x:0");
    applyPost(state, post("10", { version: 1, text: "edited" }));
    applyPost(state, post("new", { country: "DE", orgId: "acme", minute: 5 }));
    const next = toSnapshot(state, 2);
    const diff = diffSnapshots(prev, next);
    expect(diff.removed.sort()).toEqual(["x:0", "x:49"]);
    expect(diff.posts.map((p) => p.id).sort()).toEqual(["10", "new"]);
    expect(diff.byCountry).toEqual({ FR: 48, DE: 1 });
    expect(applyDelta(prev, { ...diff, seq: 2 })).toEqual(next);
  });

  it("is empty between equal snapshots", () => {
    const state = createState("c");
    applyPost(state, post("1"));
    expect(isEmptyChange(diffSnapshots(toSnapshot(state), toSnapshot(state)))).toBe(true);
  });

  it("is empty when the same posts come back with their keys in another order, as JSON from Redis does", () => {
    const state = createState("c");
    applyPost(state, post("1", { country: "FR" }));
    state.moderation.pinned = ["x:1"];
    const prev = toSnapshot(state);
    const reordered = (p: Post): Post => Object.fromEntries(Object.entries(p).reverse()) as unknown as Post;
    const next: Snapshot = { ...prev, recent: prev.recent.map(reordered), pinned: prev.pinned?.map(reordered) };
    expect(JSON.stringify(next.recent)).not.toBe(JSON.stringify(prev.recent));
    expect(isEmptyChange(diffSnapshots(prev, next))).toBe(true);
  });

  it("zeroes a key that next no longer has", () => {
    const prev: Snapshot = { ...emptySnapshot(), byCountry: { FR: 1 }, byOrganization: { acme: 1 } };
    const diff = diffSnapshots(prev, emptySnapshot());
    expect(diff.byCountry).toEqual({ FR: 0 });
    expect(diff.byOrganization).toEqual({ acme: 0 });
  });
});

/**
 * One step of a random run: a post (a repeated id is a duplicate, a higher version an edit), a delete, or (in
 * runs with moderation) a moderation action on a post id or an author number.
 */
type Op =
  | { type: "post"; id: number; version: number; kind: PostKind; country?: string; org?: string; minute: number; author: number }
  | { type: "delete"; id: number }
  | { type: "moderate"; action: ModerationAction };

function moderationArbitrary(ids: number): fc.Arbitrary<Op> {
  // Few targets, so actions meet: a hide then an unhide of one post, an approve of a queued one.
  const onPost = fc
    .record({ type: fc.constantFrom("hide", "unhide", "pin", "unpin", "approve" as const), id: fc.nat(Math.min(ids, 12) - 1) })
    .map(({ type, id }): Op => ({ type: "moderate", action: { type, key: `x:p${id}` } }));
  const onAuthor = fc
    .record({ type: fc.constantFrom("block", "unblock" as const), author: fc.nat(6) })
    .map(({ type, author }): Op => ({ type: "moderate", action: { type, author: `x:a${author}` } }));
  const mode = fc
    .constantFrom("auto", "approve" as const)
    .map((m): Op => ({ type: "moderate", action: { type: "setMode", mode: m } }));
  return fc.oneof({ arbitrary: onPost, weight: 4 }, { arbitrary: onAuthor, weight: 1 }, { arbitrary: mode, weight: 1 });
}

function opsArbitrary(ids: number, withEdits: boolean, withModeration = false): fc.Arbitrary<Op[]> {
  const postOp = fc.record(
    {
      type: fc.constant("post" as const),
      id: fc.nat(ids - 1),
      version: withEdits ? fc.nat(3) : fc.constant(0),
      kind: fc.constantFrom<PostKind>("original", "retweet", "reply", "quote"),
      country: fc.constantFrom("FR", "DE", "BE"),
      org: fc.constantFrom("acme", "gov"),
      minute: fc.nat(5),
      author: fc.nat(6),
    },
    { requiredKeys: ["type", "id", "version", "kind", "minute", "author"] },
  );
  const deleteOp = fc.record({ type: fc.constant("delete" as const), id: fc.nat(ids - 1) });
  const kinds: fc.WeightedArbitrary<Op>[] = [
    { arbitrary: postOp, weight: 4 },
    { arbitrary: deleteOp, weight: 1 },
  ];
  if (!withModeration) return fc.array(fc.oneof(...kinds), { maxLength: 150 });
  kinds.push({ arbitrary: moderationArbitrary(ids), weight: 3 });
  // Long runs (fast-check keeps arrays short by default), so hides meet unhides and windows fill.
  return fc.array(fc.oneof(...kinds), { maxLength: 150, size: "max" });
}

/** Applies one op of a random run. */
/** One op's change, with what it moved in the insights (a store reads that once per batch; here a batch is one op). */
function step(state: AggregateState, op: Op): Change {
  const change =
    op.type === "post" ? applyPost(state, toPost(op)).change : op.type === "delete" ? applyDelete(state, `x:p${op.id}`).change : moderate(state, op.action).change;
  const insights = takeInsightChanges(state.insights);
  if (Object.keys(insights).length > 0) change.insights = insights;
  return change;
}

function toPost(op: Extract<Op, { type: "post" }>): Post {
  const fields: Partial<Post> & { minute: number } = {
    kind: op.kind,
    minute: op.minute,
    version: op.version,
    text: `v${op.version}`,
    author: { id: `a${op.author}`, handle: `h${op.author}` },
  };
  if (op.country) fields.country = op.country;
  if (op.org) fields.orgId = op.org;
  return post(`p${op.id}`, fields);
}

/** Runs ops against a fresh state, returning the state and each op's change. */
function run(ops: Op[]): { state: AggregateState; changes: Change[] } {
  const state = createState("c");
  const changes = ops.map((op) => step(state, op));
  return { state, changes };
}

function expectCountersAddUp(snapshot: Snapshot): void {
  const { totals } = snapshot;
  expect(sum(snapshot.timeline.map((p) => p.posts))).toBe(totals.posts);
  expect(sum(Object.values(snapshot.byCountry))).toBe(totals.posts);
  expect(totals.originals + totals.retweets + totals.replies + totals.quotes).toBe(totals.posts);
  expect(snapshot.timeline.every((p) => p.posts >= 0)).toBe(true);
}

/** For any run of ops (with edits, and moderation if asked), a snapshot taken midway plus the diff to the end is the end. */
function expectDiffsRebuild(withModeration: boolean): void {
  fc.assert(
    fc.property(opsArbitrary(RECENT_LIMIT * 2, true, withModeration), fc.nat(150), (ops, cut) => {
      const state = createState("c");
      let prev = toSnapshot(state);
      ops.forEach((op, i) => {
        if (i === cut) prev = toSnapshot(state);
        step(state, op);
      });
      const next = toSnapshot(state);
      expect(applyDelta(prev, diffSnapshots(prev, next))).toEqual(next);
    }),
    { numRuns: 200 },
  );
}

describe("properties", () => {
  // Up to RECENT_LIMIT ids, so `recent` never truncates: once the server drops a post off the bounded list and a
  // later delete in the same tick frees a slot, a client folding that tick still holds the dropped post.
  const small = Math.min(RECENT_LIMIT, 20);

  it("posts, duplicates and deletes: counters add up, and the folded changes rebuild the snapshot", () => {
    fc.assert(
      fc.property(opsArbitrary(small, false), (ops) => {
        const { state, changes } = run(ops);
        const snapshot = toSnapshot(state);
        expectCountersAddUp(snapshot);
        const visible = new Set(state.recent.map(postKey));
        expect(snapshot.totals.posts).toBe(visible.size);
        const merged = changes.reduce(mergeChanges, emptyChange());
        expect(applyDelta(emptySnapshot(), merged)).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it("with edits in any order: the folded changes rebuild the snapshot", () => {
    fc.assert(
      fc.property(opsArbitrary(small, true), (ops) => {
        const { state, changes } = run(ops);
        const snapshot = toSnapshot(state);
        expectCountersAddUp(snapshot);
        const merged = changes.reduce(mergeChanges, emptyChange());
        expect(applyDelta(emptySnapshot(), merged)).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it("with more posts than recent holds: counters add up and tick-by-tick deltas converge", () => {
    fc.assert(
      fc.property(opsArbitrary(RECENT_LIMIT * 2, true), fc.nat(9), (ops, tickSize) => {
        const state = createState("c");
        let client = emptySnapshot();
        // One op per tick keeps the client in step with the server's bounded list.
        for (const op of ops) client = applyDelta(client, step(state, op));
        expectCountersAddUp(toSnapshot(state));
        expect(client).toEqual(toSnapshot(state));
        // Folded over ticks, counters and timeline always converge even when recent cannot.
        const { changes } = run(ops);
        const size = tickSize + 1;
        let folded = emptySnapshot();
        for (let i = 0; i < changes.length; i += size) {
          folded = applyDelta(folded, changes.slice(i, i + size).reduce(mergeChanges, emptyChange()));
        }
        const { recent: _r, ...counters } = folded;
        const { recent: _s, ...expected } = toSnapshot(state);
        expect(counters).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("diffSnapshots: applyDelta(prev, diff(prev, next)) equals next", () => expectDiffsRebuild(false));
});

describe("properties with moderation", () => {
  const small = Math.min(RECENT_LIMIT, 20);

  function counters(snapshot: Snapshot): Omit<Snapshot, "recent" | "pinned" | "seq"> {
    const { recent: _r, pinned: _p, seq: _s, ...rest } = snapshot;
    return rest;
  }

  it("moderation never changes a counter, and the folded changes rebuild the snapshot", () => {
    fc.assert(
      fc.property(opsArbitrary(small, true, true), (ops) => {
        const { state, changes } = run(ops);
        const snapshot = toSnapshot(state);
        expectCountersAddUp(snapshot);
        const unmoderated = toSnapshot(run(ops.filter((op) => op.type !== "moderate")).state);
        expect(counters(snapshot)).toEqual(counters(unmoderated));
        const merged = changes.reduce(mergeChanges, emptyChange());
        expect(applyDelta(emptySnapshot(), merged)).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it("shows only visible posts, newest arrival first, and pinned ones newest pin first", () => {
    fc.assert(
      fc.property(opsArbitrary(RECENT_LIMIT * 2, true, true), (ops) => {
        const { state } = run(ops);
        const snapshot = toSnapshot(state);
        for (const p of [...snapshot.recent, ...(snapshot.pinned ?? [])]) {
          expect(moderatedPost(state, postKey(p))?.state).toBe("visible");
        }
        const arrivals = snapshot.recent.map((p) => p.arrival ?? 0);
        expect(arrivals).toEqual([...arrivals].sort((a, b) => b - a));
        const pinnedKeys = (snapshot.pinned ?? []).map(postKey);
        expect(pinnedKeys).toEqual(state.moderation.pinned.filter((key) => pinnedKeys.includes(key)));
        expect(state.moderation.pinned.length).toBeLessThanOrEqual(PIN_LIMIT);
      }),
      { numRuns: 200 },
    );
  });

  it("with more posts than recent holds: a client applying every change stays equal to the server", () => {
    fc.assert(
      fc.property(opsArbitrary(RECENT_LIMIT * 2, true, true), (ops) => {
        const state = createState("c");
        let client = emptySnapshot();
        for (const op of ops) client = applyDelta(client, step(state, op));
        expect(client).toEqual(toSnapshot(state));
      }),
      { numRuns: 200 },
    );
  });

  it("diffSnapshots: applyDelta(prev, diff(prev, next)) equals next", () => expectDiffsRebuild(true));
});

describe("arrival", () => {
  it("stamps each new post with the next arrival, replacing one sent in, and an edit keeps its arrival", () => {
    const state = createState("c");
    expect(applyPost(state, post("1", { arrival: 99 })).change.posts[0]?.arrival).toBe(1);
    applyPost(state, post("2"));
    applyDelete(state, "x:2");
    expect(applyPost(state, post("3")).change.posts[0]?.arrival).toBe(3);
    applyPost(state, post("1", { version: 1, text: "edited", arrival: 50 }));
    expect(state.posts.get("x:1")).toEqual(post("1", { version: 1, text: "edited", arrival: 1 }));
    expect([...state.posts.keys()]).toEqual(["x:1", "x:3"]);
  });
});

describe("moderate", () => {
  /** A state with posts 1..n (arrival i for post i), authors a1 for odd ids and a2 for even ones. */
  function seeded(n: number): AggregateState {
    const state = createState("c");
    for (let i = 1; i <= n; i++) {
      applyPost(state, post(String(i), { country: "FR", author: { id: `a${2 - (i % 2)}`, handle: "h" } }));
    }
    return state;
  }

  it("hides a post: it leaves recent, the change removes it, counters stay", () => {
    const state = seeded(3);
    const before = toSnapshot(state);
    const { outcome, change } = moderate(state, { type: "hide", key: "x:2" });
    expect(outcome).toBe("changed");
    expect(change).toEqual({ ...emptyChange(), removed: ["x:2"] });
    const after = toSnapshot(state);
    expect(ids(after.recent)).toEqual(["3", "1"]);
    expect({ ...after, recent: [] }).toEqual({ ...before, recent: [] });
    expect(applyDelta(before, change)).toEqual(after);
    expect(moderatedPost(state, "x:2")).toMatchObject({ state: "hidden", hidden: true, pinned: false });
    expect(moderate(state, { type: "hide", key: "x:2" })).toEqual({ outcome: "unchanged", change: emptyChange() });
  });

  it("unhides a post back into its place by arrival", () => {
    const state = seeded(3);
    moderate(state, { type: "hide", key: "x:2" });
    const before = toSnapshot(state);
    const { outcome, change } = moderate(state, { type: "unhide", key: "x:2" });
    expect(outcome).toBe("changed");
    expect(ids(change.posts)).toEqual(["2"]);
    expect(change.removed).toEqual([]);
    expect(ids(state.recent)).toEqual(["3", "2", "1"]);
    expect(ids(applyDelta(before, change).recent)).toEqual(["3", "2", "1"]);
    expect(moderate(state, { type: "unhide", key: "x:2" }).outcome).toBe("unchanged");
  });

  it("refills recent from older visible posts when one leaves a full window, and gives it back on unhide", () => {
    const state = seeded(RECENT_LIMIT + 2);
    const newest = `x:${RECENT_LIMIT + 2}`;
    const hidden = moderate(state, { type: "hide", key: newest }).change;
    expect(hidden.removed).toEqual([newest]);
    expect(ids(hidden.posts)).toEqual(["2"]);
    expect(state.recent).toHaveLength(RECENT_LIMIT);
    expect(state.recent.at(-1)?.id).toBe("2");
    const back = moderate(state, { type: "unhide", key: newest }).change;
    expect(ids(back.posts)).toEqual([String(RECENT_LIMIT + 2)]);
    expect(back.removed).toEqual(["x:2"]);
    expect(state.recent[0]?.id).toBe(String(RECENT_LIMIT + 2));
  });

  it("answers not_found for a key never counted or deleted, and changes nothing", () => {
    const state = seeded(2);
    applyDelete(state, "x:2");
    const before = structuredClone(state);
    for (const type of ["hide", "unhide", "pin", "unpin", "approve"] as const) {
      for (const key of ["x:nope", "x:2"]) {
        expect(moderate(state, { type, key })).toEqual({ outcome: "not_found", change: emptyChange() });
      }
    }
    expect(state).toEqual(before);
    expect(moderatedPost(state, "x:2")).toBeUndefined();
  });

  it("blocks an author's past and future posts, and unblock brings them back", () => {
    const state = seeded(4);
    const block = moderate(state, { type: "block", author: "x:a1" });
    expect(block.outcome).toBe("changed");
    expect(block.change.removed.sort()).toEqual(["x:1", "x:3"]);
    expect(ids(state.recent)).toEqual(["4", "2"]);
    // Counted as usual, but not shown.
    const future = applyPost(state, post("5", { author: { id: "a1", handle: "h" } })).change;
    expect(future.totals.posts).toBe(5);
    expect(future.posts).toEqual([]);
    expect(moderatedPost(state, "x:5")).toMatchObject({ state: "blocked", blocked: true });
    expect(moderate(state, { type: "block", author: "x:a1" }).outcome).toBe("unchanged");
    const before = toSnapshot(state);
    const unblock = moderate(state, { type: "unblock", author: "x:a1" });
    expect(ids(unblock.change.posts)).toEqual(["5", "3", "1"]);
    expect(ids(state.recent)).toEqual(["5", "4", "3", "2", "1"]);
    expect(applyDelta(before, unblock.change)).toEqual(toSnapshot(state));
    expect(moderate(state, { type: "unblock", author: "x:a1" }).outcome).toBe("unchanged");
    // An author key never seen can be blocked ahead of its first post.
    expect(moderate(state, { type: "block", author: "mastodon:someone" }).outcome).toBe("changed");
  });

  it("in approve mode counts new posts, queues them oldest first, and shows each once approved", () => {
    const state = seeded(1);
    const mode = moderate(state, { type: "setMode", mode: "approve" });
    expect(mode).toEqual({ outcome: "changed", change: emptyChange() });
    expect(moderate(state, { type: "setMode", mode: "approve" }).outcome).toBe("unchanged");
    const queued = applyPost(state, post("2", { country: "BE" }));
    expect(queued.outcome).toBe("accepted");
    expect(queued.change).toMatchObject({ totals: { posts: 2 }, byCountry: { BE: 1 }, posts: [] });
    applyPost(state, post("3"));
    applyPost(state, post("4", { author: { id: "a1", handle: "h" } }));
    expect(moderationState(state)).toMatchObject({ mode: "approve", queued: 3 });
    expect(ids(moderationState(state).queue)).toEqual(["2", "3", "4"]);
    expect(ids(state.recent)).toEqual(["1"]);

    const approved = moderate(state, { type: "approve", key: "x:3" });
    expect(approved.outcome).toBe("changed");
    expect(ids(approved.change.posts)).toEqual(["3"]);
    expect(moderate(state, { type: "approve", key: "x:3" }).outcome).toBe("unchanged");
    // Hiding a queued post takes it out of the queue; blocking its author leaves it out of the list.
    moderate(state, { type: "hide", key: "x:2" });
    moderate(state, { type: "block", author: "x:a1" });
    expect(moderationState(state)).toMatchObject({ queue: [], queued: 1 });
    expect(moderatedPost(state, "x:4")).toMatchObject({ state: "blocked", pending: true });
    // Back in auto mode, new posts show at once; those that arrived in approve mode still wait.
    moderate(state, { type: "setMode", mode: "auto" });
    moderate(state, { type: "unblock", author: "x:a1" });
    applyPost(state, post("6"));
    expect(ids(state.recent)).toEqual(["6", "3", "1"]);
    expect(ids(moderationState(state).queue)).toEqual(["4"]);
  });

  it("bounds the queue listing at QUEUE_LIMIT", () => {
    const state = createState("c");
    moderate(state, { type: "setMode", mode: "approve" });
    for (let i = 0; i < QUEUE_LIMIT + 3; i++) applyPost(state, post(String(i)));
    const view = moderationState(state);
    expect(view.queue).toHaveLength(QUEUE_LIMIT);
    expect(view.queue[0]?.id).toBe("0");
    expect(view.queued).toBe(QUEUE_LIMIT + 3);
  });

  it("pins newest first, at most PIN_LIMIT, visible ones only, and sends the list when it changes", () => {
    const state = seeded(PIN_LIMIT + 2);
    const first = moderate(state, { type: "pin", key: "x:1" });
    expect(first.change).toEqual({ ...emptyChange(), pinned: [state.posts.get("x:1")] });
    expect(moderate(state, { type: "pin", key: "x:1" }).outcome).toBe("unchanged");
    for (let i = 2; i <= PIN_LIMIT + 1; i++) moderate(state, { type: "pin", key: `x:${i}` });
    // One more than the limit: the oldest pin went.
    expect(ids(toSnapshot(state).pinned)).toEqual(["6", "5", "4", "3", "2"]);
    expect(moderatedPost(state, "x:1")?.pinned).toBe(false);

    const hide = moderate(state, { type: "hide", key: "x:4" }).change;
    expect(ids(hide.pinned)).toEqual(["6", "5", "3", "2"]);
    expect(moderationState(state).pinned).toEqual(["x:6", "x:5", "x:4", "x:3", "x:2"]);
    const edit = applyPost(state, post("5", { version: 1, text: "edited" })).change;
    expect(edit.pinned?.map((p) => p.text)).toEqual(["post 6", "edited", "post 3", "post 2"]);
    // An edit of a post that is pinned but hidden changes nothing on screen.
    expect(isEmptyChange(applyPost(state, post("4", { version: 1 })).change)).toBe(true);
    const gone = applyDelete(state, "x:6").change;
    expect(ids(gone.pinned)).toEqual(["5", "3", "2"]);
    expect(moderationState(state).pinned).toEqual(["x:5", "x:4", "x:3", "x:2"]);
    const unpin = moderate(state, { type: "unpin", key: "x:3" });
    expect(ids(unpin.change.pinned)).toEqual(["5", "2"]);
    expect(moderate(state, { type: "unpin", key: "x:3" }).outcome).toBe("unchanged");
    // Pinning a hidden post changes the pins but not the visible list, so nothing is sent.
    moderate(state, { type: "unpin", key: "x:4" });
    expect(moderate(state, { type: "pin", key: "x:4" })).toEqual({ outcome: "changed", change: emptyChange() });
  });

  it("keeps the audit log bounded, oldest dropped", () => {
    const state = createState("c");
    for (let i = 0; i < MODERATION_LOG_LIMIT + 2; i++) {
      logModeration(state, { at: "2015-06-10T09:00:00.000Z", actor: "staff", action: { type: "hide", key: `x:${i}` }, rev: i + 1 });
    }
    expect(state.moderation.log).toHaveLength(MODERATION_LOG_LIMIT);
    expect(state.moderation.log[0]?.rev).toBe(3);
  });
});

describe("pinned and arrival in deltas", () => {
  it("applyDelta puts a post with an arrival in its place and replaces the pinned list", () => {
    const state = createState("c");
    for (const id of ["1", "2", "3"]) applyPost(state, post(id));
    applyDelete(state, "x:2");
    const snapshot = toSnapshot(state);
    // As a post that comes back after moderation: its arrival is older than some on screen.
    const back = post("between", { arrival: 2 });
    const next = applyDelta(snapshot, { ...emptyChange(), posts: [back, post("top")], pinned: [back] });
    expect(ids(next.recent)).toEqual(["top", "3", "between", "1"]);
    expect(ids(next.pinned)).toEqual(["between"]);
    expect(applyDelta(next, emptyChange()).pinned).toEqual(next.pinned);
  });

  it("applyDelta keeps a snapshot without pinned without it until a delta brings one", () => {
    const { pinned: _p, ...legacy } = emptySnapshot();
    expect(applyDelta(legacy, emptyChange())).not.toHaveProperty("pinned");
    expect(applyDelta(legacy, { ...emptyChange(), pinned: [] }).pinned).toEqual([]);
  });

  it("mergeChanges keeps the later pinned list and orders posts newest arrival first", () => {
    const merged = mergeChanges(
      { ...emptyChange(), posts: [post("new", { arrival: 9 })], pinned: [post("a")] },
      { ...emptyChange(), posts: [post("old", { arrival: 2 }), post("mid", { arrival: 5 })], pinned: [] },
    );
    expect(ids(merged.posts)).toEqual(["new", "mid", "old"]);
    expect(merged.pinned).toEqual([]);
    expect(mergeChanges({ ...emptyChange(), pinned: [post("a")] }, emptyChange()).pinned).toEqual([post("a")]);
  });

  it("isEmptyChange sees a pinned list, even an empty one", () => {
    expect(isEmptyChange({ ...emptyChange(), pinned: [] })).toBe(false);
  });

  it("diffSnapshots sends pinned only when it changed", () => {
    const state = createState("c");
    applyPost(state, post("1"));
    const prev = toSnapshot(state);
    expect(diffSnapshots(prev, toSnapshot(state)).pinned).toBeUndefined();
    moderate(state, { type: "pin", key: "x:1" });
    const next = toSnapshot(state);
    expect(ids(diffSnapshots(prev, next).pinned)).toEqual(["1"]);
    const { pinned: _p, ...legacy } = prev;
    expect(diffSnapshots(legacy, prev).pinned).toEqual([]);
  });
});

function ids(posts: readonly Post[] | undefined): string[] {
  return (posts ?? []).map((p) => p.id);
}

describe("the feed's pace", () => {
  it("lets a burst through, then perSecond posts a second, and never more than a burst after a pause", () => {
    const pace = createFeedPace(10, 0);
    let shown = 0;
    for (let i = 0; i < FEED_BURST + 5; i += 1) if (takeFeedPlace(pace, 0)) shown += 1;
    expect(shown).toBe(FEED_BURST);
    expect(takeFeedPlace(pace, 99)).toBe(false);
    expect(takeFeedPlace(pace, 100)).toBe(true);
    expect(takeFeedPlace(pace, 100)).toBe(false);
    // A clock that steps back refills nothing.
    expect(takeFeedPlace(pace, 50)).toBe(false);
    shown = 0;
    for (let i = 0; i < FEED_BURST + 5; i += 1) if (takeFeedPlace(pace, 3_600_000)) shown += 1;
    expect(shown).toBe(FEED_BURST);
  });

  it("gives a batch's places to its newest candidates when it brings more than are left", () => {
    const pace = createFeedPace(10, 0);
    reserveFeedPlaces(pace, FEED_BURST + 3, 0);
    const taken = Array.from({ length: FEED_BURST + 3 }, () => takeFeedPlace(pace, 0));
    expect(taken.slice(0, 3)).toEqual([false, false, false]);
    expect(taken.slice(3).every(Boolean)).toBe(true);
    expect(pace.skip).toBe(0);
  });

  it("counts a paced post but keeps it off screen, also when moderation refills recent", () => {
    const state = createState("c");
    state.feed = createFeedPace(0.001, 0);
    for (let i = 0; i < FEED_BURST; i += 1) applyPost(state, post(`b${i}`), 0);
    const { outcome, change } = applyPost(state, post("late"), 0);
    expect(outcome).toBe("accepted");
    expect(change.totals.posts).toBe(FEED_BURST + 1);
    expect(change.posts).toEqual([]);
    expect(state.recent.map((p) => p.id)).not.toContain("late");
    moderate(state, { type: "hide", key: `x:b${FEED_BURST - 1}` });
    expect(state.recent).toHaveLength(RECENT_LIMIT);
    expect(state.recent.map((p) => p.id)).not.toContain("late");
    expect(moderatedPost(state, "x:late")?.state).toBe("visible");
  });
});

describe("media", () => {
  const photo = { type: "photo" as const, url: "https://pbs.twimg.com/media/p.jpg", sensitive: true };

  it("never changes a counter: the same posts with and without media count the same", () => {
    const posts = [post("1"), post("2", { minute: 1, kind: "reply", country: "FR" }), post("3", { minute: 1, orgId: "acme" })];
    const plain = createState("c");
    const withMedia = createState("c");
    for (const p of posts) applyPost(plain, p);
    for (const p of posts) applyPost(withMedia, { ...p, media: [photo, { ...photo, type: "video" }] });
    const { recent: recentPlain, ...countersPlain } = toSnapshot(plain);
    const { recent: recentMedia, ...countersMedia } = toSnapshot(withMedia);
    expect(countersMedia).toEqual(countersPlain);
    expect(recentMedia.map((p) => p.media?.length)).toEqual([2, 2, 2]);
    expect(recentPlain.map((p) => p.id)).toEqual(recentMedia.map((p) => p.id));
  });

  it("an edit that adds or removes media shows it, and counts nothing again", () => {
    const state = createState("c");
    applyPost(state, post("1", { version: 0 }));
    const before = toSnapshot(state);
    const { outcome, change } = applyPost(state, post("1", { version: 1, media: [photo] }));
    expect(outcome).toBe("updated");
    expect(change.totals).toEqual({});
    expect(change.posts.map((p) => p.media)).toEqual([[photo]]);
    applyPost(state, post("1", { version: 2 }));
    expect(toSnapshot(state).totals).toEqual(before.totals);
    expect(toSnapshot(state).recent[0]).not.toHaveProperty("media");
    expect(applyDelete(state, "x:1").change.totals).toEqual({ posts: 0, originals: 0 });
  });
});
