import { describe, expect, it } from "vitest";
import { COUNT_UP_MS, countUpValue, createCountUpSource, ROLL_STEP_MS, type FrameScheduler } from "./countUpSource";

/** Animation frames stepped by hand, 16 ms apart. */
function manualFrames() {
  let clock = 0;
  let nextHandle = 1;
  const pending = new Map<number, (now: number) => void>();
  const frames: FrameScheduler = {
    request(step) {
      pending.set(nextHandle, step);
      return nextHandle++;
    },
    cancel: (handle) => pending.delete(handle),
    now: () => clock,
  };
  const frame = () => {
    clock += 16;
    const steps = [...pending.values()];
    pending.clear();
    for (const step of steps) step(clock);
  };
  return { frames, frame, pending: () => pending.size };
}

describe("createCountUpSource", () => {
  it("rolls to the target and lands on it within the roll's frames, then stops asking for frames", () => {
    const { frames, frame, pending } = manualFrames();
    const source = createCountUpSource(160, frames);
    const seen: number[] = [];
    source.subscribe(() => seen.push(source.get()));
    source.setTarget(1_000, true);
    for (let i = 0; i < 11; i += 1) frame();
    expect(source.get()).toBe(1_000);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(pending()).toBe(0);
  });

  it("rolls a new target from the number on screen, not from the old target", () => {
    const { frames, frame } = manualFrames();
    const source = createCountUpSource(160, frames);
    source.setTarget(1_000, true);
    frame();
    frame();
    const midway = source.get();
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(1_000);
    source.setTarget(2_000, true);
    frame();
    expect(source.get()).toBe(countUpValue(midway, 2_000, 16, 160));
    expect(source.get()).toBeLessThan(2_000);
  });

  it("jumps to the target without animation (reduced motion), and a later roll starts there", () => {
    const { frames, frame, pending } = manualFrames();
    const source = createCountUpSource(160, frames);
    source.setTarget(500, false);
    expect(source.get()).toBe(500);
    expect(pending()).toBe(0);
    source.setTarget(600, true);
    frame();
    expect(source.get()).toBeGreaterThan(500);
  });

  it("tells its readers only when the number changes, and not after they unsubscribe or it is disposed", () => {
    const { frames, frame, pending } = manualFrames();
    const source = createCountUpSource(160, frames);
    let calls = 0;
    const unsubscribe = source.subscribe(() => (calls += 1));
    source.setTarget(0, true);
    expect(calls).toBe(0);
    source.setTarget(100, false);
    expect(calls).toBe(1);
    unsubscribe();
    source.setTarget(200, false);
    expect(calls).toBe(1);
    source.setTarget(300, true);
    source.dispose();
    expect(pending()).toBe(0);
    frame();
    expect(source.get()).toBe(200);
  });

  it("by default lands on a new total within 38 frames of 16 ms (a 0.6 s roll), behind a stream of deltas by under half of one", () => {
    const { frames, frame } = manualFrames();
    const source = createCountUpSource(COUNT_UP_MS, frames);
    source.setTarget(10_000, true);
    for (let i = 0; i < 38; i += 1) frame();
    expect(source.get()).toBe(10_000);
    // 1,000 posts every 250 ms (about 16 frames): the number stays within half a delta of the total.
    let total = 10_000;
    for (let delta = 0; delta < 20; delta += 1) {
      total += 1_000;
      source.setTarget(total, true);
      for (let i = 0; i < 16; i += 1) frame();
    }
    expect(total - source.get()).toBeLessThan(500);
  });

  it("shows a new number every second frame at 60 Hz (at most every ROLL_STEP_MS), and always lands on the target", () => {
    const { frames, frame } = manualFrames();
    const source = createCountUpSource(COUNT_UP_MS, frames);
    const seen: number[] = [];
    source.subscribe(() => seen.push(source.get()));
    source.setTarget(100_000, true);
    // 38 frames of 16 ms cover the 0.6 s roll: about one number per two frames, the last one the target.
    for (let i = 0; i < 38; i += 1) frame();
    expect(ROLL_STEP_MS).toBeGreaterThan(16);
    expect(ROLL_STEP_MS).toBeLessThanOrEqual(33);
    expect(seen.length).toBeGreaterThanOrEqual(17);
    expect(seen.length).toBeLessThanOrEqual(20);
    expect(seen.at(-1)).toBe(100_000);
    // A step of 0 shows a number on every frame.
    const every = manualFrames();
    const perFrame = createCountUpSource(COUNT_UP_MS, every.frames, 0);
    let shown = 0;
    perFrame.subscribe(() => (shown += 1));
    perFrame.setTarget(100_000, true);
    for (let i = 0; i < 38; i += 1) every.frame();
    expect(shown).toBeGreaterThanOrEqual(36);
  });
});

describe("countUpValue", () => {
  it("eases from the old value to the new one and lands on it exactly, whatever the roll's length", () => {
    for (const duration of [700, 1_000]) {
      expect(countUpValue(100, 200, 0, duration)).toBe(100);
      const half = countUpValue(100, 200, duration / 2, duration);
      expect(half).toBeGreaterThan(150); // ease-out: more than half way at half time
      expect(half).toBeLessThan(200);
      expect(countUpValue(100, 200, duration, duration)).toBe(200);
      expect(countUpValue(100, 200, 5_000, duration)).toBe(200);
    }
  });

  it("counts down too (a deleted post), and jumps when there is no time", () => {
    expect(countUpValue(200, 100, 500, 1_000)).toBeLessThan(150);
    expect(countUpValue(200, 100, 10_000, 700)).toBe(100);
    expect(countUpValue(0, 42, 0, 0)).toBe(42);
  });

  it("only ever shows whole numbers", () => {
    for (let t = 0; t <= 1_000; t += 37) expect(Number.isInteger(countUpValue(0, 33_000, t, 1_000))).toBe(true);
    expect(Number.isInteger(countUpValue(100, 200, 350, 700))).toBe(true);
  });
});
