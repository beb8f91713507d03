import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  RECENT_LIMIT,
  UNKNOWN_COUNTRY,
  applyDelete,
  applyDelta,
  applyPost,
  createState,
  diffSnapshots,
  emptyChange,
  isEmptyChange,
  mergeChanges,
  toSnapshot,
  type AggregateState,
  type Change,
} from "../src/aggregate.js";
import { postKey } from "../src/keys.js";
import type { Post, PostKind, Snapshot } from "../src/models.js";

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
      posts: [post("2", { kind: "reply", minute: 1 })],
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
    expect(change).toEqual({ ...emptyChange(), posts: [post("e", { version: 1, text: "edited" })] });
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

  it("zeroes a key that next no longer has", () => {
    const prev: Snapshot = { ...emptySnapshot(), byCountry: { FR: 1 }, byOrganization: { acme: 1 } };
    const diff = diffSnapshots(prev, emptySnapshot());
    expect(diff.byCountry).toEqual({ FR: 0 });
    expect(diff.byOrganization).toEqual({ acme: 0 });
  });
});

/** One step of a random run: a post (a repeated id is a duplicate, a higher version an edit) or a delete. */
type Op =
  | { type: "post"; id: number; version: number; kind: PostKind; country?: string; org?: string; minute: number; author: number }
  | { type: "delete"; id: number };

function opsArbitrary(ids: number, withEdits: boolean): fc.Arbitrary<Op[]> {
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
  return fc.array(fc.oneof({ arbitrary: postOp, weight: 4 }, { arbitrary: deleteOp, weight: 1 }), { maxLength: 150 });
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
  const changes = ops.map((op) =>
    op.type === "post" ? applyPost(state, toPost(op)).change : applyDelete(state, `x:p${op.id}`).change,
  );
  return { state, changes };
}

function expectCountersAddUp(snapshot: Snapshot): void {
  const { totals } = snapshot;
  expect(sum(snapshot.timeline.map((p) => p.posts))).toBe(totals.posts);
  expect(sum(Object.values(snapshot.byCountry))).toBe(totals.posts);
  expect(totals.originals + totals.retweets + totals.replies + totals.quotes).toBe(totals.posts);
  expect(snapshot.timeline.every((p) => p.posts >= 0)).toBe(true);
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
        for (const op of ops) {
          const { change } = op.type === "post" ? applyPost(state, toPost(op)) : applyDelete(state, `x:p${op.id}`);
          client = applyDelta(client, change);
        }
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

  it("diffSnapshots: applyDelta(prev, diff(prev, next)) equals next", () => {
    fc.assert(
      fc.property(opsArbitrary(RECENT_LIMIT * 2, true), fc.nat(150), (ops, cut) => {
        const state = createState("c");
        let prev = toSnapshot(state);
        ops.forEach((op, i) => {
          if (i === cut) prev = toSnapshot(state);
          if (op.type === "post") applyPost(state, toPost(op));
          else applyDelete(state, `x:p${op.id}`);
        });
        const next = toSnapshot(state);
        const rebuilt = applyDelta(prev, diffSnapshots(prev, next));
        expect(rebuilt).toEqual(next);
      }),
      { numRuns: 200 },
    );
  });
});
