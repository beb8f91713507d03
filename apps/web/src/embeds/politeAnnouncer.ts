/** How often, at most, a screen reader hears a widget's number again. */
export const ANNOUNCE_INTERVAL_MS = 10_000;

/** A throttled polite live region. */
export interface PoliteAnnouncer {
  /** The visually hidden `aria-live="polite"` element to put in the page. */
  element: HTMLElement;
  /** Asks to announce `message`; the latest message is read at most once per interval. */
  say(message: string): void;
  /** Stops the pending announcement. */
  dispose(): void;
}

/**
 * A live region for a number that changes several times a second: a screen reader hears the latest value now
 * and then instead of a stream. The first message is read at once, later ones wait out the interval.
 */
export function createPoliteAnnouncer(intervalMs = ANNOUNCE_INTERVAL_MS, now: () => number = Date.now): PoliteAnnouncer {
  const element = document.createElement("p");
  element.className = "visually-hidden";
  element.setAttribute("aria-live", "polite");
  element.setAttribute("aria-atomic", "true");
  let lastAt = -Infinity;
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    if (pending === null || pending === element.textContent) return;
    element.textContent = pending;
    lastAt = now();
  };
  return {
    element,
    say(message) {
      pending = message;
      if (timer !== undefined) return;
      const wait = lastAt + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
