import { builtInCampaign, createCampaignIndex, type IngestResult } from "@pulse/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IngestService } from "../../src/ingest/ingest-service.js";
import { DELIVERY_MAX_BATCH, DeliveryQueue, type DeliveryQueueOptions } from "../../src/sources/delivery-queue.js";
import { SourceStatusTracker } from "../../src/sources/source-status.js";
import type { IngestOptions, IngestSink } from "../../src/sources/source.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { makePost } from "../support/start-pulse.js";

/** How long the sink takes to answer: long enough for items to arrive while a call is in flight. */
const CALL_MS = 30;
/** "At once" is a `setTimeout(0)`, which Node runs after 1 ms. */
const AT_ONCE = 1;

/** The real pipeline over a memory store, behind a sink that answers after `CALL_MS` and can refuse calls. */
class TimedSink implements IngestSink {
  readonly calls: { at: number; ids: string[]; source: string; options: IngestOptions | undefined; refused: boolean; waiting: number }[] = [];
  readonly store = new MemoryStore(builtInCampaign.id);
  private readonly service = new IngestService({ store: this.store, index: createCampaignIndex(builtInCampaign) });
  active = 0;
  maxActive = 0;
  /** Calls to refuse, as a store that is away would. */
  refuse = 0;
  waiting: () => number = () => 0;

  async ingest(items: unknown[], source: string, options?: IngestOptions): Promise<IngestResult> {
    const ids = items.map((item) => String((item as { id?: unknown }).id));
    const refused = this.refuse > 0;
    this.calls.push({ at: Date.now(), ids, source, options, refused, waiting: this.waiting() });
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setTimeout(resolve, CALL_MS));
      if (refused) {
        this.refuse -= 1;
        throw new StoreUnavailableError("store unreachable (test)");
      }
      return await this.service.ingest(items, source, options);
    } finally {
      this.active -= 1;
    }
  }

  async posts(): Promise<number> {
    return (await this.store.snapshot()).snapshot.totals.posts;
  }
}

/** A logger that keeps its lines. */
function recorder(): { logger: NonNullable<DeliveryQueueOptions<unknown>["logger"]>; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    logger: {
      info: (_obj, msg) => lines.push({ level: "info", msg: msg ?? "" }),
      warn: (_obj, msg) => lines.push({ level: "warn", msg: msg ?? "" }),
    },
  };
}

const T0 = Date.parse("2026-01-05T10:00:00Z");

function setup(options: Partial<DeliveryQueueOptions<unknown>> = {}) {
  const sink = new TimedSink();
  const tracker = new SourceStatusTracker("test");
  const { logger, lines } = recorder();
  const queue = new DeliveryQueue({ name: "test", tracker, logger, batchMs: 50, ingestRetryMs: 1_000, ...options });
  sink.waiting = () => queue.waiting;
  queue.start(sink);
  return { sink, tracker, lines, queue };
}

