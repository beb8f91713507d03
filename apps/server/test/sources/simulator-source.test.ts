import { builtInCampaign, normalizeItem, type IngestResult } from "@pulse/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { createSimulation } from "@pulse/simulator";
import { SimulatorSource } from "../../src/sources/simulator-source.js";
import type { IngestSink } from "../../src/sources/source.js";

const SEED = 42;
const HOUR = 3_600_000;
const sim = createSimulation({ campaign: builtInCampaign, seed: SEED });

/**
 * The test's own consumer: normalizes each item the way the ingest pipeline does, records every call, can be
 * slow, and can fail its first calls on purpose.
 */
class RecordingSink implements IngestSink {
  /** Every call, failed ones included, as the ids it was handed. */
  readonly calls: string[][] = [];
  /** Ids of the calls that succeeded, in order. */
  readonly accepted: string[] = [];
  active = 0;
  maxActive = 0;

  constructor(private readonly options: { failFirst?: number; delayMs?: number } = {}) {}

  async ingest(items: unknown[], source: string): Promise<IngestResult> {
    expect(source).toBe("simulator");
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const ids = items.map((item) => (item as { id: string }).id);
      this.calls.push(ids);
      if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
      if (this.calls.length <= (this.options.failFirst ?? 0)) throw new Error("store unreachable (test)");
      const result: IngestResult = { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: [] };
      items.forEach((item, index) => {
        const normalized = normalizeItem(item);
        if (normalized.type === "post") result.accepted++;
        else result.rejected.push({ index, error: normalized.type === "rejected" ? normalized.error : normalized.type });
      });
      this.accepted.push(...ids);
      return result;
    } finally {
      this.active--;
    }
  }
}

/**
 * Moves the fake clock (the source's interval and `performance`) 10 ms at a time until `check` holds, letting
 * each step's ingest call settle.
 */
