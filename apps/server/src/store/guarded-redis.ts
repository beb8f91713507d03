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
import { createClient, createSentinel, type RedisClientOptions, type RedisScripts } from "redis";

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

/** A Redis server or Sentinel address. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Redis behind Sentinels: they name the primary, and a new one after a failover. */
export interface SentinelTarget {
  sentinels: RedisNode[];
  /** The primary's name in the Sentinels' configuration. */
  name: string;
  /** A `redis://` URL whose user, password and database the primary and replicas take (its host is not used). */
  url?: string;
}

/** Where Pulse's Redis is: a `redis://` or `rediss://` URL, or Sentinels (see `SentinelTarget`). */
export type RedisTarget = string | SentinelTarget;

/** A target fit for logs and errors: the URL without its password, or the primary's name and its Sentinels. */
export function describeTarget(target: RedisTarget): string {
  if (typeof target !== "string") {
    return `primary "${target.name}" of Sentinels ${target.sentinels.map((n) => (n.host.includes(":") ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`)).join(",")}`;
  }
  try {
    const parsed = new URL(target);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured Redis URL";
  }
}

/** The clients made through Sentinels, which differ from a plain client in the two calls below. */
const sentinelClients = new WeakSet<object>();

/** The user, password and database a URL gives (a Sentinel's node clients take no `url`: it would name their host). */
function credentialsOf(url: string | undefined): { username?: string; password?: string; database?: number } {
  if (!url) return {};
  const parsed = new URL(url);
  const database = Number(parsed.pathname.slice(1));
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 && Number.isInteger(database) ? { database } : {}),
  };
}

/**
 * A node-redis client as every Pulse user of Redis wants it (the store, the campaign registry, the rate limiter,
 * and through `duplicateSubscriber` their pub/sub connections): a command sent while Redis is away fails at once
 * instead of waiting in memory for a reconnect (no offline queue), a connection attempt gives up after 5 s,
 * reconnection backs off.
 *
 * Given Sentinels, it is node-redis's Sentinel client (`createSentinel`) instead: it asks the Sentinels for the
 * primary, follows `+switch-master` and the other Sentinel events to the new one, and sends a command that lost
 * its primary again once the topology is read anew. It offers the same commands, scripts, pub/sub (its own
 * connection, which it moves and resubscribes after a failover), `duplicate`, events (`ready`, `error`) and
 * lifecycle as a plain client, so it is typed as one; the two calls that differ go through `sendRaw` and
 * `duplicateSubscriber`. It speaks RESP2, as the plain client does, so replies have the same shapes. Reads go to
 * the primary too (`replicaPoolSize` 0): replicas lag, and every Pulse read must see its own writes. During a
 * failover its commands wait for the new primary; the `RedisGuard` deadline turns that wait into a fast 503.
 */
export function createGuardedClient<S extends RedisScripts = Record<string, never>>(target: RedisTarget, scripts?: S) {
  const socket = { connectTimeout: 5000, reconnectStrategy: (retries: number) => reconnectDelay(retries) };
  const options: RedisClientOptions<Record<string, never>, Record<string, never>, S, 2> = {
    ...(typeof target === "string" ? { url: target } : {}),
    disableOfflineQueue: true,
    socket,
    ...(scripts ? { scripts } : {}),
  };
  const client = createClient(options);
  if (typeof target === "string") return client;
  const sentinel = createSentinel<Record<string, never>, Record<string, never>, S, 2>({
    name: target.name,
    sentinelRootNodes: target.sentinels,
    RESP: 2,
    ...(scripts ? { scripts } : {}),
    nodeClientOptions: { ...credentialsOf(target.url), disableOfflineQueue: true, socket },
    sentinelClientOptions: { socket },
    // Connection errors of the primary come out as `error`, as a plain client's do: the users log outages from them.
    passthroughClientErrorEvents: true,
  });
  sentinelClients.add(sentinel);
  return sentinel as unknown as typeof client;
}

/** A client's duplicate for pub/sub: it keeps the offline queue, its only commands being (re)subscriptions. */
export function duplicateSubscriber<C extends object>(client: C): C {
  const duplicable = client as unknown as { duplicate(overrides?: object): C };
  if (!sentinelClients.has(client)) return duplicable.duplicate({ disableOfflineQueue: false });
  // A Sentinel client's duplicate takes Sentinel options; its pub/sub connection follows the primary by itself.
  const duplicate = duplicable.duplicate();
  sentinelClients.add(duplicate);
  return duplicate;
}

/** Sends a raw command (`["EVALSHA", …]`): a plain client takes the arguments, a Sentinel client whether it only reads first. */
export function sendRaw(client: object, args: string[]): Promise<unknown> {
  if (!sentinelClients.has(client)) return (client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand(args);
  return (client as { sendCommand(isReadonly: boolean, args: string[]): Promise<unknown> }).sendCommand(false, args);
}

/**
 * Waits for `connecting` (a client's connect, a subscription) at most `ms`, then rejects with `unavailable()`; the
 * connection itself goes on trying. Every Redis-backed registry and store starts this way.
 */
export async function answeredWithin(connecting: Promise<unknown>, ms: number, unavailable: () => Error): Promise<void> {
  // If the caller stops waiting (timed out) or closes, a later rejection must not go unhandled.
  connecting.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), ms);
  });
  try {
    await Promise.race([connecting, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
