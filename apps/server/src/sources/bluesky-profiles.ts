/**
 * Resolves Bluesky DIDs to handles and display names through an AppView's `app.bsky.actor.getProfiles`, for the
 * Jetstream connector (Jetstream commits carry the author's DID only).
 */
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { errorMessage } from "./error-message.js";
import { httpStatusError } from "./http-error.js";
import type { SourceLogger } from "./source.js";

/** An account as the AppView names it. */
export interface BlueskyProfile {
  did: string;
  /** The verified handle, without `@`; the DID when the AppView could not verify one (`handle.invalid`). */
  handle: string;
  /** Absent when the account has none (or an empty one). */
  displayName?: string;
}

/** The part of the sources' logger the resolver uses. */
export type ProfileLogger = Pick<SourceLogger, "info" | "warn">;

/** Options of `BlueskyProfileResolver`. */
export interface BlueskyProfileResolverOptions {
  /** The AppView's base URL (`BLUESKY_APPVIEW_URL`), such as https://public.api.bsky.app; a path prefix is kept. */
  appviewUrl: string;
  logger?: ProfileLogger;
  /** Per-request timeout. Default 2 s. */
  timeoutMs?: number;
  /** How long a profile is trusted (handles and names change, rarely). Default 6 h. */
  ttlMs?: number;
  /**
   * How long a failure is remembered: after a failed request no request is made for this long (posts keep their
   * DID meanwhile), and a DID the AppView did not know is not asked for again before it passes. Default 60 s.
   */
  failureTtlMs?: number;
  /** Profiles (and unknown DIDs) kept at most, least recently used dropped first. Default 50 000. */
  cacheSize?: number;
  /** The clock the cache's and the failure's ages are read from, in ms (tests move one by hand). Default `performance.now`. */
  now?: () => number;
}

/** `app.bsky.actor.getProfiles` accepts at most this many `actors` per call (its lexicon's `maxLength`). */
export const GET_PROFILES_MAX_ACTORS = 25;
/** Requests one `resolve` call runs at once. */
const CONCURRENCY = 4;
/** The AppView's placeholder when a handle fails bidirectional verification. */
const INVALID_HANDLE = "handle.invalid";

/** `profileViewDetailed`, as far as the resolver reads it; other fields are ignored. */
const ProfileSchema = z.object({
  did: z.string().startsWith("did:"),
  handle: z.string().min(1).max(253),
  displayName: z.string().optional(),
});
const AnswerSchema = z.object({ profiles: z.array(z.unknown()) });

/** A cached lookup: the profile, or null when the AppView answered without this DID. */
type Entry = { profile: BlueskyProfile | null };

/**
 * Looks DIDs up on an AppView, 25 a request, and keeps the answers in an LRU cache.
 *
 * It never throws and never waits long: each request has `timeoutMs`, and a request that fails (network error,
 * timeout, non-2xx, an answer that is not `{ profiles: [...] }`) leaves its DIDs unresolved, so the caller keeps
 * them as they are. The failure is logged once, when lookups start failing, and again once when they recover;
 * `describe()` says where things stand for the source's status.
 */
export class BlueskyProfileResolver {
  private readonly endpoint: URL;
  private readonly logger: ProfileLogger | undefined;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly cache: LRUCache<string, Entry>;
  private readonly now: () => number;
  /** Aborts requests in flight on `close()`. */
  private readonly closing = new AbortController();

  /** No request before this time (ms, on `now`), after a failure. */
  private downUntil = 0;
  /** The current failure streak's start and last error, while lookups fail. */
  private failure: { since: Date; message: string } | undefined;
  private resolved = 0;
  private unresolved = 0;

