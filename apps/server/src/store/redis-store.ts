import {
  authorKey,
  DeltaSchema,
  FEED_BURST,
  minuteOf,
  MODERATION_LOG_LIMIT,
  ModerationActionSchema,
  ModerationLogEntrySchema,
  ModerationModeSchema,
  ModerationSubjectSchema,
  PIN_LIMIT,
  postKey,
  QUEUE_LIMIT,
  RECENT_LIMIT,
  RecountStatusSchema,
  SettingsEditSchema,
  UNKNOWN_COUNTRY,
  type ApplyOutcome,
  type ModeratedPost,
  type ModerationAction,
  type ModerationLogEntry,
  type ModerationOutcome,
  type ModerationState,
  type ModerationSubject,
  type Post,
  type PostModerationState,
  type RecountStatus,
  type SettingsEdit,
  type Totals,
  insightAuthor,
  postInsight,
  type InsightsState,
  type PostInsight,
} from "@pulse/shared";
import type { Logger } from "pino";
import { defineScript, ErrorReply, type CommandParser } from "redis";
import { z } from "zod";
import {
  answeredWithin,
  closeClient,
  createGuardedClient,
  describeTarget,
  duplicateSubscriber,
  RedisGuard,
  type GuardedOutcome,
  type RedisTarget,
} from "./guarded-redis.js";
import {
  APPLY_SCRIPT,
  ERASE_SCRIPT,
  REDUCE_SCRIPT,
  RECORD_FIELDS,
  encodeInsight,
  encodePostOp,
  MODERATE_SCRIPT,
  MODERATION_STATE_SCRIPT,
  PAGE_SCRIPT,
  POST_SCRIPT,
  LOG_EDIT_SCRIPT,
  REATTRIBUTE_SCRIPT,
  SAVE_RECOUNT_SCRIPT,
  SCRIPT_KEY_NAMES,
  SET_BLOCKLIST_SCRIPT,
  SET_HIRES_SCRIPT,
  SNAPSHOT_SCRIPT,
} from "./redis-scripts.js";
import {
  StoreNotReplicatedError,
  StoreUnavailableError,
  type ModerationResult,
  type Reattribution,
  type Store,
  type StoreChange,
  type StoreListener,
  type StoreOp,
  type StoreSnapshot,
} from "./store.js";
import { findErased, reducedEntry, reducedPost, reducedSubject, scrubbedEntry, type ErasureTarget } from "./erasure.js";

/** Options of a `RedisStore`: its own connections to `url`, or a `connection` it shares with other stores. */
export type RedisStoreOptions = RedisStoreCommonOptions & (OwnConnectionOptions | { connection: RedisStoreConnection });

/** What every `RedisStore` takes, whoever holds its connection. */
export interface RedisStoreCommonOptions {
  campaignId: string;
  /** Prefix of every key and of the channel; default `pulse:`. */
  keyPrefix?: string;
  logger?: Logger;
  /** How long `start()` waits for the first connection before it rejects; default 5 s. */
  startTimeoutMs?: number;
  /** The live feed's pace in posts a second (see `FeedPace`); 0 or absent shows every visible post. */
  feedPerSecond?: number;
}

/** Options of a `RedisStoreConnection` (a store given a `url` opens its own). */
export interface OwnConnectionOptions {
  /** A `redis://` or `rediss://` URL, or the Sentinels that name the primary. */
  url: RedisTarget;
  logger?: Logger;
  /** Told the round trip of each store call, for metrics; the store itself knows no metrics library. */
  observer?: RedisCommandObserver;
  /** How long a command may take before the store counts Redis as not answering; default 2 s. */
  commandTimeoutMs?: number;
  /** `REDIS_WAIT_REPLICAS`: replicas that must confirm a batch before `apply` resolves; 0 (default) does not wait. */
  waitReplicas?: number;
  /** `REDIS_WAIT_TIMEOUT_MS`: how long WAIT waits for them; default 500 ms. */
  waitTimeoutMs?: number;
}

/** How a store call to Redis ended: answered, failed (error reply, lost connection), or past the deadline. */
export type RedisCommandOutcome = GuardedOutcome;

/** The store's calls to Redis, as metrics name them: one per store method, plus the watchdog's ping. */
export type RedisOperation =
  | "apply"
  | "snapshot"
  | "moderate"
  | "moderation_state"
  | "post"
  | "page"
  | "moderation_log"
  | "hires"
  | "set_hires"
  | "blocklist"
  | "set_blocklist"
  | "log_edit"
  | "reattribute"
  | "recount_status"
  | "save_recount_status"
  | "wait"
  | "erase"
  | "reduce"
  | "claim_retention"
  | "ping";

/** Receives the duration of each round trip a `RedisStore` makes, failures included. */
export interface RedisCommandObserver {
  observeRedisCommand(operation: RedisOperation, outcome: RedisCommandOutcome, seconds: number): void;
}

/** A message as the apply script publishes it: the new `rev` and the batch's change (a delta without `seq`). */
const StoreChangeSchema = z.object({ rev: z.number().int().nonnegative(), change: DeltaSchema.omit({ seq: true }) });

