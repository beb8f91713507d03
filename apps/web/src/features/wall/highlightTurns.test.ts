import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHighlightTurns } from "./highlightTurns";
import { wallTestPost } from "./wallTestPost";

const TURN_MS = 8_000;

const post = (id: number) => wallTestPost(id);

const recent = [5, 4, 3, 2, 1].map(post);

describe("the feed scene's turns, on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const on = (turns: ReturnType<typeof createHighlightTurns>) => turns.state().post?.id;

  it("keeps one pinned post on screen turn after turn until it is unpinned", () => {
    const turns = createHighlightTurns(TURN_MS);
    const seen: (string | undefined)[] = [];
    turns.subscribe(() => seen.push(on(turns)));
    turns.update(recent, [post(900)]);
    expect(on(turns)).toBe("900");
    // Turn after turn, never anything else, not even for one turn.
    for (let turn = 0; turn < 10; turn += 1) {
      vi.advanceTimersByTime(TURN_MS);
      expect(on(turns)).toBe("900");
    }
    expect(seen.every((id) => id === "900")).toBe(true);
    turns.update(recent, []);
    expect(on(turns)).toBe("5");
    turns.stop();
  });

  it("gives several pins turns of the same length, newest pin first, with no recent post between them", () => {
    const turns = createHighlightTurns(TURN_MS);
    const seen: (string | undefined)[] = [];
    turns.subscribe(() => seen.push(on(turns)));
    turns.update(recent, [post(903), post(902), post(901)]);
    vi.advanceTimersByTime(TURN_MS - 1);
    expect(seen).toEqual(["903"]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["903", "902"]);
    vi.advanceTimersByTime(4 * TURN_MS);
    expect(seen).toEqual(["903", "902", "901", "903", "902", "901"]);
    turns.stop();
  });

  it("puts a new pin on screen at once and gives it a whole turn", () => {
    const turns = createHighlightTurns(TURN_MS);
    turns.update(recent, [post(901)]);
    vi.advanceTimersByTime(TURN_MS - 1_000);
    turns.update(recent, [post(902), post(901)]);
    expect(on(turns)).toBe("902");
    // The old turn's last second does not cut the new pin's turn short.
    vi.advanceTimersByTime(TURN_MS - 1);
    expect(on(turns)).toBe("902");
    vi.advanceTimersByTime(1);
    expect(on(turns)).toBe("901");
    turns.stop();
  });

  it("goes on where it stopped when the scene comes back, so every pin gets turns however short the scene", () => {
    const pins = [post(903), post(902), post(901)];
    const turns = createHighlightTurns(TURN_MS);
    const seen: (string | undefined)[] = [];
    turns.subscribe(() => seen.push(on(turns)));
    // The wall shows the feed scene for 5 s, then 20 s of other scenes, again and again.
    for (let visit = 0; visit < 5; visit += 1) {
      turns.update(recent, pins);
      vi.advanceTimersByTime(5_000);
      turns.stop();
      vi.advanceTimersByTime(20_000);
    }
    // 25 s of feed in all: three whole turns of 8 s, the fourth begun.
    expect(seen).toEqual(["903", "902", "901", "903"]);
  });

  it("rotates recent posts when nothing is pinned, and stops with its timer", () => {
    const turns = createHighlightTurns(TURN_MS);
    turns.update(recent, []);
    expect(on(turns)).toBe("5");
    vi.advanceTimersByTime(TURN_MS);
    expect(on(turns)).toBe("4");
    turns.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * TURN_MS);
    expect(on(turns)).toBe("4");
    // A later update starts the turns again (as React's strict mode does, re-running effects).
    turns.update(recent, []);
    vi.advanceTimersByTime(TURN_MS);
    expect(on(turns)).toBe("3");
    turns.stop();
  });
});
