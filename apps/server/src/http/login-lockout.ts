/**
 * Lockout with backoff after repeated wrong passwords, per account and per client IP: after `failures` wrong
 * passwords in a row an account (or an IP) is locked for `baseMs`, and each further lock doubles, up to `maxMs`.
 * A right password clears the account's count and backoff (not the IP's: one known account must not wash an IP
 * that guesses others). A key that sees no wrong password for `forgetMs` after its lock ends starts afresh.
 *
 * The state lives beside the rate limits: in Redis through the rate limits' own guarded connection when `REDIS_URL`
 * is set (one small hash per key, with a TTL, so every node shares it), else in memory (bounded). Like the rate
 * limits, it fails open when Redis cannot be reached: the per-IP limit of wrong credentials still applies then.
 */
import type { Logger } from "pino";

/** How one kind of key backs off. */
export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the key. */
  failures: number;
  /** The first lock's length. */
  baseMs: number;
  /** The longest lock. */
  maxMs: number;
  /** How long a key is remembered after its last wrong password (or after its lock ends). */
  forgetMs: number;
}

/** The defaults: 5 wrong passwords lock an account for 1 min, then 2, 4… up to 1 h; an IP after 20. */
export const LOCKOUT_POLICIES: Record<"account" | "ip", LockoutPolicy> = {
  account: { failures: 5, baseMs: 60_000, maxMs: 60 * 60_000, forgetMs: 60 * 60_000 },
  ip: { failures: 20, baseMs: 60_000, maxMs: 60 * 60_000, forgetMs: 60 * 60_000 },
};

/** Where the counts live. Keys are opaque (`account:<username>`, `ip:<address>`). */
export interface LockoutStore {
  /** When the key's lock ends, epoch ms; 0 (or a past time) when it is not locked. */
  lockedUntil(key: string): Promise<number>;
  /** Counts a wrong password at `now`; answers when the key's lock ends afterwards (≤ now: not locked). */
  fail(key: string, now: number, policy: LockoutPolicy): Promise<number>;
  /** Forgets the key. */
  clear(key: string): Promise<void>;
}

/** The lock length after the `level`-th lock: `baseMs` doubled each time, capped at `maxMs`. */
export function lockLength(policy: LockoutPolicy, level: number): number {
  return Math.min(policy.baseMs * 2 ** Math.max(0, level - 1), policy.maxMs);
}

/** Past this many keys, the memory store drops the oldest: a spray of made-up usernames stays bounded. */
const MEMORY_MAX_KEYS = 10_000;

/** The counts of one node, in memory, at most {@link MEMORY_MAX_KEYS} keys. */
export class MemoryLockoutStore implements LockoutStore {
  readonly #keys = new Map<string, { failures: number; level: number; until: number; expires: number }>();

  async lockedUntil(key: string): Promise<number> {
    return this.#keys.get(key)?.until ?? 0;
  }

