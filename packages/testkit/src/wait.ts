/**
 * Waiting in tests for something another part does (a relay tick, a socket event, a child process): poll a
 * reading until it holds, bounded, and say what was awaited when it does not. One signature for every test:
 * the reading, the condition, then the time bound and what it waits for.
 */
import { setTimeout as delay } from "node:timers/promises";

/** How often a reading is taken again: short, so a test waits about as long as the thing it waits for. */
const INTERVAL_MS = 10;

/** What a bounded poll ended with: whether `done` held, and the last reading either way. */
export interface Polled<T> {
  met: boolean;
  value: T;
}

/** Polls `read` until `done` holds or `timeoutMs` passes; never rejects on time, so a test can check softly. */
export async function pollSettled<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<Polled<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return { met: true, value };
    if (Date.now() > deadline) return { met: false, value };
    await delay(INTERVAL_MS);
  }
}

/** Polls `read` until `done` holds and resolves with that reading; rejects after `timeoutMs` naming `what` and the last one. */
export async function poll<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const { met, value } = await pollSettled(read, done, timeoutMs);
  if (!met) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
  return value;
}

/** Waits until `check` holds: `poll` of a condition. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  await poll(check, Boolean, timeoutMs, what);
}