/** Milliseconds since the test began, on the fake clock. */
const since = (at: number) => at - T0;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("DeliveryQueue", () => {
  it("gathers what arrives within batchMs into one campaign-only call", async () => {
    const { sink, tracker, queue } = setup();
    queue.push(makePost({ id: "a" }));
    await vi.advanceTimersByTimeAsync(20);
    queue.push(makePost({ id: "b" }), makePost({ id: "c" }));
    await vi.advanceTimersByTimeAsync(29);
    expect(sink.calls).toHaveLength(0);
    expect(queue.waiting).toBe(3);

    await vi.advanceTimersByTimeAsync(1);
    expect(sink.calls.map((c) => [since(c.at), c.ids])).toEqual([[50, ["a", "b", "c"]]]);
    expect(sink.calls[0]).toMatchObject({ source: "test", options: { campaignOnly: true }, waiting: 3 });
    await vi.advanceTimersByTimeAsync(CALL_MS);
    expect(queue.waiting).toBe(0);
    expect(await sink.posts()).toBe(3);
    expect(tracker.snapshot()).toMatchObject({ posts: 3, errors: 0, lastPostAt: new Date(T0 + 50 + CALL_MS).toISOString() });
  });

  it("sends a full batch at once, and what arrived during a call right after it, never two calls at a time", async () => {
    const { sink, queue } = setup();
    const many = Array.from({ length: DELIVERY_MAX_BATCH + 2 }, (_, i) => makePost({ id: `m${i}` }));
    queue.push(...many);
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.calls.map((c) => [since(c.at), c.ids.length])).toEqual([[0, DELIVERY_MAX_BATCH]]);
    await vi.advanceTimersByTimeAsync(10);
    queue.push(makePost({ id: "late" }));
    expect(queue.waiting).toBe(DELIVERY_MAX_BATCH + 3);

    await vi.advanceTimersByTimeAsync(CALL_MS - 10 + AT_ONCE);
    // The two left over and the late one follow as soon as the first call answered, not batchMs later.
    expect(sink.calls.map((c) => [since(c.at), c.ids.length])).toEqual([
      [0, DELIVERY_MAX_BATCH],
      [CALL_MS + AT_ONCE, 3],
    ]);
    await vi.advanceTimersByTimeAsync(CALL_MS);
    expect(sink.maxActive).toBe(1);
    expect(sink.calls.flatMap((c) => c.ids)).toEqual([...many.map((p) => p.id), "late"]);
    expect(await sink.posts()).toBe(DELIVERY_MAX_BATCH + 3);
  });

  it("retries a refused batch as it was after ingestRetryMs, before anything newer, and warns once per streak", async () => {
    const { sink, tracker, lines, queue } = setup();
    sink.refuse = 2;
    queue.push(makePost({ id: "a" }), makePost({ id: "b" }));
    await vi.advanceTimersByTimeAsync(50 + CALL_MS); // first call, refused
    queue.push(makePost({ id: "c" }));
    expect(queue.waiting).toBe(3);
    expect(tracker.snapshot()).toMatchObject({ errors: 1, lastError: "store unreachable (test)" });

    await vi.advanceTimersByTimeAsync(999);
    expect(sink.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // the retry, refused again
    await vi.advanceTimersByTimeAsync(CALL_MS + 1_000); // the second retry, taken
    await vi.advanceTimersByTimeAsync(CALL_MS + AT_ONCE + CALL_MS); // then c

    expect(sink.calls.map((c) => [since(c.at), c.ids, c.refused, c.waiting])).toEqual([
      [50, ["a", "b"], true, 2],
      [50 + CALL_MS + 1_000, ["a", "b"], true, 3],
      [50 + 2 * (CALL_MS + 1_000), ["a", "b"], false, 3],
      [50 + 3 * CALL_MS + 2_000 + AT_ONCE, ["c"], false, 1],
    ]);
    expect(queue.waiting).toBe(0);
    expect(await sink.posts()).toBe(3);
    expect(tracker.snapshot()).toMatchObject({ posts: 3, errors: 2 });
    expect(lines).toEqual([
      { level: "warn", msg: "test: ingest failed, retrying the same items" },
      { level: "info", msg: "test: ingest recovered" },
    ]);
  });

  it("prepares each try, and a retry starts from what the last try prepared", async () => {
    const prepared: string[][] = [];
    const { sink, queue } = setup({
      ingestRetryMs: 100,
      prepare: async (batch) => {
        prepared.push(batch.map((item) => (item as { id: string }).id));
        return batch.map((item) => ({ ...(item as object), text: `${(item as { text: string }).text} (checked)` }));
      },
      toRaw: (item) => ({ ...(item as object), id: `raw-${(item as { id: string }).id}` }),
    });
    sink.refuse = 1;
    queue.push(makePost({ id: "a", text: "Un #VotreJob" }));
    await vi.advanceTimersByTimeAsync(50 + CALL_MS + 100 + CALL_MS);

    expect(prepared).toEqual([["a"], ["a"]]);
    expect(sink.calls.map((c) => c.ids)).toEqual([["raw-a"], ["raw-a"]]);
    const { snapshot } = await sink.store.snapshot();
    // Prepared once per try, from the previous try's result.
    expect(snapshot.recent[0]).toMatchObject({ id: "raw-a", text: "Un #VotreJob (checked) (checked)" });
  });

  it("counts the items ingest rejects as errors, and warns once per call", async () => {
    const { sink, tracker, lines, queue } = setup();
    queue.push(makePost({ id: "ok" }), { hello: "world" }, 42);
    await vi.advanceTimersByTimeAsync(50 + CALL_MS);
    expect(sink.calls).toHaveLength(1);
    const status = tracker.snapshot();
    expect(status).toMatchObject({ posts: 1, errors: 2 });
    expect(status.lastError).toMatch(/^ingest rejected an item: /);
    expect(lines).toEqual([{ level: "warn", msg: "test: items rejected by ingest" }]);
    expect(queue.waiting).toBe(0);
  });

  it("on close, waits for the call in flight, hands over what is left once, and drops what the store still refuses", async () => {
    const { sink, lines, queue } = setup();
    queue.push(makePost({ id: "a" }));
    await vi.advanceTimersByTimeAsync(50); // a is in flight
    queue.push(makePost({ id: "b" }));
    let closed = false;
    void queue.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(CALL_MS);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(CALL_MS);
    expect(closed).toBe(true);
    expect(sink.calls.map((c) => [since(c.at), c.ids])).toEqual([
      [50, ["a"]],
      [50 + CALL_MS, ["b"]],
    ]);
    expect(await sink.posts()).toBe(2);

    // Closed: nothing more is queued or sent.
    queue.push(makePost({ id: "c" }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.calls).toHaveLength(2);
    expect(queue.waiting).toBe(0);
    expect(lines).toEqual([]);
  });

  it("on close with the store away, tries the refused batch once more, then gives up with a warning", async () => {
    const { sink, lines, queue } = setup();
    sink.refuse = 10;
    queue.push(makePost({ id: "a" }), makePost({ id: "b" }));
    await vi.advanceTimersByTimeAsync(50 + CALL_MS);
    const closing = queue.close();
    await vi.advanceTimersByTimeAsync(CALL_MS);
    await closing;
    expect(sink.calls.map((c) => [c.ids, c.refused])).toEqual([
      [["a", "b"], true],
      [["a", "b"], true],
    ]);
    expect(queue.waiting).toBe(0);
    expect(lines.at(-1)).toEqual({ level: "warn", msg: "test: stopped with items the store did not take" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.calls).toHaveLength(2);
  });
});
