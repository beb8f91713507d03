import { createInsightReader, postInsight, postKey, reattribute, type Post, type RecountStatus } from "@pulse/shared";
import type { Logger } from "pino";
import { conflict, notFound } from "../staff/staff-errors.js";
import { unknownCampaign } from "./campaign-service.js";
import type { CampaignRuntime } from "./campaign-runtime.js";

/** A campaign as a recount needs it: its store and its current attribution tables. */
export type RecountCampaign = Pick<CampaignRuntime, "id" | "store" | "index">;

/** What the recount service needs. */
export interface RecountServiceDeps {
  /**
   * The running campaign with this id, its latest definition in force on this node; undefined for an unknown or
   * archived id.
   */
  campaign(id: string): Promise<RecountCampaign | undefined>;
  logger?: Logger;
  /** Stored posts re-attributed in one atomic store call; default 500. */
  batchSize?: number;
  /**
   * How long a `running` status may go unsaved before another recount may start: its node died. Progress is saved
   * after every batch, so this is many batches' time; default 60 s.
   */
  staleMs?: number;
  /** The clock of the status's times (epoch ms); default the real one. */
  now?: () => number;
}

/**
 * Recounts (`POST /api/staff/campaigns/:id/recount`): re-attributes every stored post of a campaign by its current
 * definition, after staff changed its hashtags or organizations, so its country and organization counts, and its
 * insights (its own hashtags left out, its organizations' mentions and offers, posters' organizations), are those a
 * fresh ingest of the same posts would give.
 *
 * The stored posts are read in batches (`Store.allPosts`, memory bounded); each batch is attributed again here and
 * moved in one atomic store call (`Store.reattribute`), which moves a post's counts from the attribution its record
 * holds to the new one. Live ingest goes on meanwhile without loss or double count: a new post is counted once,
 * under the definition in force when it came; a post deleted before its batch is skipped, after it gives back what
 * it counts in now; a post moved twice moves once. The status is kept in the store, so every node answers it, and
 * one recount runs per campaign at a time, on any node: a second one answers 409.
 */
export class RecountService {
  readonly #deps: RecountServiceDeps;
  readonly #batchSize: number;
  readonly #staleMs: number;
  readonly #now: () => number;
  /** The recounts this node runs, by campaign (tests wait on them). */
  readonly #running = new Map<string, Promise<void>>();
  #stopping = false;

  constructor(deps: RecountServiceDeps) {
    this.#deps = deps;
    this.#batchSize = deps.batchSize ?? 500;
    this.#staleMs = deps.staleMs ?? 60_000;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Starts a recount of campaign `id` for `actor` and answers its first status (`running`, `done` 0 of the posts
   * counted now); 404 for an unknown or archived id, 409 while one runs.
   */
  async start(id: string, actor: string): Promise<RecountStatus> {
    const campaign = await this.#campaign(id);
    const { snapshot } = await campaign.store.snapshot();
    const status: RecountStatus = {
      campaign: id,
      state: "running",
      done: 0,
      total: snapshot.totals.posts,
      startedAt: new Date(this.#now()).toISOString(),
      finishedAt: null,
      actor,
    };
    if (!(await campaign.store.saveRecountStatus(status, { staleMs: this.#staleMs }))) {
      const held = await campaign.store.recountStatus();
      const who = held ? ` (started by ${held.actor ?? "staff"} at ${held.startedAt ?? "?"}, ${held.done} of ${held.total} posts done)` : "";
      throw conflict(`a recount of campaign ${JSON.stringify(id)} is running${who}: wait for it to end`);
    }
    const run = this.#run(campaign, status).finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return { ...status };
  }

  /** Where the last recount of campaign `id` stands, as saved in its store; `idle` when none ran; 404 as `start`. */
  async status(id: string): Promise<RecountStatus> {
    const campaign = await this.#campaign(id);
    return (
      (await campaign.store.recountStatus()) ?? { campaign: id, state: "idle", done: 0, total: 0, startedAt: null, finishedAt: null, actor: null }
    );
  }

  /** Waits for the recounts this node runs to end (tests). */
  async settled(): Promise<void> {
    await Promise.all(this.#running.values());
  }

  /** Ends the recounts this node runs after their current batch, as `failed`: staff start them again. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.settled();
  }

  async #campaign(id: string): Promise<RecountCampaign> {
    const campaign = await this.#deps.campaign(id);
    if (!campaign) throw notFound(unknownCampaign(id));
    return campaign;
  }

  async #run(campaign: RecountCampaign, status: RecountStatus): Promise<void> {
    const { store } = campaign;
    const log = this.#deps.logger?.child({ campaign: campaign.id });
    let moved = 0;
    let batch: Post[] = [];
    const flush = async (): Promise<void> => {
      // The definition in force now: an edit during a recount applies to the batches after it.
      const index = campaign.index();
      const reader = createInsightReader(index.campaign);
      moved += await store.reattribute(
        batch.map((post) => {
          const attributed = reattribute(post, index);
          const { country, orgId } = attributed;
          // A post whose text retention dropped keeps the insight it was counted with: its words are gone, its counts stay.
          if (post.text === "") return { key: postKey(post), country, orgId };
          return { key: postKey(post), country, orgId, insight: postInsight(attributed, reader) };
        }),
      );
      status.done += batch.length;
      // Posts that came in since the start may be read too.
      status.total = Math.max(status.total, status.done);
      batch = [];
      await store.saveRecountStatus(status);
      // Lets ingest and ticks run between batches, even on the embedded store.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    try {
      log?.info({ total: status.total }, "recount started");
      for await (const { post } of store.allPosts()) {
        batch.push(post);
        if (batch.length >= this.#batchSize) await flush();
        if (this.#stopping) throw new Error("the node shut down during the recount: start it again");
      }
      if (batch.length > 0) await flush();
      Object.assign(status, { state: "done", total: status.done, finishedAt: new Date(this.#now()).toISOString() });
      await store.saveRecountStatus(status);
      await store.logEdit({ type: "recount", posts: status.done }, status.actor ?? "staff");
      log?.info({ posts: status.done, moved }, "recount done");
    } catch (err) {
      log?.error({ err, done: status.done }, "recount failed");
      Object.assign(status, { state: "failed", finishedAt: new Date(this.#now()).toISOString(), error: err instanceof Error ? err.message : String(err) });
      // A store that is down keeps the running status, which goes stale: a new recount may start then.
      await store.saveRecountStatus(status).catch(() => undefined);
    }
  }
}
