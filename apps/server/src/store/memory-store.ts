import {
  applyDelete,
  applyPost,
  authorKey,
  blocklistChanges,
  createFeedPace,
  type FeedPace,
  createState,
  emptyChange,
  isEmptyChange,
  logModeration,
  moderate,
  moderatedPost,
  ModerationActionSchema,
  ModerationSubjectSchema,
  moderationState,
  MODERATION_LOG_LIMIT,
  pinnedPosts,
  addInsight,
  insightAuthor,
  postKey,
  readStoredInsight,
  reserveFeedPlaces,
  SettingsEditSchema,
  storedInsight,
  takeInsightChanges,
  toSnapshot,
  UNKNOWN_COUNTRY,
  type AggregateState,
  type ApplyOutcome,
  type Change,
  type ModeratedPost,
  type ModerationAction,
  type ModerationLogEntry,
  type ModerationState,
  type ModerationSubject,
  type Post,
  type RecountStatus,
  type SettingsEdit,
} from "@pulse/shared";
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { findErased, reducedEntry, reducedPost, reducedSubject, scrubbedEntry, type ErasureTarget } from "./erasure.js";
import { StateFile, type StaffSettings } from "./state-file.js";
import type { ModerationResult, Reattribution, Store, StoreChange, StoreListener, StoreOp, StoreSnapshot } from "./store.js";

/** How many posts `allPosts` yields between two turns of the event loop. */
const EXPORT_BATCH = 500;

/** Where and how often the embedded store keeps its state on disk. */
export interface MemoryStorePersistence {
  /** The state file (its head; see `StateFile`); replaced atomically. */
  file: string;
  /** How often to write when something changed. Default 5 s. */
  intervalMs?: number;
  /** See `StateFileOptions.compactMinLines`. */
  compactMinLines?: number;
}

