/**
 * Rate limits of `POST /api/ingest` and the staff API, with express-rate-limit. Each group counts requests over
 * `RATE_LIMIT_WINDOW_MS` per client IP and per credential (bearer token, or the console's session), and the staff
 * API also counts wrong staff tokens per IP, against brute force. The limiters run before the token checks, so
 * requests with a wrong token count too. A client over a limit gets 429, `Retry-After` and an `{ error }` that
 * says which limit and when to retry.
 *
 * With Redis (`REDIS_URL` or `REDIS_SENTINELS`) the counts live in Redis (rate-limit-redis over a small client of its own), so every node of a
 * campaign shares them; otherwise each limiter counts in memory. When Redis cannot be reached, requests pass
 * unlimited (fail open) and one warning is logged: ingest answers 503 by itself while the store is down.
 */
import { createHmac } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, MemoryStore, rateLimit, type AugmentedRequest, type Options as LimiterOptions, type Store } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import { ErrorReply } from "redis";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { closeClient, createGuardedClient, RedisGuard, sendRaw, type RedisTarget } from "../store/guarded-redis.js";
import { bearerToken } from "./bearer-auth.js";
import { sessionCookie } from "./staff-auth.js";
import { LoginLockout, MemoryLockoutStore, RedisLockoutStore } from "./login-lockout.js";

/** The limiters of a node, to put in front of the routes they guard. */
export interface RateLimits {
  /** For `POST /api/ingest`: per client IP, then per bearer token. Empty when `INGEST_RATE_LIMIT=0`. */
  ingest: RequestHandler[];
  /** For every staff API path: wrong staff tokens per IP, then per client IP, then per credential. */
  staff: RequestHandler[];
  /** Lockout with backoff after wrong passwords, per account and per IP, on the same Redis connection (login-lockout.ts). */
  lockout: LoginLockout;
  /** Connects the Redis client, if any; the limiters let requests through until it answers. */
  start(): void;
  /** Closes the Redis client, if any. */
  close(): Promise<void>;
}

/** How long a Redis command may take before the request passes unlimited. Redis answers these in well under 1 ms. */
const REDIS_TIMEOUT_MS = 500;
/** Past this many remembered keys, the warn-once memory drops the entries whose window is over. */
const WARNED_PRUNE_SIZE = 10_000;

/** Redis could not count a request: the limiter lets it through. */
class LimitsUnavailableError extends Error {
  override name = "LimitsUnavailableError";
}

/**
 * The limiters' own Redis connection, guarded as the store's is (see guarded-redis.ts): commands fail at once
 * while it is down and after `REDIS_TIMEOUT_MS` when Redis hangs, so a Redis fault never holds a request up for
 * long. After a timeout, requests pass unlimited at once until Redis answers again: only one request per hang
 * waits. Logs one warning per outage and one line when Redis answers again.
 */
class LimitsRedis {
  readonly #client;
  readonly #guard: RedisGuard<"command">;
  readonly #log: Logger;
  #down = false;