async function advanceUntil(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  for (let elapsed = 0; !check(); elapsed += 10) {
    if (elapsed > limitMs) throw new Error(`no ${what} within ${limitMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(10);
  }
}

/** Ids the simulation holds from `fromMs` to where the source says it delivered. */
function expectedIds(source: SimulatorSource, fromMs: number): string[] {
  return sim.postsBetween(fromMs, source.deliveredUntil()).map((p) => p.id);
}

const sources: SimulatorSource[] = [];
function track(source: SimulatorSource): SimulatorSource {
  sources.push(source);
  return source;
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

/** A tracked source at one simulated hour a real second from `startAt`, started on `sink`. */
function startHourly(sink: RecordingSink, startAt: number, intervalMs: number): SimulatorSource {
  const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 3600, startAt, intervalMs }));
  source.start(sink);
  return source;
}

/** The source's own timing, faked: its step interval and the `performance` clock it reads the speed against. */
function useFakeSourceTimers(): void {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
}

describe("SimulatorSource", () => {
  it("delivers the simulation in order, without duplicates or gaps, at high speed", async () => {
    useFakeSourceTimers();
    const sink = new RecordingSink();
    const startAt = 11 * HOUR;
    // One real second is one simulated hour.
    const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 3600, startAt, intervalMs: 10 }));
    expect(source.status()).toMatchObject({ name: "simulator", state: "starting", posts: 0, errors: 0 });
    source.start(sink);
    expect(source.status().state).toBe("running");
    await advanceUntil(() => sink.accepted.length >= 1000 && sink.calls.length >= 5, "1000 posts in 5 batches");
    await source.stop();

    expect(sink.accepted).toEqual(expectedIds(source, sim.startMs + startAt));
    expect(new Set(sink.accepted).size).toBe(sink.accepted.length);
    expect(sink.calls.every((batch) => batch.length > 0)).toBe(true);
    const status = source.status();
    expect(status).toMatchObject({ name: "simulator", state: "stopped", posts: sink.accepted.length, errors: 0 });
    expect(Date.parse(status.lastPostAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(status.lastError).toBeUndefined();
    // The simulated clock moved at about the configured speed; the cursor is where it stopped.
    expect(source.deliveredUntil()).toBeGreaterThan(sim.startMs + startAt);

    // stop() stops: nothing more arrives, however long the clock runs.
    const calls = sink.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.calls.length).toBe(calls);
  });

  it("never overlaps two ingest calls; a slow sink just gets bigger batches", async () => {
    const sink = new RecordingSink({ delayMs: 40 });
    const startAt = 12 * HOUR;
    const source = startHourly(sink, startAt, 2);
    await waitFor(() => sink.calls.length >= 5, 10_000, "5 slow batches");
    await source.stop();
    expect(sink.maxActive).toBe(1);
    expect(sink.accepted).toEqual(expectedIds(source, sim.startMs + startAt));
    // 40 ms at 3600× is 144 simulated seconds: at lunchtime in France that is well over 50 posts a batch.
    expect(Math.min(...sink.calls.slice(1).map((b) => b.length))).toBeGreaterThan(50);
  });

  it("retries a failed batch with the very same posts, then carries on without gaps", async () => {
    const sink = new RecordingSink({ failFirst: 2 });
    const startAt = 12 * HOUR;
    const source = startHourly(sink, startAt, 10);
    await waitFor(() => sink.calls.length >= 5, 10_000, "a recovery after two failures");
    const during = source.status();
    await source.stop();

    const [first, second, third] = sink.calls;
    expect(first?.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(sink.accepted).toEqual(expectedIds(source, sim.startMs + startAt));
    expect(during.errors).toBe(2);
    expect(during.lastError).toBe("store unreachable (test)");
    expect(source.status().posts).toBe(sink.accepted.length);
  });

  it("finishes at the end of the campaign day, having delivered the whole day exactly once", async () => {
    const sink = new RecordingSink();
    // Ten simulated days per real second: the day takes about 100 ms.
    const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 864_000, intervalMs: 5 }));
    source.start(sink);
    await waitFor(() => source.status().state === "finished", 10_000, "the end of the day");
    const all = sim.postsBetween(sim.startMs, sim.endMs).map((p) => p.id);
    expect(sink.accepted).toEqual(all);
    expect(source.status()).toMatchObject({ state: "finished", posts: all.length, errors: 0 });
    expect(source.deliveredUntil()).toBe(sim.endMs);
    // Its clock stands at the end of the day.
    expect(source.clock()).toEqual({ now: sim.endMs, speed: 0, simulated: true });
    // Finished stays finished, even after stop().
    await source.stop();
    expect(source.status().state).toBe("finished");
  });

  it("runs its clock from where the day stands, at its speed", async () => {
    useFakeSourceTimers();
    const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 3600, startAt: 9 * HOUR, intervalMs: 10 }));
    expect(source.clock()).toEqual({ now: sim.startMs + 9 * HOUR, speed: 0, simulated: true });
    source.start(new RecordingSink());
    await vi.advanceTimersByTimeAsync(100);
    const { now, speed } = source.clock();
    expect(speed).toBe(3600);
    // 100 ms at 3,600×: six simulated minutes.
    expect(now - (sim.startMs + 9 * HOUR)).toBeGreaterThanOrEqual(300_000);
    expect(now - (sim.startMs + 9 * HOUR)).toBeLessThan(3_600_000);
    expect(now - (sim.startMs + 9 * HOUR)).toBe(360_000);
  });

  it("is finished at once when started past the end of the day", async () => {
    useFakeSourceTimers();
    const sink = new RecordingSink();
    const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 60, startAt: 25 * HOUR }));
    source.start(sink);
    expect(source.status().state).toBe("finished");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.calls).toEqual([]);
  });

  it("refuses a speed that is not above zero, and a second start", () => {
    expect(() => new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 0 })).toThrow(/speed/);
    const source = track(new SimulatorSource({ campaign: builtInCampaign, seed: SEED, speed: 60 }));
    source.start(new RecordingSink());
    expect(() => source.start(new RecordingSink())).toThrow(/already started/);
  });
});
