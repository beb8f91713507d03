import { applyDelta, type Delta } from "@pulse/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Relay } from "../../src/realtime/relay.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { makePost, waitFor } from "../support/start-pulse.js";

describe("Relay", () => {
  it("coalesces a tick into one delta with every newly shown post, and its snapshot matches its clients", async () => {
    const store = new MemoryStore("c");
    await store.start();
    const sent: Delta[] = [];
    const relay = new Relay({ store, campaignId: "c", tickMs: 60_000, reconcileMs: 0, broadcast: (d) => sent.push(d) });
    await relay.start();
    const client = relay.snapshot();
    const posts = Array.from({ length: 30 }, (_, i) => makePost({ id: `cap-${i}` }));
    await store.apply(posts.map((post) => ({ type: "post" as const, post })));
    await waitFor(() => !relay.idle(), 1_000, "the change to reach the relay");
    relay.tick();
    relay.stop();
    expect(sent).toHaveLength(1);
    const delta = sent[0]!;
    expect(delta.totals.posts).toBe(30);
    expect(delta.posts.map((p) => p.id)).toEqual([...posts].reverse().map((p) => p.id));
    const onClient = applyDelta(client, delta);
    expect(relay.snapshot().recent).toEqual(onClient.recent);
    expect(relay.snapshot().totals).toEqual(onClient.totals);
    await store.close();
  });

  it("sends the last seq while quiet, so a client that missed the burst's end resyncs", async () => {
    const store = new MemoryStore("c");
    await store.start();
    const syncs: number[] = [];
    const relay = new Relay({ store, campaignId: "c", tickMs: 60_000, reconcileMs: 0, syncMs: 0, broadcast: () => {}, broadcastSync: (seq) => syncs.push(seq) });
    await relay.start();
    relay.tick();
    expect(syncs).toEqual([]); // nothing sent yet: nothing to sync
    await store.apply([{ type: "post", post: makePost() }]);
    await waitFor(() => !relay.idle(), 1_000, "the change to reach the relay");
    relay.tick();
    relay.tick();
    relay.stop();
    expect(syncs).toEqual([1]);
    await store.close();
  });

  describe("on its own timers", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("sends the last seq once per syncMs of quiet after the last delta, never sooner", async () => {
      // The tick interval and the quiet time are faked; the store and its feed run as they do.
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
      const store = new MemoryStore("c");
      await store.start();
      const sent: Delta[] = [];
      const syncs: number[] = [];
      const relay = new Relay({
        store,
        campaignId: "c",
        tickMs: 100,
        reconcileMs: 0,
        syncMs: 2_000,
        broadcast: (d) => sent.push(d),
        broadcastSync: (seq) => syncs.push(seq),
      });
      await relay.start();
      await store.apply([{ type: "post", post: makePost() }]);
      await waitFor(() => !relay.idle(), 1_000, "the change to reach the relay");
      vi.advanceTimersByTime(100);
      expect(sent.map((d) => d.seq)).toEqual([1]);
      vi.advanceTimersByTime(1_900);
      expect(syncs).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(syncs).toEqual([1]);
      vi.advanceTimersByTime(1_900);
      expect(syncs).toEqual([1]);
      vi.advanceTimersByTime(100);
      expect(syncs).toEqual([1, 1]);
      relay.stop();
      vi.advanceTimersByTime(10_000);
      expect(syncs).toEqual([1, 1]);
      expect(sent).toHaveLength(1);
      await store.close();
    });
  });
});
