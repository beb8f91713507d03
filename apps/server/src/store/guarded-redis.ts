/**
 * What the store and the rate limiter both need from a Redis connection that must never hold a request up: a
 * client that fails at once while disconnected and reconnects with jittered backoff, and a guard that gives
 * every command a deadline. node-redis has no command timeout, and a Redis that hangs without closing its
 * connection (stopped, swapping, blocked) never answers.
 *
 * The guard's rule: once one command misses its deadline, Redis counts as stalled. Every command already waiting
 * fails at once (it does not wait out its own deadline), and later commands fail at once without being sent,
 * until a ping queued behind the late command settles. So only the first command of a hang waits.
 */
import { createClient, type RedisClientOptions, type RedisScripts } from "redis";

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Wait before reconnection attempt `retries`: capped exponential backoff with jitter, so many nodes do not
 * reconnect in step. Between half and all of `min(50 ms × 2^retries, 2 s)`.
 */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 10), MAX_RECONNECT_DELAY_MS);
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * A node-redis client as both users want it: a command sent while Redis is away fails at once instead of waiting
 * in memory for a reconnect (no offline queue), a connection attempt gives up after 5 s, reconnection backs off.
 */
export function createGuardedClient<S extends RedisScripts = Record<string, never>>(url: string, scripts?: S) {
  const options: RedisClientOptions<Record<string, never>, Record<string, never>, S, 2> = {
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => reconnectDelay(retries) },
    ...(scripts ? { scripts } : {}),
  };
  return createClient(options);
}

/** Closes a client, letting a pending command finish, but not forever; then drops the connection. */
export async function closeClient(client: { readonly isOpen: boolean; close(): Promise<unknown>; destroy(): void }): Promise<void> {
  if (client.isOpen) {
    try {
      await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    } catch {
      // Already closing: destroy below is enough.
    }
  }
  client.destroy();
}

/** How a guarded command ended: answered, failed (error reply, lost connection), or past the deadline. */
export type GuardedOutcome = "ok" | "error" | "timeout";

/** What the guard needs of the client: a ping to learn when a stalled Redis answers again. */
export interface PingableClient {
  ping(): Promise<unknown>;
  readonly isReady: boolean;
}

/** Options of a `RedisGuard`. */
export interface RedisGuardOptions<Operation extends string> {
  client: PingableClient;
  /** How long a command may take before Redis counts as stalled. */
  timeoutMs: number;
  /** The error a command gets when Redis does not answer; `reason` is "did not answer within … ms" or "does not answer". */
  unavailable: (reason: string) => Error;
  /** Told the round trip of each command sent, failures included (a command refused while stalled is not sent). */
  observe?: (operation: Operation, outcome: GuardedOutcome, seconds: number) => void;
  /** Told when Redis starts and stops stalling. */
  onStall?: (stalled: boolean) => void;
}

/** Deadlines and stall detection over one Redis connection; see the module comment. */
export class RedisGuard<Operation extends string> {
  readonly #client: PingableClient;
  readonly #timeoutMs: number;
  readonly #unavailable: (reason: string) => Error;
  readonly #observe: RedisGuardOptions<Operation>["observe"];
  readonly #onStall: RedisGuardOptions<Operation>["onStall"];
  #stalled = false;
  #probing = false;
  #pinging = false;
  #stopped = false;
  #watchdog: NodeJS.Timeout | undefined;
  /** Rejecters of the commands waiting for an answer, so a stall fails them at once. */
  readonly #waiting = new Set<() => void>();

  constructor(options: RedisGuardOptions<Operation>) {
    this.#client = options.client;
    this.#timeoutMs = options.timeoutMs;
    this.#unavailable = options.unavailable;
    this.#observe = options.observe;
    this.#onStall = options.onStall;
  }

  /** True from a missed deadline until Redis answers the ping queued behind the late command. */
  get stalled(): boolean {
    return this.#stalled;
  }

  /** Runs a command with the deadline; fails at once while Redis is stalled. */
  async run<T>(operation: Operation, command: () => Promise<T>): Promise<T> {
    // Failing fast while stalled sends nothing, so it is not a round trip to observe.
    if (this.#stalled) throw this.#unavailable("does not answer");
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let outcome: GuardedOutcome = "error";
    let abandon: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const giveUp = (why = `did not answer within ${this.#timeoutMs} ms`): void => {
        outcome = "timeout";
        reject(this.#unavailable(why));
      };
      // Once Redis is known to hang, a command already waiting gives up too, instead of waiting out its own deadline.
      abandon = () => giveUp("does not answer");
      this.#waiting.add(abandon);
      timer = setTimeout(() => {
        giveUp();
        this.#stall();
      }, this.#timeoutMs);
    });
    try {
      const reply = await Promise.race([command(), deadline]);
      outcome = "ok";
      return reply;
    } finally {
      clearTimeout(timer);
      if (abandon) this.#waiting.delete(abandon);
      this.#observe?.(operation, outcome, (performance.now() - started) / 1000);
    }
  }

  /**
   * Pings Redis every `everyMs` under the deadline, so a hang shows (as stalled) even when no command is sent.
   * At most one watchdog ping is in flight: during a hang, pings do not pile up.
   */
  watch(operation: Operation, everyMs: number): void {
    if (this.#watchdog) return;
    this.#watchdog = setInterval(() => {
      if (!this.#client.isReady || this.#stalled || this.#pinging) return;
      this.#pinging = true;
      this.run(operation, () => this.#client.ping())
        .catch(() => undefined)
        .finally(() => {
          this.#pinging = false;
        });
    }, everyMs);
    this.#watchdog.unref();
  }

  /** Stops the watchdog, and the stall reports: call it before closing the client. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
  }

  #stall(): void {
    if (this.#stalled) return;
    this.#stalled = true;
    for (const giveUp of [...this.#waiting]) giveUp();
    this.#onStall?.(true);
    this.#probe();
  }

  /**
   * Queues a ping behind the late command on the same connection: Redis answers in order, so its answer says the
   * hang is over. A failed ping means the connection dropped: commands then fail at once (no offline queue), so
   * they do not wait either.
   */
  #probe(): void {
    if (this.#probing) return;
    this.#probing = true;
    void this.#client
      .ping()
      .catch(() => undefined)
      .finally(() => {
        this.#probing = false;
        // Closing the client fails the ping too; that is no news of Redis.
        if (!this.#stalled || this.#stopped) return;
        this.#stalled = false;
        this.#onStall?.(false);
      });
  }
}
