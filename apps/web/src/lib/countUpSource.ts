/** The count-up of the wall's and the counter widget's big numbers: how far a roll has gone, and the roll itself. */

/**
 * How long the count-up towards a new total lasts. Shorter than the 1.2 s it was: at a delta every 250 ms a roll
 * never ends, and the number on screen trailed the real total by about one delta (1.2 s) against about a quarter
 * of one (0.6 s); it still reads as one rolling counter.
 */
export const COUNT_UP_MS = 600;

/**
 * The roll shows a new number at most this often: every second frame at 60 Hz. Each new number costs the page a
 * layout and a paint (the wall's at the screen's size, or a partner page's frame); at half the frame rate the
 * number still reads as rolling, and a slow screen gets every other frame back.
 */
export const ROLL_STEP_MS = 30;

/** Ease-out cubic on [0, 1]: fast at first, settling gently on the new value. */
function easeOutCubic(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return 1 - (1 - p) ** 3;
}

/** The number a count-up shows `elapsedMs` into a roll from `from` to `to` lasting `durationMs`: whole numbers, ending on `to`. */
export function countUpValue(from: number, to: number, elapsedMs: number, durationMs: number): number {
  if (durationMs <= 0 || elapsedMs >= durationMs) return to;
  return Math.round(from + (to - from) * easeOutCubic(elapsedMs / durationMs));
}

/** Animation frames, injectable so a test can step them by hand. */
export interface FrameScheduler {
  request(step: (now: number) => void): number;
  cancel(handle: number): void;
  now(): number;
}

const browserFrames: FrameScheduler = {
  request: (step) => requestAnimationFrame(step),
  cancel: (handle) => cancelAnimationFrame(handle),
  now: () => performance.now(),
};

/**
 * A rolling total (the wall's, the counter widget's), held outside any view's state: its readers (the wall's big
 * number and footer total, the widget's number) subscribe to it, so a frame of the roll rewrites those numbers'
 * text and nothing else.
 */
export interface CountUpSource {
  /** The number on screen now. */
  get(): number;
  /** Called after each change of the number on screen; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** Rolls towards `target` from the number on screen, or jumps to it when `animate` is false (reduced motion). */
  setTarget(target: number, animate: boolean): void;
  /** Stops the roll; the number stays where it is. */
  dispose(): void;
}

/**
 * A {@link CountUpSource}: one animation frame loop at most, cancelled on every new target and on dispose. Each
 * new target rolls from the number on screen (ease-out over `durationMs`), so a stream of updates reads as one
 * rolling counter. A new number is shown at most every `stepMs` (the target itself always is).
 */
export function createCountUpSource(durationMs = COUNT_UP_MS, frames: FrameScheduler = browserFrames, stepMs = ROLL_STEP_MS): CountUpSource {
  let shown = 0;
  let shownAt = Number.NEGATIVE_INFINITY;
  let frame: number | null = null;
  const listeners = new Set<() => void>();
  const show = (value: number) => {
    if (value === shown) return;
    shown = value;
    for (const listener of listeners) listener();
  };
  const stop = () => {
    if (frame !== null) frames.cancel(frame);
    frame = null;
  };
  return {
    get: () => shown,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    setTarget(target, animate) {
      stop();
      if (!animate) {
        show(target);
        return;
      }
      const from = shown;
      if (from === target) return;
      const startedAt = frames.now();
      const step = (now: number) => {
        const value = countUpValue(from, target, now - startedAt, durationMs);
        if (value === target || now - shownAt >= stepMs) {
          shownAt = now;
          show(value);
        }
        frame = shown === target ? null : frames.request(step);
      };
      frame = frames.request(step);
    },
    dispose: stop,
  };
}
