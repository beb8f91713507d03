import type { Delta } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import {
  initialLiveState,
  LIVE_STATUSES,
  liveStatus,
  MAX_PENDING_DELTAS,
  reduceLive,
  type LiveEvent,
  type LiveState,
} from "./liveState";
import { testPost as post, testSnapshot as snapshot } from "./testFixtures";


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

  it("resyncs once when the server's quiet-time sync says it is ahead (the burst's last deltas were lost)", () => {
    const live = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]).state;
    expect(run([{ type: "sync", seq: 3 }], live).resyncs).toBe(0);
    const behind = run([{ type: "sync", seq: 7 }, { type: "sync", seq: 7 }], live);
    expect(behind.resyncs).toBe(1);
    const caughtUp = run([{ type: "snapshot", snapshot: snapshot(7, 20) }, { type: "sync", seq: 7 }], behind.state);
    expect(caughtUp.resyncs).toBe(0);
    expect(caughtUp.state.snapshot?.totals.posts).toBe(20);
  });

  /** Seq 4 goes missing after the snapshot at 3: the client asks for a resync and holds 5, 6 and 7. */
  const gapThenBurst: LiveEvent[] = [
    connected,
    { type: "snapshot", snapshot: snapshot(3, 10) },
    { type: "delta", delta: delta(5, 15) },
    { type: "delta", delta: delta(6, 16) },
    { type: "delta", delta: delta(7, 17) },
  ];

  it("asks only once while a resync is in flight, and holds the deltas meanwhile", () => {
    const { state, resyncs } = run(gapThenBurst);
    expect(resyncs).toBe(1);
    expect(state.pending.map((d) => d.seq)).toEqual([5, 6, 7]);
    expect(state.snapshot?.totals.posts).toBe(10);
  });

  it("replaces the state with the resync's snapshot, then applies the held deltas that follow it", () => {
    const { state, resyncs } = run([
      ...gapThenBurst,
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

const degraded: LiveEvent = { type: "health", health: { status: "degraded" } };
const healthy: LiveEvent = { type: "health", health: { status: "ok" } };
const lost: LiveEvent = { type: "disconnected", willReconnect: true };

describe("reduceLive: reconnecting", () => {
  it("replaces the state after a reconnect: posts made meanwhile are counted, none twice", () => {
    const { state, resyncs } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      { type: "delta", delta: delta(4, 11, { posts: [post("1")] }) },
      lost,
      // A delta of the old connection that was still on the way: it must not count on the new one.
      { type: "delta", delta: delta(5, 12, { posts: [post("2")] }) },
      connected,
      // The new node's on-connect snapshot already holds posts 2 to 4, made while the client was away.
      { type: "snapshot", snapshot: { ...snapshot(0, 14), recent: [post("4"), post("3"), post("2"), post("1")] } },
      { type: "delta", delta: delta(1, 15, { posts: [post("5")] }) },
      // The answer to the reconnect's resync, read after delta 1: the same truth again.
      { type: "snapshot", snapshot: { ...snapshot(1, 15), recent: [post("5"), post("4"), post("3"), post("2"), post("1")] } },
    ]);
    expect(resyncs).toBe(1);
    expect(liveStatus(state)).toBe("live");
    expect(state.snapshot?.totals.posts).toBe(15);
    expect(state.snapshot?.byCountry).toEqual({ FR: 15 });
    expect(state.snapshot?.recent.map((p) => p.id)).toEqual(["5", "4", "3", "2", "1"]);
  });

  it("applies deltas of the new connection that beat the resync's answer only once", () => {
    const { state } = run([
      connected,
      { type: "snapshot", snapshot: snapshot(3, 10) },
      lost,
      connected,
      { type: "delta", delta: delta(8, 21, { posts: [post("7")] }) },
      { type: "snapshot", snapshot: { ...snapshot(7, 20), recent: [] } },
    ]);
    expect(state.snapshot?.seq).toBe(8);
    expect(state.snapshot?.totals.posts).toBe(21);
    expect(state.snapshot?.recent.map((p) => p.id)).toEqual(["7"]);
  });

  it("shows the reconnection attempt while reconnecting and forgets it once connected", () => {
    const live = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]).state;
    const trying = run([lost, { type: "reconnectAttempt", attempt: 1 }, { type: "reconnectAttempt", attempt: 2 }], live).state;
    expect(liveStatus(trying)).toBe("reconnecting");
    expect(trying.reconnectAttempt).toBe(2);
    expect(trying.snapshot?.totals.posts).toBe(10);
    const back = run([connected], trying).state;
    expect(back.reconnectAttempt).toBe(0);
  });

  it("stays reconnecting, not offline, after a server-initiated disconnect it will retry", () => {
    const { state } = run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }, lost]);
    expect(liveStatus(state)).toBe("reconnecting");
  });
});