/**
 * The embedded store: one campaign's state in process, for a single node. It runs the pure aggregation core and
 * gives subscribers the same feed as `RedisStore`: one merged change per `apply`, delivered asynchronously.
 * With `persistence` it reloads its state at start and writes it at intervals and on close, so a wall box
 * that reboots keeps its day.
 */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  #state: AggregateState;
  readonly #listeners = new Set<StoreListener>();
  readonly #log: Logger | undefined;
  readonly #persistence: MemoryStorePersistence | undefined;
  #rev = 0;
  #savedRev = 0;
  #staff: StaffSettings = { hires: {} };
  /** Bumped by every change of `#staff`, which does not move `rev`; saved like `rev`. */
  #staffVersion = 0;
  #savedStaffVersion = 0;
  #saveTimer: NodeJS.Timeout | undefined;
  #saving: Promise<void> = Promise.resolve();
  #stateFile: StateFile | undefined;
  /** Keys whose record or post changed since the last save: what the next save appends. */
  #touched = new Set<string>();

  #feedPerSecond: number;
  /** The feed's bucket while the pace is 0. */
  #idleFeed: FeedPace | undefined;
  /** Whether `#erasedAuthorsIn`'s unique-author set holds erased authors' hashed keys. */
  #erasedAuthors = false;
  #erasedAuthorsIn: AggregateState | undefined;
  /** The last recount status saved, and when (epoch ms). Not saved to disk: one node, and a restart ends a recount. */
  #recount: { status: RecountStatus; savedAt: number } | undefined;

  /** `feedPerSecond`: the live feed's pace (see `FeedPace`); 0 or absent shows every visible post. */
  constructor(campaignId: string, logger?: Logger, persistence?: MemoryStorePersistence, feedPerSecond = 0) {
    this.#state = createState(campaignId);
    this.#log = logger;
    this.#persistence = persistence;
    this.#feedPerSecond = feedPerSecond;
    this.#pace();
  }

  setFeedPace(perSecond: number): void {
    if (perSecond === this.#feedPerSecond) return;
    this.#feedPerSecond = perSecond;
    // The bucket keeps what it holds, as Redis keeps its feed key: 0 sets it aside, a pace again takes it back.
    const bucket = this.#state.feed ?? this.#idleFeed;
    this.#idleFeed = perSecond > 0 ? undefined : bucket;
    if (perSecond <= 0) this.#state.feed = undefined;
    else if (bucket) this.#state.feed = Object.assign(bucket, { perSecond });
    else this.#pace();
  }

  /** Gives the state the feed's pace (a reloaded state file has none). */
  #pace(): void {
    if (this.#feedPerSecond > 0) this.#state.feed = createFeedPace(this.#feedPerSecond);
  }

  async start(): Promise<void> {
    if (!this.#persistence) return;
    const { file, compactMinLines } = this.#persistence;
    this.#stateFile = new StateFile(file, compactMinLines === undefined ? {} : { compactMinLines });
    const saved = await this.#stateFile.read(this.#state.campaign);
    if (saved) {
      this.#state = saved.state;
      this.#pace();
      this.#rev = this.#savedRev = saved.rev;
      if (saved.staff) this.#staff = saved.staff;
      this.#log?.info({ file: this.#persistence.file, posts: saved.state.totals.posts, rev: saved.rev }, "store: state reloaded");
    }
    this.#saveTimer = setInterval(() => void this.save(), this.#persistence.intervalMs ?? 5_000);
    this.#saveTimer.unref();
  }

  /** Writes the state file now if anything changed since the last write. One write at a time. */
  save(): Promise<void> {
    const persistence = this.#persistence;
    const stateFile = this.#stateFile;
    if (!persistence || !stateFile) return Promise.resolve();
    this.#saving = this.#saving.then(async () => {
      if (this.#rev === this.#savedRev && this.#staffVersion === this.#savedStaffVersion) return;
      const rev = this.#rev;
      const staffVersion = this.#staffVersion;
      const touched = this.#touched;
      this.#touched = new Set();
      try {
        // StateFile.write captures the state synchronously, before any await.
        await stateFile.write({ rev, state: this.#state, staff: this.#staff }, touched);
        this.#savedRev = rev;
        this.#savedStaffVersion = staffVersion;
      } catch (err) {
        // The files still hold the last save: the next one appends these keys along with its own.
        for (const key of touched) this.#touched.add(key);
        this.#log?.error({ err, file: persistence.file }, "store: could not write the state file");
      }
    });
    return this.#saving;
  }

  async apply(ops: StoreOp[]): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    const batch = new BatchChange();
    const now = Date.now();
    const feed = this.#state.feed;
    if (feed) reserveFeedPlaces(feed, this.#feedCandidates(ops), now);
    // An author erased before who posts again is no new author, as in Redis: their hashed key gives way to theirs.
    if (this.#hasErasedAuthors()) {
      for (const op of ops) {
        // Only a post that will count: a replay of an erased post is a duplicate and must not bring their id back.
        if (op.type !== "post" || this.#state.records.has(postKey(op.post))) continue;
        const author = authorKey(op.post);
        if (!this.#state.authors.has(author) && this.#state.authors.delete(erasedAuthorKey(author))) this.#state.authors.add(author);
      }
    }
    for (const op of ops) {
      // A post the blocklist matched arrives hidden: marked before `applyPost`, so it is never shown. Only a new
      // key (a duplicate, an edit or a tombstone keeps what was decided), and out of the queue, as a hide does.
      const key = op.type === "post" ? postKey(op.post) : op.key;
      const isNew = op.type === "post" && !this.#state.records.has(key);
      const hideOnArrival = isNew && op.hidden === true;
      if (hideOnArrival) this.#state.moderation.hidden.add(key);
      // Held for approval (its pictures need it) before `applyPost`, so it never shows; in arrival order.
      else if (isNew && op.held === true) this.#state.moderation.pending.add(key);
      const result = op.type === "post" ? applyPost(this.#state, op.post, now, op.insight) : applyDelete(this.#state, op.key);
      if (hideOnArrival) this.#state.moderation.pending.delete(key);
      if (this.#stateFile && result.outcome !== "duplicate") this.#touched.add(key);
      outcomes.push(result.outcome);
      batch.add(result.change);
    }
    const change = batch.toChange(this.#state);
    if (!isEmptyChange(change)) {
      this.#rev += 1;
      this.#publish({ rev: this.#rev, change });
    }
    return outcomes;
  }

  /**
   * How many of a batch's posts would come on screen if the feed had room: new keys (a duplicate, an edit or a
   * tombstoned key is not), not hidden on arrival, not queued or held for approval, author not blocked. The Redis apply
   * script counts the same way.
   */
  #feedCandidates(ops: StoreOp[]): number {
    const { records, moderation } = this.#state;
    if (moderation.mode === "approve") return 0;
    const seen = new Set<string>();
    let candidates = 0;
    for (const op of ops) {
      const key = op.type === "post" ? postKey(op.post) : op.key;
      const screened = op.type === "post" && (op.hidden === true || op.held === true);
      if (op.type === "post" && !records.has(key) && !seen.has(key) && !screened && !moderation.blocked.has(authorKey(op.post))) {
        candidates += 1;
      }
      seen.add(key);
    }
    return candidates;
  }

  async snapshot(): Promise<StoreSnapshot> {
    return { rev: this.#rev, snapshot: toSnapshot(this.#state, 0) };
  }

  async moderate(action: ModerationAction, actor: string, about?: ModerationSubject): Promise<ModerationResult> {
    const checked = ModerationActionSchema.parse(action);
    const subject = about === undefined ? undefined : ModerationSubjectSchema.parse(about);
    const { outcome, change } = moderate(this.#state, checked, subject);
    if (outcome !== "changed") return { outcome, rev: this.#rev };
    // A media approval replaces the stored post: the next save writes it.
    if (this.#stateFile && (checked.type === "approveMedia" || checked.type === "unapproveMedia")) this.#touched.add(checked.key);
    this.#rev += 1;
    logModeration(this.#state, { at: new Date().toISOString(), actor, action: checked, rev: this.#rev, ...(subject ? { about: subject } : {}) });
    this.#publish({ rev: this.#rev, change });
    return { outcome, rev: this.#rev };
  }

  async moderationState(): Promise<ModerationState> {
    return structuredClone(moderationState(this.#state));
  }

  async post(key: string): Promise<ModeratedPost | undefined> {
    return structuredClone(moderatedPost(this.#state, key));
  }

  async *allPosts(): AsyncGenerator<ModeratedPost> {
    // The keys as they stand now; a post deleted while the export runs is skipped.
    const keys = [...this.#state.posts.keys()];
    for (let i = 0; i < keys.length; i += EXPORT_BATCH) {
      const batch: ModeratedPost[] = [];
      for (const key of keys.slice(i, i + EXPORT_BATCH)) {
        const found = moderatedPost(this.#state, key);
        if (found) batch.push(structuredClone(found));
      }
      yield* batch;
      // Lets ingest and ticks run between batches of a long export.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async moderationLog(limit = MODERATION_LOG_LIMIT): Promise<ModerationLogEntry[]> {
    const log = this.#state.moderation.log;
    return structuredClone(log.slice(Math.max(0, log.length - limit)).reverse());
  }

  async hires(): Promise<Record<string, number>> {
    return { ...this.#staff.hires };
  }

  async setHires(orgId: string, hires: number, actor: string): Promise<void> {
    const previous = Object.hasOwn(this.#staff.hires, orgId) ? (this.#staff.hires[orgId] as number) : null;
    const edit = SettingsEditSchema.parse({ type: "setHires", orgId, hires, previous });
    if (previous === hires) return;
    this.#staff.hires[orgId] = hires;
    this.#logEdit(edit, actor);
  }

  async blocklist(): Promise<string[] | undefined> {
    return this.#staff.blocklist ? [...this.#staff.blocklist] : undefined;
  }

  async setBlocklist(words: string[], actor: string, defaults: readonly string[] = []): Promise<void> {
    const saved = this.#staff.blocklist;
    if (saved && saved.length === words.length && saved.every((word, i) => word === words[i])) return;
    const edit: SettingsEdit = { type: "setBlocklist", words: words.length, ...blocklistChanges(saved ?? defaults, words) };
    this.#staff.blocklist = [...words];
    this.#logEdit(edit, actor);
  }

  async logEdit(edit: SettingsEdit, actor: string): Promise<void> {
    this.#logEdit(SettingsEditSchema.parse(edit), actor);
  }

  async reattribute(posts: Reattribution[]): Promise<number> {
    const state = this.#state;
    const change = emptyChange();
    let moved = 0;
    let pinnedMoved = false;
    for (const { key, country = UNKNOWN_COUNTRY, orgId, insight } of posts) {
      const record = state.records.get(key);
      const stored = state.posts.get(key);
      if (!record || record.deleted || !stored) continue;
      // The insight as a fresh ingest would read it: the old one's counts leave, the new one's come.
      const kept = insight && storedInsight(insight);
      if (insight && kept !== record.insight) {
        if (record.insight) addInsight(state.insights, readStoredInsight(record.insight), record.minute, -1);
        addInsight(state.insights, insight, record.minute, 1);
        record.insight = kept;
        if (this.#stateFile) this.#touched.add(key);
        if (record.country === country && record.orgId === orgId) {
          moved += 1;
          continue;
        }
      } else if (record.country === country && record.orgId === orgId) continue;
      change.byCountry[record.country] = bump(state.byCountry, record.country, -1);
      change.byCountry[country] = bump(state.byCountry, country, 1);
      if (record.orgId) change.byOrganization[record.orgId] = bump(state.byOrganization, record.orgId, -1);
      if (orgId) change.byOrganization[orgId] = bump(state.byOrganization, orgId, 1);
      record.country = country;
      if (orgId) record.orgId = orgId;
      else delete record.orgId;
      // A new object, as an edit makes: snapshots already handed out keep theirs.
      const post: Post = { ...stored };
      if (country === UNKNOWN_COUNTRY) delete post.country;
      else post.country = country;
      if (orgId) post.orgId = orgId;
      else delete post.orgId;
      state.posts.set(key, post);
      const at = state.recent.findIndex((p) => postKey(p) === key);
      if (at >= 0) {
        state.recent[at] = post;
        change.posts.push(post);
      }
      if (state.moderation.pinned.includes(key)) pinnedMoved = true;
      // The author is shown with the organization the recount gives them (in the insights' posters).
      const author = insightAuthor(post);
      if (state.insights.authorInfo.has(author.key)) {
        state.insights.authorInfo.set(author.key, author);
        state.insights.dirty.add("authors");
      }
      if (this.#stateFile) this.#touched.add(key);
      moved += 1;
    }
    if (pinnedMoved) change.pinned = pinnedPosts(state);
    const insights = takeInsightChanges(state.insights);
    if (Object.keys(insights).length > 0) change.insights = insights;
    if (moved > 0) {
      // Screen order, newest first, as `apply` publishes posts.
      change.posts = state.recent.filter((post) => change.posts.includes(post));
      this.#rev += 1;
      this.#publish({ rev: this.#rev, change });
    }
    return moved;
  }

  async eraseAuthor(target: ErasureTarget, actor: string, ref: string): Promise<number> {
    const state = this.#state;
    const { keys, authors } = await findErased(() => state.posts.values(), target);
    // The ordinary delete path: counters, insights, screens and the published change, as for deletes.
    if (keys.size > 0) await this.apply([...keys].map((key) => ({ type: "delete", key })));
    // Then what still names them: records (theirs and their earlier-deleted posts' tombstones) become id-only.
    for (const [key, record] of state.records) {
      // Deleted records only: theirs were just deleted, and an earlier-deleted post's tombstone still names them.
      if (!record.deleted || !(keys.has(key) || (record.author !== undefined && authors.has(record.author)))) continue;
      state.records.set(key, { country: UNKNOWN_COUNTRY, minute: 0, kind: "original", version: record.version, deleted: true });
      this.#touched.add(key);
    }
    for (const author of authors) {
      state.moderation.profiles.delete(author);
      // The unique-author count keeps them under a hash (Redis's HyperLogLog holds no ids at all, and still knows
      // them again): a later post of theirs is not a new author, as in Redis.
      if (!state.authors.delete(author)) continue;
      state.authors.add(erasedAuthorKey(author));
      this.#erasedAuthors = true;
      this.#erasedAuthorsIn = state;
    }
    const log = state.moderation.log;
    for (const [i, entry] of log.entries()) {
      const scrubbed = scrubbedEntry(entry, keys, authors, target, ref);
      if (scrubbed) log[i] = scrubbed;
    }
    if (keys.size > 0) this.#logEdit({ type: "eraseAuthor", network: target.network, ref, posts: keys.size }, actor);
    // The journal on disk still holds their posts and the entries as they were: written afresh now.
    this.#stateFile?.compactNext();
    this.#staffVersion += 1;
    await this.save();
    return keys.size;
  }

  /** Whether the unique-author set holds any erased author's hashed key (checked once per state, then kept). */
  #hasErasedAuthors(): boolean {
    if (this.#erasedAuthorsIn !== this.#state) {
      this.#erasedAuthorsIn = this.#state;
      this.#erasedAuthors = [...this.#state.authors].some((author) => author.startsWith(ERASED_PREFIX));
    }
    return this.#erasedAuthors;
  }

  async reduceForRetention(): Promise<number> {
    const state = this.#state;
    let changed = 0;
    for (const [key, post] of state.posts) {
      const reduced = reducedPost(post);
      if (reduced === post) continue;
      state.posts.set(key, reduced);
      const at = state.recent.indexOf(post);
      if (at >= 0) state.recent[at] = reduced;
      this.#touched.add(key);
      changed += 1;
    }
    for (const [key, author] of state.insights.authorInfo) {
      if (author.name === undefined) continue;
      const { name: _name, ...kept } = author;
      state.insights.authorInfo.set(key, kept);
    }
    // The audit log and the blocked profiles keep who by handle only: names and excerpts (post text) go.
    let staffChanged = false;
    const log = state.moderation.log;
    for (const [i, entry] of log.entries()) {
      const reduced = reducedEntry(entry);
      if (reduced === entry) continue;
      log[i] = reduced;
      staffChanged = true;
    }
    for (const [author, subject] of state.moderation.profiles) {
      const reduced = reducedSubject(subject);
      if (reduced === subject) continue;
      state.moderation.profiles.set(author, reduced);
      staffChanged = true;
    }
    if (changed > 0 || staffChanged) {
      // The journal's older lines still hold the text: written afresh.
      this.#stateFile?.compactNext();
      this.#staffVersion += 1;
      await this.save();
    }
    return changed;
  }

  async claimRetention(): Promise<boolean> {
    return true;
  }

  async recountStatus(): Promise<RecountStatus | undefined> {
    return this.#recount && structuredClone(this.#recount.status);
  }

  async saveRecountStatus(status: RecountStatus, claim?: { staleMs: number }): Promise<boolean> {
    const now = Date.now();
    const held = this.#recount;
    if (claim && held?.status.state === "running" && now - held.savedAt < claim.staleMs) return false;
    this.#recount = { status: structuredClone(status), savedAt: now };
    return true;
  }

  /** Records a settings edit in the audit log at the current `rev`, which it does not move, and marks it to save. */
  #logEdit(edit: SettingsEdit, actor: string): void {
    logModeration(this.#state, { at: new Date().toISOString(), actor, action: edit, rev: this.#rev });
    this.#staffVersion += 1;
  }

  async subscribe(listener: StoreListener): Promise<() => void> {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  isHealthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.#saveTimer);
    await this.save();
    this.#listeners.clear();
  }

  #publish(fed: StoreChange): void {
    // Later, like a pub/sub message: a listener never runs inside `apply`, and gets a copy it may keep.
    const message = structuredClone(fed);
    queueMicrotask(() => {
      for (const listener of this.#listeners) {
        try {
          listener.onChange(message);
        } catch (err) {
          this.#log?.error({ err }, "store: a change listener threw");
        }
      }
    });
  }
}

/**
 * Folds the changes of one batch into one, as `mergeChanges` does, but in linear time so a batch of thousands of
 * ops stays cheap. Later absolute values win. `posts` are the batch's shown posts that are still on screen, in
 * screen order (newest first): a post pushed out later in the batch would be cut by every client anyway, and
 * screen order keeps an edit of a post accepted earlier in the batch in its place. `pinned`, when any op changed
 * it, is the list after the batch. `RedisStore` builds its change the same way.
 */
class BatchChange {
  readonly #totals: Change["totals"] = {};
  readonly #byCountry: Record<string, number> = {};
  readonly #byOrganization: Record<string, number> = {};
  readonly #timeline = new Map<number, number>();
  readonly #shown = new Set<string>();
  readonly #removed = new Set<string>();
  #pinned = false;

  add(change: Change): void {
    if (change.pinned !== undefined) this.#pinned = true;
    Object.assign(this.#totals, change.totals);
    Object.assign(this.#byCountry, change.byCountry);
    Object.assign(this.#byOrganization, change.byOrganization);
    for (const point of change.timeline) this.#timeline.set(point.t, point.posts);
    for (const post of change.posts) this.#shown.add(postKey(post));
    for (const key of change.removed) this.#removed.add(key);
  }

  toChange(state: AggregateState): Change {
    const shown = this.#shown;
    const change: Change = {
      totals: this.#totals,
      byCountry: this.#byCountry,
      byOrganization: this.#byOrganization,
      timeline: [...this.#timeline].map(([t, posts]) => ({ t, posts })).sort((a, b) => a.t - b.t),
      posts: shown.size === 0 ? [] : state.recent.filter((post) => shown.has(postKey(post))),
      removed: [...this.#removed],
    };
    // The list as it stands after the batch, as `mergeChanges` would end with.
    if (this.#pinned) change.pinned = pinnedPosts(state);
    // What moved in the insights, the ranked lists read once for the batch.
    const insights = takeInsightChanges(state.insights);
    if (Object.keys(insights).length > 0) change.insights = insights;
    return change;
  }
}

/** The start of an erased author's key in the embedded store's unique-author set. */
const ERASED_PREFIX = "erased:";

/** An erased author's key in the unique-author set: a hash of `network:authorId`, which names no one. */
function erasedAuthorKey(author: string): string {
  return `${ERASED_PREFIX}${createHash("sha256").update(author).digest("hex").slice(0, 32)}`;
}

/** Adds `by` to a counter of `map` and returns its new value. */
function bump(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  map.set(key, next);
  return next;
}