/** The replies of the scripts, as listed in redis-scripts.ts. */
type SnapshotReply = [string[], number, string[], string[], string[], string[], number, string[], string];
type ModerateReply = [string, number];
type ModerationStateReply = [string, string[], string[], string[], string[], number, string[]];
type PostReply = [] | [string, number, number, number, number];

/** How many posts `allPosts` reads from Redis at a time. */
const EXPORT_BATCH = 500;

const runScript = {
  NUMBER_OF_KEYS: SCRIPT_KEY_NAMES.length,
  parseCommand(parser: CommandParser, keys: readonly string[], args: readonly string[]) {
    for (const key of keys) parser.pushKey(key);
    parser.push(...args);
  },
};

const applyScript = defineScript({
  ...runScript,
  SCRIPT: APPLY_SCRIPT,
  transformReply: (reply: unknown) => String(reply),
});

const snapshotScript = defineScript({
  ...runScript,
  SCRIPT: SNAPSHOT_SCRIPT,
  // Not marked read-only (EVALSHA_RO): Redis counts PFCOUNT as a write, since it may cache the cardinality.
  transformReply: (reply: unknown) => reply,
});

const moderateScript = defineScript({ ...runScript, SCRIPT: MODERATE_SCRIPT, transformReply: (reply: unknown) => reply });
// The read scripts run as ordinary scripts too: one code path, and they are cheap.
const moderationStateScript = defineScript({
  ...runScript,
  SCRIPT: MODERATION_STATE_SCRIPT,
  transformReply: (reply: unknown) => reply,
});
const pageScript = defineScript({ ...runScript, SCRIPT: PAGE_SCRIPT, transformReply: (reply: unknown) => reply });
const postScript = defineScript({ ...runScript, SCRIPT: POST_SCRIPT, transformReply: (reply: unknown) => reply });
const setHiresScript = defineScript({ ...runScript, SCRIPT: SET_HIRES_SCRIPT, transformReply: (reply: unknown) => reply });
const setBlocklistScript = defineScript({ ...runScript, SCRIPT: SET_BLOCKLIST_SCRIPT, transformReply: (reply: unknown) => reply });
const logEditScript = defineScript({ ...runScript, SCRIPT: LOG_EDIT_SCRIPT, transformReply: (reply: unknown) => reply });
const reattributeScript = defineScript({ ...runScript, SCRIPT: REATTRIBUTE_SCRIPT, transformReply: (reply: unknown) => Number(reply) });
const saveRecountScript = defineScript({ ...runScript, SCRIPT: SAVE_RECOUNT_SCRIPT, transformReply: (reply: unknown) => Number(reply) });
const eraseScript = defineScript({ ...runScript, SCRIPT: ERASE_SCRIPT, transformReply: (reply: unknown) => Number(reply) });
const reduceScript = defineScript({ ...runScript, SCRIPT: REDUCE_SCRIPT, transformReply: (reply: unknown) => Number(reply) });

/** Every script, loaded at connect so a Lua error shows at start. */
const SCRIPTS = [
  APPLY_SCRIPT,
  SNAPSHOT_SCRIPT,
  MODERATE_SCRIPT,
  MODERATION_STATE_SCRIPT,
  PAGE_SCRIPT,
  POST_SCRIPT,
  SET_HIRES_SCRIPT,
  SET_BLOCKLIST_SCRIPT,
  LOG_EDIT_SCRIPT,
  REATTRIBUTE_SCRIPT,
  SAVE_RECOUNT_SCRIPT,
  ERASE_SCRIPT,
  REDUCE_SCRIPT,
];

const OUTCOMES: Record<string, ApplyOutcome> = { a: "accepted", u: "updated", d: "deleted", x: "duplicate" };

/** The commands connection, with the store's scripts; the subscriber is its duplicate. */
function connect(url: RedisTarget) {
  return createGuardedClient(url, {
    pulseApply: applyScript,
    pulseSnapshot: snapshotScript,
    pulseModerate: moderateScript,
    pulseModerationState: moderationStateScript,
    pulsePage: pageScript,
    pulsePost: postScript,
    pulseSetHires: setHiresScript,
    pulseSetBlocklist: setBlocklistScript,
    pulseLogEdit: logEditScript,
    pulseReattribute: reattributeScript,
    pulseSaveRecount: saveRecountScript,
    pulseErase: eraseScript,
    pulseReduce: reduceScript,
  });
}

type Client = ReturnType<typeof connect>;

/** Redis errors that mean "not now" rather than "wrong": the batch was not applied and a retry is safe. */
const TRANSIENT_REPLY = /^(OOM|LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

function pairs(flat: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, Number(flat[i + 1])]);
  return out;
}