describe("reduceLive: store health", () => {
  const live = () => run([connected, { type: "snapshot", snapshot: snapshot(3, 10) }]).state;

  it("pauses while the store is unreachable, keeping the last numbers and asking nothing", () => {
    const next = reduceLive(live(), degraded, 2_000);
    expect(next.resync).toBe(false);
    expect(liveStatus(next.state)).toBe("paused");
    expect(next.state.snapshot?.totals.posts).toBe(10);
    expect(next.state.lastUpdate).toBe(1_000);
  });

  it("is paused, not connecting, when the store is down before the first snapshot", () => {
    expect(liveStatus(run([connected, degraded]).state)).toBe("paused");
  });

  it("resyncs once the store is back, and counts the catch-up delta only once", () => {
    const { state, resyncs } = run([degraded, healthy], live());
    expect(resyncs).toBe(1);
    expect(state.health).toBe("ok");
    // The server's catch-up delta comes before the resync's answer, which already holds it.
    const after = run(
      [
        { type: "delta", delta: delta(4, 30) },
        { type: "snapshot", snapshot: snapshot(4, 30) },
      ],
      state,
    );
    expect(after.resyncs).toBe(0);
    expect(liveStatus(after.state)).toBe("live");
    expect(after.state.snapshot?.seq).toBe(4);
    expect(after.state.snapshot?.totals.posts).toBe(30);
  });

  it("asks for nothing when the health it hears has not changed", () => {
    expect(reduceLive(live(), healthy, 0)).toEqual({ state: live(), resync: false });
    const paused = reduceLive(live(), degraded, 0).state;
    expect(reduceLive(paused, degraded, 0).resync).toBe(false);
  });

  it("forgets the old node's health on a disconnect, so a healthy new node does not resync twice", () => {
    const paused = reduceLive(live(), degraded, 0).state;
    const away = reduceLive(paused, lost, 0).state;
    expect(liveStatus(away)).toBe("reconnecting");
    const { resyncs, state } = run([connected, healthy], away);
    expect(resyncs).toBe(1); // the reconnect's own
    expect(state.health).toBe("ok");
  });

  it("pauses again when the new node reports its store down", () => {
    const away = run([degraded, lost], live()).state;
    expect(liveStatus(run([connected, { type: "snapshot", snapshot: snapshot(0, 12) }, degraded], away).state)).toBe("paused");
  });
});

describe("liveStatus", () => {
  it("only ever returns a listed status", () => {
    const seen = new Set<string>();
    const states = [
      initialLiveState(),
      run([connected]).state,
      run([connected, { type: "snapshot", snapshot: snapshot(1, 1) }]).state,
      run([connected, degraded]).state,
      run([connected, lost]).state,
      run([connected, { type: "disconnected", willReconnect: false }]).state,
    ];
    for (const state of states) seen.add(liveStatus(state));
    expect([...seen].sort()).toEqual([...LIVE_STATUSES].sort());
  });
});
