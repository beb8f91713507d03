import {
  applyDelete,
  applyPost,
  createState,
  isEmptyChange,
  postKey,
  toSnapshot,
  type AggregateState,
  type ApplyOutcome,
  type Change,
} from "@pulse/shared";
import type { Logger } from "pino";
import type { Store, StoreChange, StoreListener, StoreOp, StoreSnapshot } from "./store.js";

/**
 * The embedded store: one campaign's state in process, for a single node. It runs the pure aggregation core and
 * gives subscribers the same feed as `RedisStore`: one merged change per `apply`, delivered asynchronously.
 */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  readonly #state: AggregateState;
  readonly #listeners = new Set<StoreListener>();
  readonly #log: Logger | undefined;
  #rev = 0;

  constructor(campaignId: string, logger?: Logger) {
    this.#state = createState(campaignId);
    this.#log = logger;
  }

  async start(): Promise<void> {}

  async apply(ops: StoreOp[]): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    const batch = new BatchChange();
    for (const op of ops) {
      const result = op.type === "post" ? applyPost(this.#state, op.post) : applyDelete(this.#state, op.key);
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

  async snapshot(): Promise<StoreSnapshot> {
    return { rev: this.#rev, snapshot: toSnapshot(this.#state, 0) };
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
 * screen order keeps an edit of a post accepted earlier in the batch in its place. `RedisStore` builds its change
 * the same way.
 */
class BatchChange {
  readonly #totals: Change["totals"] = {};
  readonly #byCountry: Record<string, number> = {};
  readonly #byOrganization: Record<string, number> = {};
  readonly #timeline = new Map<number, number>();
  readonly #shown = new Set<string>();
  readonly #removed = new Set<string>();

  add(change: Change): void {
    Object.assign(this.#totals, change.totals);
    Object.assign(this.#byCountry, change.byCountry);
    Object.assign(this.#byOrganization, change.byOrganization);
    for (const point of change.timeline) this.#timeline.set(point.t, point.posts);
    for (const post of change.posts) this.#shown.add(postKey(post));
    for (const key of change.removed) this.#removed.add(key);
  }

  toChange(state: AggregateState): Change {
    const shown = this.#shown;
    return {
      totals: this.#totals,
      byCountry: this.#byCountry,
      byOrganization: this.#byOrganization,
      timeline: [...this.#timeline].map(([t, posts]) => ({ t, posts })).sort((a, b) => a.t - b.t),
      posts: shown.size === 0 ? [] : state.recent.filter((post) => shown.has(postKey(post))),
      removed: [...this.#removed],
    };
  }
}