  async fail(key: string, now: number, policy: LockoutPolicy): Promise<number> {
    let entry = this.#keys.get(key);
    if (entry && entry.expires <= now) entry = undefined;
    const state = entry ?? { failures: 0, level: 0, until: 0, expires: 0 };
    if (state.until > now) return state.until;
    state.failures += 1;
    if (state.failures >= policy.failures) {
      state.level += 1;
      state.failures = 0;
      state.until = now + lockLength(policy, state.level);
    }
    state.expires = Math.max(state.until, now) + policy.forgetMs;
    // Re-inserted last, so the first key is the one longest without a failure.
    this.#keys.delete(key);
    this.#keys.set(key, state);
    if (this.#keys.size > MEMORY_MAX_KEYS) this.#prune(now);
    return state.until;
  }

  async clear(key: string): Promise<void> {
    this.#keys.delete(key);
  }

  #prune(now: number): void {
    for (const [key, state] of this.#keys) if (state.expires <= now) this.#keys.delete(key);
    for (const key of this.#keys.keys()) {
      if (this.#keys.size <= MEMORY_MAX_KEYS) break;
      this.#keys.delete(key);
    }
  }
}

/**
 * Counts a wrong password in one hash (`f` failures, `l` locks so far, `u` lock end), atomically, and sets its TTL.
 * ARGV: now, failures, baseMs, maxMs, forgetMs. Answers the lock's end (epoch ms).
 */
export const LOCKOUT_FAIL_SCRIPT = `
local now, limit, base, cap, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local s = redis.call('HMGET', KEYS[1], 'f', 'l', 'u')
local f, l, u = tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0
if u > now then return u end
f = f + 1
if f >= limit then
  l = l + 1
  f = 0
  u = now + math.min(base * 2 ^ (l - 1), cap)
end
redis.call('HSET', KEYS[1], 'f', string.format('%d', f), 'l', string.format('%d', l), 'u', string.format('%d', u))
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(u, now) - now + forget))
return u
`;

/** A raw Redis command, as the rate limits' guarded connection sends it. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/** The counts every node shares, in Redis under `prefix` (`pulse:ratelimit:login-lockout:`). */
export class RedisLockoutStore implements LockoutStore {
  constructor(
    private readonly send: SendCommand,
    private readonly prefix: string,
  ) {}

  async lockedUntil(key: string): Promise<number> {
    return Number((await this.send(["HGET", this.prefix + key, "u"])) ?? 0) || 0;
  }

  async fail(key: string, now: number, policy: LockoutPolicy): Promise<number> {
    const args = [now, policy.failures, policy.baseMs, policy.maxMs, policy.forgetMs].map(String);
    return Number(await this.send(["EVAL", LOCKOUT_FAIL_SCRIPT, "1", this.prefix + key, ...args]));
  }

  async clear(key: string): Promise<void> {
    await this.send(["DEL", this.prefix + key]);
  }
}

/** Why a login is refused for now: which key is locked and for how long. */
export interface LockoutRefusal {
  scope: "account" | "ip";
  retryAfterSeconds: number;
  /** The 429's `error`. */
  message: string;
}

/** Options of a {@link LoginLockout}. */
export interface LoginLockoutOptions {
  store: LockoutStore;
  policies?: Record<"account" | "ip", LockoutPolicy>;
  /** The clock; tests inject one. */
  now?: () => number;
  /** The key of a client IP; the rate limits' groups IPv6 addresses by /56. Default: the address itself. */
  ipKey?: (ip: string) => string;
  log?: Logger;
}

/** The account and the client IP of a login attempt. */
export interface LoginAttempt {
  username: string;
  ip: string | undefined;
}

/** Lockout with backoff for password logins. See the module comment. */
export class LoginLockout {
  readonly #store: LockoutStore;
  readonly #policies: Record<"account" | "ip", LockoutPolicy>;
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  readonly #ipKey: (ip: string) => string;

  constructor(options: LoginLockoutOptions) {
    this.#ipKey = options.ipKey ?? ((ip) => ip);
    this.#store = options.store;
    this.#policies = options.policies ?? LOCKOUT_POLICIES;
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
  }

  /** The refusal of an attempt while its account or IP is locked; undefined when it may go on. */
  async check(attempt: LoginAttempt): Promise<LockoutRefusal | undefined> {
    const now = this.#now();
    for (const [scope, key] of this.#keys(attempt)) {
      const until = await this.#safely(() => this.#store.lockedUntil(key), 0);
      if (until > now) return this.#refusal(scope, until - now);
    }
    return undefined;
  }

  /** Counts a wrong password against the account and the IP; the refusal when that locked one of them. */
  async failed(attempt: LoginAttempt): Promise<LockoutRefusal | undefined> {
    const now = this.#now();
    let refusal: LockoutRefusal | undefined;
    for (const [scope, key] of this.#keys(attempt)) {
      const until = await this.#safely(() => this.#store.fail(key, now, this.#policies[scope]), 0);
      if (until > now && !refusal) refusal = this.#refusal(scope, until - now);
    }
    return refusal;
  }

  /** A right password: the account's count and backoff are forgotten. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.#safely(() => this.#store.clear(accountKey(attempt.username)), undefined);
  }

  #keys(attempt: LoginAttempt): ["account" | "ip", string][] {
    return [["account", accountKey(attempt.username)], ...(attempt.ip ? [["ip", `ip:${this.#ipKey(attempt.ip)}`] as ["ip", string]] : [])];
  }

  #refusal(scope: "account" | "ip", ms: number): LockoutRefusal {
    const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
    const who = scope === "account" ? "this account" : "this address";
    return { scope, retryAfterSeconds, message: `too many wrong passwords for ${who}: locked, try again in ${retryAfterSeconds} s` };
  }

  /** Fails open: a store that cannot answer locks nothing (logged at debug; the rate limits log the outage). */
  async #safely<T>(run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (err) {
      this.#log?.debug({ err }, "login lockout: the store could not answer; letting the attempt through");
      return fallback;
    }
  }
}

/** The key of an account's count: its username as the login form normalizes it, known or not (no hint which). */
function accountKey(username: string): string {
  return `account:${username.trim().toLowerCase()}`;
}