  constructor(url: RedisTarget, log: Logger) {
    this.#log = log;
    this.#client = createGuardedClient(url);
    this.#guard = new RedisGuard<"command">({
      client: this.#client,
      timeoutMs: REDIS_TIMEOUT_MS,
      unavailable: (reason) => new LimitsUnavailableError(`Redis ${reason}; limits apply again once it answers`),
    });
    // node-redis emits an error per failed attempt; without a listener one would crash the process.
    this.#client.on("error", (err: unknown) => this.#failed(err));
  }

  start(): void {
    // Resolves once connected; it keeps retrying in the background, and close() ends it.
    if (!this.#client.isOpen) this.#client.connect().catch(() => {});
  }

  /** Sends a raw command, as rate-limit-redis asks. Redis's own error replies (NOSCRIPT…) pass through unchanged. */
  async send(args: string[]): Promise<RedisReply> {
    try {
      // The scripts answer integers, strings and arrays of them: RESP2 types, as rate-limit-redis expects.
      const reply = (await this.#guard.run("command", () => sendRaw(this.#client, args))) as unknown as RedisReply;
      if (this.#down) {
        this.#down = false;
        this.#log.info("rate limits: Redis answers again; limits apply again");
      }
      return reply;
    } catch (err) {
      if (err instanceof ErrorReply) throw err;
      this.#failed(err);
      throw err instanceof LimitsUnavailableError ? err : new LimitsUnavailableError(`Redis cannot be reached: ${String(err)}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.#guard.stop();
    await closeClient(this.#client);
  }

  #failed(err: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.#log.warn({ err }, "rate limits: Redis cannot be reached; requests pass unlimited until it answers");
  }
}

/**
 * rate-limit-redis loads its Lua scripts once, when the limiter is built: a load that failed (Redis not connected
 * yet, or away) would then fail every later count. This store loads them on first use, and again after a failure.
 */
class SharedLimitStore extends RedisStore {
  #needsScripts = true;

  override async init(options: LimiterOptions): Promise<void> {
    this.windowMs = options.windowMs;
  }

  override async increment(key: string) {
    this.#loadScriptsIfNeeded();
    return super.increment(key);
  }

  override async get(key: string) {
    this.#loadScriptsIfNeeded();
    return super.get(key);
  }

  #loadScriptsIfNeeded(): void {
    if (!this.#needsScripts) return;
    this.#needsScripts = false;
    this.incrementScriptSha = this.loadIncrementScript();
    this.getScriptSha = this.loadGetScript();
    for (const sha of [this.incrementScriptSha, this.getScriptSha]) {
      sha.catch(() => {
        this.#needsScripts = true;
      });
    }
  }
}

/**
 * A short digest of a token a client sent, keyed by the configured token: equal on every node (they share the
 * configuration), and of no use to guess a token from without knowing the configured one.
 */
function digest(sent: string, configured: string | undefined): string {
  return createHmac("sha256", configured ?? "").update(sent).digest("hex").slice(0, 32);
}

/** Whole seconds until `resetTime`, at least 1. */
function secondsUntil(resetTime: Date | undefined, windowMs: number): number {
  const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs;
  return Math.max(1, Math.ceil(ms / 1000));
}

/** One limiter as this module builds it. */
interface LimiterSpec {
  /** Names the limiter in the `RateLimit` headers, the Redis keys and the logs: `ingest-ip`, `staff-credential`… */
  name: string;
  limit: number;
  /** What is counted, for the 429 message: "ingest requests per client IP". */
  what: string;
  /** The client's key; undefined skips the request. The default is the client IP (express-rate-limit's, IPv6 by /56). */
  key?: (req: Request) => string | undefined;
}

/** Builds the node's limiters from the configuration. See the module comment. */
export function createRateLimits(config: Config, log: Logger): RateLimits {
  const windowMs = config.RATE_LIMIT_WINDOW_MS;
  const redis = config.REDIS ? new LimitsRedis(config.REDIS, log) : undefined;
  const storeFor = (name: string): Store =>
    redis
      ? new SharedLimitStore({ sendCommand: (...args: string[]) => redis.send(args), prefix: `${config.REDIS_KEY_PREFIX}ratelimit:${name}:` })
      : new MemoryStore();
  // Each client that hits a limit is logged once per window.
  const warned = new Map<string, number>();

  /** Answers 429 with Retry-After, and logs the client once per window (by key digest, never a token). */
  const refuse = (spec: LimiterSpec, req: Request, res: Response, key: string, resetTime: Date | undefined): void => {
    const retryAfter = secondsUntil(resetTime, windowMs);
    const id = `${spec.name}:${key}`;
    const now = Date.now();
    if ((warned.get(id) ?? 0) <= now) {
      if (warned.size >= WARNED_PRUNE_SIZE) for (const [k, until] of warned) if (until <= now) warned.delete(k);
      warned.set(id, now + retryAfter * 1000);
      log.warn(
        { limiter: spec.name, ip: req.ip, ...(spec.key ? { client: key.slice(0, 16) } : {}), limit: spec.limit, windowMs, retryAfter },
        "rate limit reached: answering 429 until the window ends",
      );
    }
    res
      .status(429)
      .set("Retry-After", String(retryAfter))
      .json({ error: `rate limit: at most ${spec.limit} ${spec.what} per ${windowMs / 1000} s; retry in ${retryAfter} s` });
  };

  /** Counts every request (that `spec.key` does not skip). */
  const counting = (spec: LimiterSpec): RequestHandler | undefined => {
    if (spec.limit <= 0) return undefined;
    const options: Partial<LimiterOptions> = {
      windowMs,
      limit: spec.limit,
      identifier: spec.name,
      // One named `RateLimit` and `RateLimit-Policy` entry per limiter (IETF draft 8), so clients can pace themselves.
      standardHeaders: "draft-8",
      legacyHeaders: false,
      // Fail open: a Redis fault must not turn requests into 500s.
      passOnStoreError: true,
      logger: {
        warn: (err, message) => log.warn({ err }, `rate limits: ${message ?? String(err)}`),
        // Outages are logged once by LimitsRedis. Anything else is a misconfiguration express-rate-limit detects,
        // once per limiter: X-Forwarded-For from a proxy while TRUST_PROXY is off, for one.
        error: (err, message) =>
          err instanceof LimitsUnavailableError ? log.debug({ err }, message) : log.warn({ err }, `rate limits: ${message ?? String(err)}`),
      },
      handler: (req, res) => {
        const info = (req as AugmentedRequest).rateLimit;
        refuse(spec, req, res, info?.key ?? "", info?.resetTime);
      },
      store: storeFor(spec.name),
    };
    const key = spec.key;
    if (key) {
      options.skip = (req) => key(req) === undefined;
      options.keyGenerator = (req) => key(req) ?? "";
    }
    return rateLimit(options);
  };

  /**
   * Counts only the requests `failed` says failed, per client IP, and refuses an IP that has reached the limit
   * until its window ends. Checked before the request, counted after its answer: requests in flight never count.
   */
  const failures = (spec: LimiterSpec, failed: (req: Request, statusCode: number) => boolean): RequestHandler | undefined => {
    if (spec.limit <= 0) return undefined;
    const store = storeFor(spec.name);
    // Both stores only read `windowMs` from the options.
    void store.init?.({ windowMs } as LimiterOptions);
    return async (req, res, next) => {
      if (req.ip === undefined) return next();
      const key = ipKeyGenerator(req.ip);
      try {
        const seen = await store.get?.(key);
        if (seen && seen.totalHits >= spec.limit) return refuse(spec, req, res, key, seen.resetTime);
      } catch (err) {
        // Fail open, as the counting limiters do; LimitsRedis has logged the outage.
        log.debug({ err }, "rate limits: could not read a failure count; letting the request through");
      }
      res.once("finish", () => {
        if (!failed(req, res.statusCode)) return;
        Promise.resolve()
          .then(() => store.increment(key))
          .catch((err: unknown) => log.debug({ err }, "rate limits: could not count a failure"));
      });
      next();
    };
  };

  const ingestCredential = (req: Request): string | undefined => {
    const token = bearerToken(req.get("authorization"));
    return token === undefined ? undefined : `bearer:${digest(token, config.INGEST_TOKEN)}`;
  };
  const staffCredential = (req: Request): string | undefined => {
    const token = bearerToken(req.get("authorization"));
    if (token !== undefined) return `bearer:${digest(token, config.STAFF_TOKEN)}`;
    const session = sessionCookie(req);
    return session === undefined ? undefined : `session:${digest(session, config.STAFF_TOKEN)}`;
  };
  // A 401 to a request that offered a secret (a bearer header, or the login form's `token` or `password`) is a wrong
  // guess. A 401 for missing credentials or an expired session is not: the console sees those in everyday use.
  const wrongToken = (req: Request, statusCode: number): boolean => {
    if (statusCode !== 401) return false;
    const body = req.body as { token?: unknown; password?: unknown } | undefined;
    return bearerToken(req.get("authorization")) !== undefined || typeof body?.token === "string" || typeof body?.password === "string";
  };

  const present = (handlers: (RequestHandler | undefined)[]): RequestHandler[] =>
    handlers.filter((h): h is RequestHandler => h !== undefined);
  return {
    ingest: present([
      counting({ name: "ingest-ip", limit: config.INGEST_RATE_LIMIT, what: "ingest requests per client IP" }),
      counting({ name: "ingest-token", limit: config.INGEST_RATE_LIMIT, what: "ingest requests per bearer token", key: ingestCredential }),
    ]),
    staff: present([
      failures({ name: "staff-auth-failures", limit: config.STAFF_AUTH_FAILURE_LIMIT, what: "wrong staff tokens per client IP" }, wrongToken),
      counting({ name: "staff-ip", limit: config.STAFF_RATE_LIMIT, what: "staff API requests per client IP" }),
      counting({ name: "staff-credential", limit: config.STAFF_RATE_LIMIT, what: "staff API requests per token or session", key: staffCredential }),
    ]),
    // A second limiter on the first one's guarded Redis connection: every node shares the counts.
    lockout: new LoginLockout({
      store: redis
        ? new RedisLockoutStore((args) => redis.send(args), `${config.REDIS_KEY_PREFIX}ratelimit:login-lockout:`)
        : new MemoryLockoutStore(),
      ipKey: ipKeyGenerator,
      log,
    }),
    start: () => redis?.start(),
    close: async () => {
      await redis?.close();
    },
  };
}
