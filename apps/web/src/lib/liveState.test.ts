import type { Delta, Post, Snapshot } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { initialLiveState, liveStatus, MAX_PENDING_DELTAS, reduceLive, type LiveEvent, type LiveState } from "./liveState";

function snapshot(seq: number, posts = 0): Snapshot {
  return {
    seq,
    campaign: "ejd-2015",
    totals: { posts, authors: posts, originals: posts, retweets: 0, replies: 0, quotes: 0 },
    byCountry: posts ? { FR: posts } : {},
    byOrganization: {},
    timeline: posts ? [{ t: 1_430_000_000_000, posts }] : [],
    recent: [],
  };
}

function post(id: string): Post {
  return {
    network: "x",
    id,
    createdAt: "2015-05-05T08:00:00.000Z",
    text: `post ${id} #VotreJob`,
    author: { id: `a${id}`, handle: `user${id}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
  };
}

/** A delta that sets the post total to `posts` (absolute, as the contract says). */
function delta(seq: number, posts: number, extra: Partial<Delta> = {}): Delta {
  return {
    seq,
    totals: { posts, originals: posts },
    byCountry: { FR: posts },
    byOrganization: {},
    timeline: [{ t: 1_430_000_000_000, posts }],
    posts: [],
    removed: [],
    ...extra,
  };
}

/** Runs events in order and collects how many resyncs were asked for. */
function run(events: LiveEvent[], from: LiveState = initialLiveState()) {
  let state = from;
  let resyncs = 0;
  for (const event of events) {
    const next = reduceLive(state, event, 1_000);
    state = next.state;
    if (next.resync) resyncs += 1;
  }
  return { state, resyncs };
}

const connected: LiveEvent = { type: "connected" };

describe("reduceLive", () => {
  it("is connecting before the first snapshot and live after it", () => {
    expect(liveStatus(initialLiveState())).toBe("connecting");
    const { state } = run([connected]);
    expect(liveStatus(state)).toBe("connecting");
    const after = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]);
    expect(liveStatus(after.state)).toBe("live");
    expect(after.state.snapshot?.totals.posts).toBe(10);
    expect(after.state.lastUpdate).toBe(1_000);
    expect(after.resyncs).toBe(0);
  });

  it("applies deltas whose seq follows the last one", () => {
    const { state, resyncs } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      { type: "delta", delta: delta(5, 12, { posts: [post("2")] }) },
    ]);
    expect(resyncs).toBe(0);
    expect(state.snapshot?.seq).toBe(5);
    expect(state.snapshot?.totals.posts).toBe(12);
    expect(state.snapshot?.recent.map((p) => p.id)).toEqual(["2", "1"]);
  });

  it("asks for a resync on a gap and leaves the state as it was", () => {
    const before = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]).state;
    const next = reduceLive(before, { type: "delta", delta: delta(5, 15) }, 2_000);
    expect(next.resync).toBe(true);
    expect(next.state.snapshot?.totals.posts).toBe(10);
    expect(next.state.awaitingSnapshot).toBe(true);
  });

  it("asks only once while a resync is in flight, and holds the deltas meanwhile", () => {
    const { state, resyncs } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(5, 15) },
      { type: "delta", delta: delta(6, 16) },
      { type: "delta", delta: delta(7, 17) },
    ]);
    expect(resyncs).toBe(1);
    expect(state.pending.map((d) => d.seq)).toEqual([5, 6, 7]);
    expect(state.snapshot?.totals.posts).toBe(10);
  });

  it("replaces the state with the resync's snapshot, then applies the held deltas that follow it", () => {
    const { state, resyncs } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(5, 15) },
      { type: "delta", delta: delta(6, 16) },
      { type: "delta", delta: delta(7, 17) },
      // The acknowledged snapshot was read after seq 6 went out.
      { type: "snapshot", snapshot: snapshot(6, 16) },
    ]);
    expect(resyncs).toBe(1);
    expect(state.snapshot?.seq).toBe(7);
    expect(state.snapshot?.totals.posts).toBe(17);
    expect(state.pending).toEqual([]);
    expect(state.awaitingSnapshot).toBe(false);
  });

  it("lets the resync's snapshot win over the local state, even when it says less", () => {
    const { state } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      { type: "delta", delta: delta(9, 99) },
      // A delete happened in between: the server's truth has fewer posts and no post "1".
      { type: "snapshot", snapshot: snapshot(9, 8) },
    ]);
    expect(state.snapshot?.totals.posts).toBe(8);
    expect(state.snapshot?.recent).toEqual([]);
    expect(state.snapshot?.seq).toBe(9);
  });

  it("buffers deltas that arrive before the first snapshot and applies only those after its seq", () => {
    const held = run([
      connected,
      { type: "delta", delta: delta(4, 11) },
      { type: "delta", delta: delta(5, 12) },
      { type: "delta", delta: delta(6, 13) },
    ]);
    expect(held.state.snapshot).toBeNull();
    expect(held.state.pending).toHaveLength(3);
    expect(held.resyncs).toBe(0);

    const { state, resyncs } = run([{ type: "snapshot", snapshot: snapshot(4, 11) }], held.state);
    expect(resyncs).toBe(0);
    expect(state.snapshot?.seq).toBe(6);
    expect(state.snapshot?.totals.posts).toBe(13);
    expect(state.pending).toEqual([]);
  });

  it("asks for a resync when the held deltas do not join up with the snapshot", () => {
    const { state, resyncs } = run([
      connected,
      { type: "delta", delta: delta(8, 20) },
      { type: "snapshot", snapshot: snapshot(5, 12) },
    ]);
    expect(resyncs).toBe(1);
    expect(state.snapshot?.totals.posts).toBe(12);
    expect(state.pending.map((d) => d.seq)).toEqual([8]);
  });

  it("ignores a delta it has already applied, so re-delivery changes nothing", () => {
    const once = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      { type: "delta", delta: delta(5, 12, { posts: [post("2")] }) },
    ]);
    const again = run(
      [
        { type: "delta", delta: delta(5, 12, { posts: [post("2")] }) },
        { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      ],
      once.state,
    );
    expect(again.resyncs).toBe(0);
    expect(again.state.snapshot).toEqual(once.state.snapshot);
  });

  it("applies a held delta only once when it was delivered twice before the snapshot", () => {
    const { state } = run([
      connected,
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      { type: "snapshot", snapshot: snapshot(3, 10) },
    ]);
    expect(state.snapshot?.seq).toBe(4);
    expect(state.snapshot?.recent.map((p) => p.id)).toEqual(["1"]);
  });

  it("resyncs after a reconnect and drops the old connection's deltas", () => {
    const live = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]).state;
    const lost = reduceLive(live, { type: "disconnected", willReconnect: true }, 2_000);
    expect(liveStatus(lost.state)).toBe("reconnecting");
    expect(lost.state.snapshot?.totals.posts).toBe(10); // still on screen, marked stale
    const heldOld = reduceLive(lost.state, { type: "delta", delta: delta(4, 11) }, 2_000).state;
    const back = reduceLive(heldOld, connected, 3_000);
    expect(back.resync).toBe(true);
    expect(back.state.pending).toEqual([]);
    // A new connection numbers from scratch: a lower seq is still the truth.
    const fresh = reduceLive(back.state, { type: "snapshot", snapshot: snapshot(0, 14) }, 3_000);
    expect(fresh.state.snapshot?.seq).toBe(0);
    expect(fresh.state.snapshot?.totals.posts).toBe(14);
    expect(liveStatus(fresh.state)).toBe("live");
  });

  it("does not resync on the first connect, but does when joining a socket that is already up", () => {
    expect(reduceLive(initialLiveState(), connected, 0).resync).toBe(false);
    expect(reduceLive(initialLiveState(), { type: "connected", missedSnapshot: true }, 0).resync).toBe(true);
  });

  it("is offline when the socket will not reconnect by itself", () => {
    const { state } = run([connected, { type: "disconnected", willReconnect: false }]);
    expect(liveStatus(state)).toBe("offline");
  });

  it("asks again when a resync times out, but not once a snapshot has come", () => {
    const waiting = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(6, 15) },
    ]).state;
    expect(reduceLive(waiting, { type: "resyncFailed" }, 0).resync).toBe(true);
    const settled = reduceLive(waiting, { type: "snapshot", snapshot: snapshot(6, 15) }, 0).state;
    expect(reduceLive(settled, { type: "resyncFailed" }, 0).resync).toBe(false);
  });

  it("bounds the deltas it holds", () => {
    const events: LiveEvent[] = [connected];
    for (let seq = 1; seq <= MAX_PENDING_DELTAS + 10; seq += 1) events.push({ type: "delta", delta: delta(seq, seq) });
    const { state } = run(events);
    expect(state.pending).toHaveLength(MAX_PENDING_DELTAS);
    expect(state.pending[0]?.seq).toBe(11);
  });
});