  constructor(options: BlueskyProfileResolverOptions) {
    const base = options.appviewUrl.endsWith("/") ? options.appviewUrl : `${options.appviewUrl}/`;
    this.endpoint = new URL("xrpc/app.bsky.actor.getProfiles", base);
    if (this.endpoint.protocol !== "http:" && this.endpoint.protocol !== "https:") {
      throw new Error(`bluesky: BLUESKY_APPVIEW_URL must be an http: or https: URL, received ${options.appviewUrl}`);
    }
    this.logger = options.logger;
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 2_000);
    this.ttlMs = Math.max(1, options.ttlMs ?? 6 * 60 * 60 * 1000);
    this.failureTtlMs = Math.max(0, options.failureTtlMs ?? 60_000);
    this.now = options.now ?? (() => performance.now());
    // ttlResolution 0: each lookup reads the clock, rather than a reading kept for 1 ms by a timer.
    this.cache = new LRUCache<string, Entry>({
      max: Math.max(1, options.cacheSize ?? 50_000),
      ttl: this.ttlMs,
      ttlResolution: 0,
      perf: { now: this.now },
    });
  }

  /**
   * The profiles of `dids` that are known: from the cache, else asked of the AppView (unknown DIDs only, in
   * requests of at most 25). A DID missing from the result stays unresolved. Never rejects.
   */
  async resolve(dids: Iterable<string>): Promise<Map<string, BlueskyProfile>> {
    const wanted = [...new Set(dids)];
    const found = new Map<string, BlueskyProfile>();
    const missing: string[] = [];
    for (const did of wanted) {
      const entry = this.cache.get(did);
      if (entry === undefined) missing.push(did);
      else if (entry.profile) found.set(did, entry.profile);
    }
    if (missing.length > 0 && this.now() >= this.downUntil && !this.closing.signal.aborted) {
      const chunks: string[][] = [];
      for (let i = 0; i < missing.length; i += GET_PROFILES_MAX_ACTORS) chunks.push(missing.slice(i, i + GET_PROFILES_MAX_ACTORS));
      const worker = async (): Promise<void> => {
        // A failure stops the other workers too: their requests would most likely wait out the timeout as well.
        for (let chunk = chunks.shift(); chunk && this.now() >= this.downUntil; chunk = chunks.shift()) {
          for (const profile of await this.fetchChunk(chunk)) found.set(profile.did, profile);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
    }
    for (const did of wanted) {
      if (found.has(did)) this.resolved += 1;
      else this.unresolved += 1;
    }
    return found;
  }

  /** One line for the source's status: lookups done, and the current failure if any. */
  describe(): string {
    const counts = `handle lookups: ${this.resolved} resolved, ${this.unresolved} unresolved`;
    if (!this.failure) return counts;
    const since = this.failure.since.toISOString();
    return `${counts}; AppView lookups failing since ${since} (${this.failure.message}), posts keep the DID as handle`;
  }

  /** Aborts requests in flight; later calls resolve from the cache only. */
  close(): void {
    this.closing.abort();
  }

  /** Asks the AppView for one chunk and caches the answer; an empty list when the request failed. */
  private async fetchChunk(dids: string[]): Promise<BlueskyProfile[]> {
    const url = new URL(this.endpoint);
    for (const did of dids) url.searchParams.append("actors", did);
    let body: unknown;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]);
      const res = await fetch(url, { headers: { accept: "application/json" }, signal });
      if (!res.ok) throw await httpStatusError(res, "getProfiles");
      body = await res.json().catch(() => {
        throw new Error("an answer that is not JSON");
      });
    } catch (err) {
      if (this.closing.signal.aborted) return [];
      const message = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : errorMessage(err, { withCause: true });
      this.failed(message, dids.length);
      return [];
    }
    const answer = AnswerSchema.safeParse(body);
    if (!answer.success) {
      this.failed("an answer without a profiles list", dids.length);
      return [];
    }

    const asked = new Set(dids);
    const profiles: BlueskyProfile[] = [];
    for (const item of answer.data.profiles) {
      const parsed = ProfileSchema.safeParse(item);
      // One malformed profile spoils only itself; a DID nobody asked for is not cached.
      if (!parsed.success || !asked.has(parsed.data.did)) continue;
      const { did, handle, displayName } = parsed.data;
      const profile: BlueskyProfile = { did, handle: handle === INVALID_HANDLE ? did : handle };
      const name = displayName?.trim();
      if (name) profile.displayName = name;
      profiles.push(profile);
      asked.delete(did);
      this.cache.set(did, { profile });
    }
    // Deleted, taken down or too new for the AppView: ask again after a while, not for every post.
    for (const did of asked) this.cache.set(did, { profile: null }, { ttl: Math.max(1, this.failureTtlMs) });
    if (this.failure) {
      this.logger?.info({ appview: this.endpoint.origin, since: this.failure.since.toISOString() }, "bluesky: profile lookups recovered");
      this.failure = undefined;
    }
    return profiles;
  }

  private failed(message: string, dids: number): void {
    this.downUntil = this.now() + this.failureTtlMs;
    if (!this.failure) {
      // Once per failure streak: every batch would repeat it.
      this.logger?.warn(
        { appview: this.endpoint.origin, err: message, dids, retryInMs: this.failureTtlMs },
        "bluesky: profile lookup failed, posts keep the DID as handle until it recovers",
      );
      this.failure = { since: new Date(), message };
    } else {
      this.failure.message = message;
    }
  }
}