/**
 * The Redis connections of a node's stores, however many campaigns it runs: one command client (every store
 * script, one `RedisGuard`: deadlines, stall detection, a watchdog ping a second) and one pub/sub subscriber, on
 * which each store subscribes its own channel. A node thus holds two store connections for 1 campaign or 50, and
 * their health is every campaign's. An outage is logged once, and every store is told of a gap (the subscriber
 * reconnected, or a stall ended) so its listeners re-read it.
 */
export class RedisStoreConnection {
  readonly kind = "redis" as const;
  /** The URL without its password (or the Sentinels), for messages. */
  readonly url: string;
  /** The commands connection, with the store scripts. */
  readonly client: Client;
  readonly #subscriber: Client;
  /**
   * Runs every command under a deadline (without one, ingest would hang on a hung Redis instead of answering
   * 503), fails them at once while Redis is stalled, and pings it every second. See guarded-redis.ts.
   */
  readonly #guard: RedisGuard<RedisOperation>;
  readonly #log: Logger | undefined;
  /** Each subscribed channel's handlers: a channel is subscribed once, however many stores of the node follow it. */
  readonly #channels = new Map<string, { handlers: Set<(message: string) => void>; subscribed: Promise<void> }>();
  readonly #gapListeners = new Set<() => void>();
  readonly #waitReplicas: number;
  readonly #waitTimeoutMs: number;
  /** The WAIT on the wire, and the one queued behind it for the writes answered since it was sent. */
  #waiting: Promise<number> | undefined;
  #nextWait: Promise<number> | undefined;
  #down = false;
  #connected: Promise<void> | undefined;

