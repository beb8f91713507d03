/**
 * The feed scene's turns, without React: the highlight state of `wallData.ts` and the one timer that ends each
 * post's turn. `useHighlight` drives it; tests drive it with fake timers.
 */
import { postKey, type Post } from "@pulse/shared/client";
import { advanceHighlight, NO_HIGHLIGHT, settleHighlight, type HighlightState } from "./wallData";

/** The feed scene's highlight over time. */
export interface HighlightTurns {
  /** The current state; a new object whenever it changes. */
  state(): HighlightState;
  /**
   * Takes the posts now on screen: settles at once (a new pin takes the screen, a post taken off screen goes)
   * and (re)starts the turn's timer when the highlighted post changed or no timer runs.
   */
  update(recent: readonly Post[], pinned: readonly Post[]): void;
  /** Calls `listener` after every change; returns its removal. */
  subscribe(listener: () => void): () => void;
  /** Stops the timer; a later `update` starts it again, and the post on screen then finishes its turn. */
  stop(): void;
}

/**
 * Turns of `intervalMs` each: every post, pinned or not, gets its whole turn from the moment it comes on
 * screen, and the next one is picked when the turn ends (the next pin while there are pins). A turn stopped
 * (the wall showed another scene) goes on where it stopped, so pins take turns even when the feed scene
 * shows for less than a turn at a time. With `intervalMs <= 0` the highlight only changes when the posts do.
 */
export function createHighlightTurns(intervalMs: number): HighlightTurns {
  let state = NO_HIGHLIGHT;
  let recent: readonly Post[] = [];
  let pinned: readonly Post[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = 0;
  /** What was left of the turn when the timer stopped, for the same post when the turns start again. */
  let paused: { key: string; leftMs: number } | null = null;
  const listeners = new Set<() => void>();

  const keyOf = (s: HighlightState) => (s.post ? postKey(s.post) : null);
  const startTurn = (ms = intervalMs) => {
    clearTimeout(timer);
    timer = undefined;
    paused = null;
    if (intervalMs <= 0 || state.post === null) return;
    dueAt = Date.now() + ms;
    timer = setTimeout(endTurn, ms);
  };
  const set = (next: HighlightState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  function endTurn() {
    timer = undefined;
    set(advanceHighlight(state, recent, pinned));
    startTurn();
  }

  return {
    state: () => state,
    update(nextRecent, nextPinned) {
      recent = nextRecent;
      pinned = nextPinned;
      const before = keyOf(state);
      set(settleHighlight(state, recent, pinned));
      const key = keyOf(state);
      if (key !== before) startTurn();
      // Starting again (the scene is back): the post on screen finishes the turn it had begun.
      else if (timer === undefined) startTurn(paused && paused.key === key ? paused.leftMs : intervalMs);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      const key = keyOf(state);
      if (timer !== undefined && key !== null) paused = { key, leftMs: Math.max(0, dueAt - Date.now()) };
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