  constructor(options: OwnConnectionOptions) {
    this.url = describeTarget(options.url);
    this.#waitReplicas = options.waitReplicas ?? 0;
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 500;
    this.#log = options.logger;
    const observer = options.observer;
    this.client = connect(options.url);
    this.#guard = new RedisGuard<RedisOperation>({
      client: this.client,
      timeoutMs: options.commandTimeoutMs ?? 2000,
      unavailable: (reason) => new StoreUnavailableError(`Redis at ${this.url} ${reason}`),
      observe: observer && ((operation, outcome, seconds) => observer.observeRedisCommand(operation, outcome, seconds)),
      onStall: (stalled) => this.#onStall(stalled),
    });
    // The subscriber keeps node-redis's offline queue: its only commands are (re)subscriptions.
    this.#subscriber = duplicateSubscriber(this.client);
    this.#watch(this.client, "commands");
    this.#watch(this.#subscriber, "subscriber");
  }

  /**
   * Connects both connections and loads the scripts, once: later calls wait for the same. It does not give up
   * (node-redis keeps retrying until `close()`); callers bound their wait. Starts the watchdog.
   */
  connect(): Promise<void> {
    this.#connected ??= this.#connect();
    // Pings every second, so a hang shows as unhealthy even when nothing is sent, and its end as healthy again.
    this.#guard.watch("ping", 1000);
    return this.#connected;
  }

  async #connect(): Promise<void> {
    const ready = Promise.all([
      this.client.connect().then(async () => {
        // Compiles the scripts now, so a Lua error shows at start; calls then go by EVALSHA.
        for (const script of SCRIPTS) await this.client.scriptLoad(script);
      }),
      this.#subscriber.connect(),
    ]);
    // If every caller stops waiting (start timed out) or the connection closes, the rejection must not go unhandled.
    ready.catch(() => {});
    await ready;
  }

  /** A command under the guard's deadline; a failure as {@link #unavailable} makes it. */
  async run<T>(operation: RedisOperation, command: () => Promise<T>): Promise<T> {
    try {
      return await this.#guard.run(operation, command);
    } catch (err) {
      throw this.#unavailable(err);
    }
  }

  /**
   * With `waitReplicas`, resolves once that many replicas confirm every write this connection was answered so
   * far (WAIT), else rejects with `StoreNotReplicatedError`; without, at once. Call it after a write's answer.
   *
   * WAIT blocks the connection it is sent on (every store command's) until the replicas confirm or the timeout
   * passes, and it must go on that connection: it covers the writes sent before it there. So WAITs are shared:
   * one on the wire at a time, and at most one queued behind it for every write answered meanwhile. While
   * replicas are missing, the connection is thus held at most two timeouts, not one per waiting batch.
   */
  async waitForReplicas(): Promise<void> {
    if (this.#waitReplicas === 0) return;
    const confirmed = await this.#sharedWait();
    if (confirmed < this.#waitReplicas) {
      throw new StoreNotReplicatedError(
        `Redis at ${this.url}: ${confirmed} of ${this.#waitReplicas} replicas confirmed the batch within ${this.#waitTimeoutMs} ms (REDIS_WAIT_REPLICAS); sending it again counts nothing twice`,
      );
    }
  }

  #sharedWait(): Promise<number> {
    // A WAIT already queued was not sent yet: it will cover this write too.
    if (this.#nextWait) return this.#nextWait;
    const send = (): Promise<number> => {
      const wait = this.run("wait", () => this.client.wait(this.#waitReplicas, this.#waitTimeoutMs)).finally(() => {
        if (this.#waiting === wait) this.#waiting = undefined;
      });
      this.#waiting = wait;
      return wait;
    };
    if (!this.#waiting) return send();
    // The WAIT on the wire went out before this write's answer: queue one behind it.
    const next = this.#waiting
      .catch(() => 0)
      .then(() => {
        this.#nextWait = undefined;
        return send();
      });
    this.#nextWait = next;
    return next;
  }

  /**
   * Calls `onMessage` with each message on `channel`; resolves once subscribed, to the function that stops it.
   * The channel is unsubscribed in Redis when its last handler stops.
   */
  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => void> {
    let entry = this.#channels.get(channel);
    if (!entry) {
      const handlers = new Set<(message: string) => void>();
      // Once connected, as node-redis resubscribes by itself on every later reconnect.
      const subscribed = this.connect().then(() =>
        this.#subscriber.subscribe(channel, (message) => {
          for (const handler of handlers) handler(message);
        }),
      );
      entry = { handlers, subscribed };
      this.#channels.set(channel, entry);
    }
    entry.handlers.add(onMessage);
    try {
      await entry.subscribed;
    } catch (err) {
      this.#drop(channel, onMessage);
      throw err;
    }
    return () => this.#drop(channel, onMessage);
  }

  #drop(channel: string, onMessage: (message: string) => void): void {
    const entry = this.#channels.get(channel);
    if (!entry?.handlers.delete(onMessage) || entry.handlers.size > 0) return;
    this.#channels.delete(channel);
    // Not awaited: while Redis is away it would wait for the reconnect, which resubscribes only what is left anyway.
    if (this.#subscriber.isOpen) this.#subscriber.unsubscribe(channel).catch(() => undefined);
  }

  /** Calls `listener` whenever the stores may have missed changes; returns the function that stops it. */
  onGap(listener: () => void): () => void {
    this.#gapListeners.add(listener);
    return () => {
      this.#gapListeners.delete(listener);
    };
  }

  /** True while both connections are up and Redis answers. */
  isHealthy(): boolean {
    return this.client.isReady && this.#subscriber.isReady && !this.#guard.stalled;
  }

  /** Stops the watchdog and closes both connections: call once every store on it is closed. */
  async close(): Promise<void> {
    this.#guard.stop();
    this.#channels.clear();
    this.#gapListeners.clear();
    await Promise.all([closeClient(this.client), closeClient(this.#subscriber)]);
  }

  #onStall(stalled: boolean): void {
    if (stalled) {
      this.#log?.warn("store: Redis does not answer; answering 503 until it does");
      return;
    }
    this.#log?.info("store: Redis answers again; listeners re-read the store");
    // Nothing was lost on a hung connection, but re-reading is cheap and covers what a hang may hide.
    this.#signalGap();
  }

  #signalGap(): void {
    for (const listener of this.#gapListeners) listener();
  }

  #watch(client: Client, role: "commands" | "subscriber"): void {
    let wasReady = false;
    client.on("error", (err: unknown) => {
      // node-redis emits an error per failed attempt; say it once per outage, then only at debug level.
      if (!this.#down) this.#log?.warn({ err, role }, "store: Redis connection lost; reconnecting");
      else this.#log?.debug({ err, role }, "store: Redis still unreachable");
      this.#down = true;
    });
    client.on("ready", () => {
      if (this.#down && this.isHealthy()) {
        this.#down = false;
        this.#log?.info({ role }, "store: Redis connection back");
      }
      if (role === "subscriber") {
        // Messages published while the subscriber was away are lost: listeners must re-read the snapshot.
        if (wasReady) {
          this.#log?.warn("store: change feed reconnected; listeners re-read the store");
          this.#signalGap();
        }
        wasReady = true;
      }
    });
  }

  #unavailable(err: unknown): Error {
    if (err instanceof ErrorReply && !TRANSIENT_REPLY.test(err.message)) return err;
    // A deadline's error already says what happened; wrapping it again would repeat the URL.
    if (err instanceof StoreUnavailableError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new StoreUnavailableError(`Redis at ${this.url} cannot be reached: ${reason}`, { cause: err });
  }
}

/**
 * The shared store: all state of one campaign in Redis, so several nodes share it. Each batch is one Lua script
 * call (atomic, one round trip) that also publishes the merged change; every node, the writer included, learns
 * of changes from that pub/sub message. On a node, every campaign's store shares one `RedisStoreConnection`;
 * a store given a `url` opens its own.
 */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  readonly #campaignId: string;
  readonly #keys: string[];
  /** The pub/sub channel the store publishes its changes on. */
  readonly channel: string;
  readonly #log: Logger | undefined;
  readonly #startTimeoutMs: number;
  /** Its own (closed with the store), or the node's, which every campaign's store shares. */
  readonly #connection: RedisStoreConnection;
  readonly #ownsConnection: boolean;
  readonly #client: Client;
  readonly #listeners = new Set<StoreListener>();
  #feedPerSecond: number;
  readonly #stopGaps: () => void;
  #unsubscribe: (() => void) | undefined;
  #subscribed = false;
  #closed = false;
  #started: Promise<void> | undefined;

  constructor(options: RedisStoreOptions) {
    this.#campaignId = options.campaignId;
    const base = `${options.keyPrefix ?? "pulse:"}{${options.campaignId}}:`;
    this.#keys = SCRIPT_KEY_NAMES.map((name) => base + name);
    this.channel = `${base}changes`;
    this.#log = options.logger;
    this.#startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.#feedPerSecond = options.feedPerSecond ?? 0;
    this.#ownsConnection = !("connection" in options);
    this.#connection = "connection" in options ? options.connection : new RedisStoreConnection(options);
    this.#client = this.#connection.client;
    this.#stopGaps = this.#connection.onGap(() => this.#signalGap());
  }

  /**
   * Connects (or joins the shared connection) and subscribes to the channel. Rejects with `StoreUnavailableError`
   * when Redis does not answer within `startTimeoutMs`; the store then keeps trying in the background (it runs
   * degraded until Redis answers) until `close()`.
   */
  start(): Promise<void> {
    this.#started ??= this.#connect();
    return answeredWithin(this.#started, this.#startTimeoutMs, () => new StoreUnavailableError(`Redis at ${this.#connection.url} does not answer`));
  }

  async #connect(): Promise<void> {
    // Subscribing connects first.
    const ready = this.#connection.subscribe(this.channel, (message) => this.#onMessage(message));
    // If the caller stops waiting (start timed out) or closes, the rejection must not go unhandled.
    ready.catch(() => {});
    const unsubscribe = await ready;
    // Closed while subscribing: nothing follows the channel any more.
    if (this.#closed) return unsubscribe();
    this.#unsubscribe = unsubscribe;
    this.#subscribed = true;
  }

  async apply(ops: StoreOp[]): Promise<ApplyOutcome[]> {
    if (ops.length === 0) return [];
    const posts: string[] = [];
    const encoded = ops.map((op) => {
      if (op.type === "delete") return ["d", op.key];
      // The script puts the arrival it gives in front; one sent in is dropped (undefined is not encoded), and so is a
      // media approval: staff give it, never a sender, and an edit's media wait for approval again.
      const { post } = op;
      // Copied only when it carries one of them (a post from a source or HTTP never does).
      posts.push(JSON.stringify(post.arrival === undefined && post.mediaApproved === undefined ? post : { ...post, arrival: undefined, mediaApproved: undefined }));
      return encodePost(op.post, 5 + posts.length, op.hidden === true, op.held === true, op.insight ?? postInsight(op.post));
    });
    const reply: string = await this.#run("apply", () => this.#client.pulseApply(this.#keys, [
      JSON.stringify(encoded),
      this.channel,
      String(RECENT_LIMIT),
      String(this.#feedPerSecond),
      String(FEED_BURST),
      ...posts,
    ]));
    // With REDIS_WAIT_REPLICAS, acknowledged only once on the replicas too, so it survives the primary's loss.
    await this.#connection.waitForReplicas();
    return [...reply].map((letter) => OUTCOMES[letter] ?? "ignored");
  }

  async snapshot(): Promise<StoreSnapshot> {
    const reply = (await this.#run("snapshot", () => this.#client.pulseSnapshot(this.#keys, []))) as SnapshotReply;
    const [totalsFlat, authors, countries, organizations, timeline, recent, rev, pinned, insights] = reply;
    const totals: Totals = { posts: 0, authors: Number(authors), originals: 0, retweets: 0, replies: 0, quotes: 0 };
    for (const [field, value] of pairs(totalsFlat)) {
      if (field in totals) totals[field as keyof Totals] = value;
    }
    const snapshot = {
      seq: 0,
      campaign: this.#campaignId,
      totals,
      byCountry: Object.fromEntries(pairs(countries)),
      byOrganization: Object.fromEntries(pairs(organizations)),
      timeline: pairs(timeline)
        .map(([t, posts]) => ({ t: Number(t), posts }))
        .sort((a, b) => a.t - b.t),
      recent: recent.map((json) => JSON.parse(json) as Post),
      pinned: pinned.map((json) => JSON.parse(json) as Post),
      insights: JSON.parse(insights) as InsightsState,
    };
    return { rev: Number(rev), snapshot };
  }

  async moderate(action: ModerationAction, actor: string, about?: ModerationSubject): Promise<ModerationResult> {
    const checked = ModerationActionSchema.parse(action);
    const subject = about === undefined ? undefined : ModerationSubjectSchema.parse(about);
    const entry = JSON.stringify({ at: new Date().toISOString(), actor, action: checked, ...(subject ? { about: subject } : {}) });
    const reply = (await this.#run("moderate", () => this.#client.pulseModerate(this.#keys, [
      JSON.stringify(checked),
      this.channel,
      String(RECENT_LIMIT),
      String(PIN_LIMIT),
      entry,
      String(MODERATION_LOG_LIMIT),
      checked.type === "block" && subject ? JSON.stringify(subject) : "",
    ]))) as ModerateReply;
    return { outcome: reply[0] as ModerationOutcome, rev: Number(reply[1]) };
  }

  async moderationState(): Promise<ModerationState> {
    const reply = (await this.#run("moderation_state", () => this.#client.pulseModerationState(this.#keys, [String(QUEUE_LIMIT)]))) as ModerationStateReply;
    const [mode, hidden, pinned, blocked, queue, queued, profiles] = reply;
    const blockedProfiles: Record<string, ModerationSubject> = {};
    for (let i = 0; i + 1 < profiles.length; i += 2) {
      const parsed = ModerationSubjectSchema.safeParse(parseJson(profiles[i + 1] as string));
      if (parsed.success) blockedProfiles[profiles[i] as string] = parsed.data;
      else this.#log?.error({ author: profiles[i] }, "store: skipped a malformed blocked author profile");
    }
    return {
      mode: ModerationModeSchema.parse(mode),
      hidden,
      pinned,
      blockedAuthors: blocked,
      blockedProfiles,
      queue: queue.map((json) => JSON.parse(json) as Post),
      queued: Number(queued),
    };
  }

  async post(key: string): Promise<ModeratedPost | undefined> {
    const reply = (await this.#run("post", () => this.#client.pulsePost(this.#keys, [key]))) as PostReply;
    if (reply.length === 0) return undefined;
    const [json, hidden, blocked, pending, pinned] = reply;
    return moderated(json, hidden, blocked, pending, pinned);
  }

  async *allPosts(): AsyncGenerator<ModeratedPost> {
    let after = 0;
    for (;;) {
      const page = (await this.#run("page", () => this.#client.pulsePage(this.#keys, [String(after), String(EXPORT_BATCH)]))) as (string | number)[];
      const [read, last] = page;
      for (let i = 2; i + 5 < page.length; i += 6) {
        yield moderated(String(page[i + 1]), page[i + 2], page[i + 3], page[i + 4], page[i + 5]);
      }
      // A short page was the last one; a full one may be followed by more.
      if (Number(read) < EXPORT_BATCH) return;
      after = Number(last);
    }
  }

  async moderationLog(limit = MODERATION_LOG_LIMIT): Promise<ModerationLogEntry[]> {
    if (limit <= 0) return [];
    const lines: string[] = await this.#run("moderation_log", () => this.#client.lRange(this.#key("log"), 0, limit - 1));
    const entries: ModerationLogEntry[] = [];
    for (const line of lines) {
      const parsed = ModerationLogEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else this.#log?.error({ line }, "store: skipped a malformed audit log entry");
    }
    return entries;
  }

  async hires(): Promise<Record<string, number>> {
    const flat: Record<string, string> = await this.#run("hires", () => this.#client.hGetAll(this.#key("hires")));
    return Object.fromEntries(Object.entries(flat).map(([orgId, hires]) => [orgId, Number(hires)]));
  }

  setFeedPace(perSecond: number): void {
    // Sent with each batch: the script refills the bucket at this pace from the next one on.
    this.#feedPerSecond = perSecond;
  }

  async setHires(orgId: string, hires: number, actor: string): Promise<void> {
    // Checked here, as `moderate` checks its action: the script writes the number as it is given.
    SettingsEditSchema.parse({ type: "setHires", orgId, hires, previous: null });
    const args = [orgId, String(hires), entryHead(actor), String(MODERATION_LOG_LIMIT)];
    await this.#run("set_hires", () => this.#client.pulseSetHires(this.#keys, args));
  }

  async blocklist(): Promise<string[] | undefined> {
    const json: string | null = await this.#run("blocklist", () => this.#client.get(this.#key("blocklist")));
    if (json === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      value = undefined;
    }
    const parsed = z.array(z.string()).safeParse(value);
    if (parsed.success) return parsed.data;
    this.#log?.error("store: the saved blocklist is malformed; the default list applies");
    return undefined;
  }

  async setBlocklist(words: string[], actor: string, defaults: readonly string[] = []): Promise<void> {
    const args = [JSON.stringify(words), JSON.stringify(defaults), entryHead(actor), String(MODERATION_LOG_LIMIT)];
    await this.#run("set_blocklist", () => this.#client.pulseSetBlocklist(this.#keys, args));
  }

  async logEdit(edit: SettingsEdit, actor: string): Promise<void> {
    const action = JSON.stringify(SettingsEditSchema.parse(edit));
    await this.#run("log_edit", () => this.#client.pulseLogEdit(this.#keys, [entryHead(actor), action, String(MODERATION_LOG_LIMIT)]));
  }

  async reattribute(posts: Reattribution[]): Promise<number> {
    if (posts.length === 0) return 0;
    const keys = posts.map((p) => p.key);
    // The new JSON is made here (Lua's cjson would turn an empty array into an object); the script writes it only
    // over the very post read.
    const read: (string | null)[] = await this.#run("reattribute", () => this.#client.hmGet(this.#key("posts"), keys));
    const entries: unknown[][] = [];
    for (const [i, { key, country, orgId, insight }] of posts.entries()) {
      const json = read[i];
      if (json === null || json === undefined) continue;
      const post = JSON.parse(json) as Post;
      const counted = country ?? UNKNOWN_COUNTRY;
      // As the apply script counts a post without a country: under "unknown", with no `country` in its JSON.
      const moved = { ...post, country: counted === UNKNOWN_COUNTRY ? undefined : counted, orgId: orgId || undefined };
      // The author is shown with the organization the recount gives them (in the insights' posters).
      const author = insightAuthor(moved as Post);
      entries.push([key, counted, orgId ?? "", json, JSON.stringify(moved), author.key, JSON.stringify(author), ...(insight ? [encodeInsight(insight)] : [])]);
    }
    if (entries.length === 0) return 0;
    return this.#run("reattribute", () => this.#client.pulseReattribute(this.#keys, [JSON.stringify(entries), this.channel]));
  }

  async recountStatus(): Promise<RecountStatus | undefined> {
    const json: string | null = await this.#run("recount_status", () => this.#client.get(this.#key("recount")));
    if (json === null) return undefined;
    const parsed = RecountStatusSchema.safeParse(parseJson(json));
    if (parsed.success) return parsed.data;
    this.#log?.error("store: skipped a malformed recount status");
    return undefined;
  }

  async saveRecountStatus(status: RecountStatus, claim?: { staleMs: number }): Promise<boolean> {
    const now = Date.now();
    const json = JSON.stringify({ ...RecountStatusSchema.parse(status), savedAt: now });
    const args = [json, String(now), claim ? "1" : "0", String(claim?.staleMs ?? 0)];
    return (await this.#run("save_recount_status", () => this.#client.pulseSaveRecount(this.#keys, args))) === 1;
  }

  async eraseAuthor(target: ErasureTarget, actor: string, ref: string): Promise<number> {
    const { keys, authors } = await findErased(() => justPosts(this.allPosts()), target);
    // The ordinary delete path (the apply script): counters, insights, screens and the published change.
    const deletes = [...keys];
    for (let i = 0; i < deletes.length; i += EXPORT_BATCH) {
      await this.apply(deletes.slice(i, i + EXPORT_BATCH).map((key) => ({ type: "delete" as const, key })));
    }
    // The tombstones of their posts deleted before, which still name them as the record's author.
    const tombstones = [...keys];
    const authorAt = RECORD_FIELDS.indexOf("author");
    let cursor = "0";
    do {
      const page = await this.#run("erase", () => this.#client.hScan(this.#key("records"), cursor, { COUNT: 1000 }));
      cursor = String(page.cursor);
      for (const { field, value } of page.entries) {
        const author = (parseJson(value) as unknown[] | undefined)?.[authorAt];
        if (typeof author === "string" && authors.has(author) && !keys.has(field)) tombstones.push(field);
      }
    } while (cursor !== "0");
    // Audit entries about them, rewritten without their `about`.
    const lines: string[] = await this.#run("erase", () => this.#client.lRange(this.#key("log"), 0, -1));
    const rewrites: [string, string][] = [];
    for (const line of lines) {
      const parsed = ModerationLogEntrySchema.safeParse(parseJson(line));
      const scrubbed = parsed.success ? scrubbedEntry(parsed.data, keys, authors, target, ref) : undefined;
      if (scrubbed) rewrites.push([line, JSON.stringify(scrubbed)]);
    }
    const logged = keys.size > 0;
    const action = JSON.stringify({ type: "eraseAuthor", network: target.network, ref, posts: keys.size } satisfies SettingsEdit);
    await this.#run("erase", () =>
      this.#client.pulseErase(this.#keys, [
        JSON.stringify(tombstones),
        JSON.stringify([...authors]),
        JSON.stringify(rewrites),
        logged ? entryHead(actor) : "",
        action,
        String(MODERATION_LOG_LIMIT),
      ]),
    );
    return keys.size;
  }

  async reduceForRetention(): Promise<number> {
    let changed = 0;
    let keys: string[] = [];
    const flush = async (last: boolean): Promise<void> => {
      const read: (string | null)[] = keys.length === 0 ? [] : await this.#run("reduce", () => this.#client.hmGet(this.#key("posts"), keys));
      const entries: [string, string, string][] = [];
      for (const [i, key] of keys.entries()) {
        const json = read[i];
        if (typeof json !== "string") continue;
        const post = JSON.parse(json) as Post;
        const reduced = reducedPost(post);
        // Parsed and written again, the stored JSON keeps its `{"arrival":n,` start, which the scripts rely on.
        if (reduced !== post) entries.push([key, json, JSON.stringify(reduced)]);
      }
      keys = [];
      if (entries.length === 0 && !last) return;
      const staff = last ? await this.#reducedStaffData() : { log: [], profiles: [] };
      changed += await this.#run("reduce", () =>
        this.#client.pulseReduce(this.#keys, [JSON.stringify(entries), last ? "1" : "0", JSON.stringify(staff.log), JSON.stringify(staff.profiles)]),
      );
    };
    for await (const { post } of this.allPosts()) {
      keys.push(postKey(post));
      if (keys.length >= EXPORT_BATCH) await flush(false);
    }
    await flush(true);
    return changed;
  }

  /**
   * The audit log lines and blocked profiles that name someone beyond a handle, as `[line, reduced]` and
   * `[author, json, reduced]`, for the reduce script to replace where they are still as read.
   */
  async #reducedStaffData(): Promise<{ log: [string, string][]; profiles: [string, string, string][] }> {
    const [lines, profiles]: [string[], Record<string, string>] = await Promise.all([
      this.#run("reduce", () => this.#client.lRange(this.#key("log"), 0, -1)),
      this.#run("reduce", () => this.#client.hGetAll(this.#key("profiles"))),
    ]);
    const log: [string, string][] = [];
    for (const line of lines) {
      const parsed = ModerationLogEntrySchema.safeParse(parseJson(line));
      if (!parsed.success) continue;
      const reduced = reducedEntry(parsed.data);
      if (reduced !== parsed.data) log.push([line, JSON.stringify(reduced)]);
    }
    const subjects: [string, string, string][] = [];
    for (const [author, json] of Object.entries(profiles)) {
      const parsed = ModerationSubjectSchema.safeParse(parseJson(json));
      if (!parsed.success) continue;
      const reduced = reducedSubject(parsed.data);
      if (reduced !== parsed.data) subjects.push([author, json, JSON.stringify(reduced)]);
    }
    return { log, profiles: subjects };
  }

  async claimRetention(holdMs: number): Promise<boolean> {
    const reply = await this.#run("claim_retention", () =>
      this.#client.set(this.#key("retention"), new Date().toISOString(), { condition: "NX", expiration: { type: "PX", value: Math.max(1, Math.round(holdMs)) } }),
    );
    return reply === "OK";
  }

  #key(name: (typeof SCRIPT_KEY_NAMES)[number]): string {
    return this.#keys[SCRIPT_KEY_NAMES.indexOf(name)] as string;
  }

  async subscribe(listener: StoreListener): Promise<() => void> {
    if (!this.#subscribed) await this.start();
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  isHealthy(): boolean {
    return this.#connection.isHealthy();
  }

  /** Tells every listener it may have missed changes and must re-read the store. */
  #signalGap(): void {
    for (const listener of this.#listeners) {
      try {
        listener.onGap?.();
      } catch (err) {
        this.#log?.error({ err }, "store: a gap listener threw");
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#stopGaps();
    this.#unsubscribe?.();
    if (this.#ownsConnection) await this.#connection.close();
  }

  #onMessage(message: string): void {
    let change: StoreChange;
    try {
      change = StoreChangeSchema.parse(JSON.parse(message));
    } catch (err) {
      this.#log?.error({ err, channel: this.channel }, "store: skipped a malformed change message");
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener.onChange(change);
      } catch (err) {
        this.#log?.error({ err }, "store: a change listener threw");
      }
    }
  }

  /** A command under the deadline of the connection's guard (see guarded-redis.ts). */
  #run<T>(operation: RedisOperation, command: () => Promise<T>): Promise<T> {
    return this.#connection.run(operation, command);
  }
}

/** The posts of stored posts with their flags. */
async function* justPosts(stored: AsyncIterable<ModeratedPost>): AsyncGenerator<Post> {
  for await (const { post } of stored) yield post;
}

/** The URL without its password, for messages and logs. */

/** A stored post with the flags a script read: hidden wins over blocked, which wins over pending. */
function moderated(json: string, hidden: unknown, blocked: unknown, pending: unknown, pinned: unknown): ModeratedPost {
  const flags = { hidden: Number(hidden) === 1, blocked: Number(blocked) === 1, pending: Number(pending) === 1 };
  const state: PostModerationState = flags.hidden ? "hidden" : flags.blocked ? "blocked" : flags.pending ? "pending" : "visible";
  return { post: JSON.parse(json) as Post, state, ...flags, pinned: Number(pinned) === 1 };
}

/** JSON.parse, or undefined for text that is not JSON (the caller's schema check then refuses it). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The start of a settings edit's audit entry, `{"at":…,"actor":…}`: the script adds `action` and `rev`. */
function entryHead(actor: string): string {
  return JSON.stringify({ at: new Date().toISOString(), actor });
}

/** One post op as the apply script reads it; see redis-scripts.ts. */
function encodePost(post: Post, argvIndex: number, hidden: boolean, held: boolean, insight: PostInsight): unknown[] {
  return encodePostOp({
    type: "p",
    key: postKey(post),
    author: authorKey(post),
    country: post.country ?? UNKNOWN_COUNTRY,
    orgId: post.orgId ? post.orgId : "",
    minute: String(minuteOf(post.createdAt)),
    kind: post.kind,
    version: post.version ?? 0,
    argv: argvIndex,
    hidden: hidden ? 1 : 0,
    held: held ? 1 : 0,
    insight: encodeInsight(insight),
  });
}
