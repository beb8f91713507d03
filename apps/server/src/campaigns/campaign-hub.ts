import type { Campaign } from "@pulse/shared";
import type { Logger } from "pino";
import { campaignRevision } from "../campaign-revision.js";
import type { CampaignRecord, CampaignRegistry } from "./campaign-registry.js";
import type { CampaignRuntime } from "./campaign-runtime.js";
import type { Store } from "../store/store.js";

/** Options of a campaign hub. */
export interface CampaignHubOptions {
  /** The campaign definitions, already started (see `startRegistry`). */
  registry: CampaignRegistry;
  /** The default campaign's id when the configuration chose it (DEFAULT_CAMPAIGN, CAMPAIGN_FILE); else the registry's. */
  defaultId?: string;
  /** Builds (not starts) the runtime of a campaign. */
  createRuntime(campaign: Campaign): CampaignRuntime;
  /** Called when a campaign is archived, once its relay has sent its last delta: tell its clients, disconnect them. */
  onArchived?(runtime: CampaignRuntime): void;
  /** Called after the hub applied registry events: the campaigns it runs, or their definitions, may have changed. */
  onChange?(): void;
  logger?: Logger;
}

/**
 * The campaigns a node runs: one started runtime for each campaign of the registry that is not archived. It
 * follows the registry's feed, so on every node, as soon as the registry tells it: a new campaign starts, an
 * edited one takes its new definition live (counts kept), and an archived one stops (its store data kept).
 * Registry events are applied one at a time, in the order they come.
 */
export class CampaignHub {
  readonly #options: CampaignHubOptions;
  readonly #runtimes = new Map<string, CampaignRuntime>();
  /** The registry version each running campaign's definition comes from. */
  readonly #versions = new Map<string, number>();
  #defaultId: string;
  readonly #fallback: CampaignRuntime;
  /** The runtimes whose store and relay run: only these are reachable. */
  readonly #started = new Set<CampaignRuntime>();
  /** Campaigns archived while this node ran: relay stopped, store open. */
  readonly #parked = new Map<string, CampaignRuntime>();
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #closed = false;
  /** Past the start-up listing. */
  #ready = false;

  /**
   * `seed` is the campaign the node runs as its default (see `startRegistry`): its runtime is built at once, so
   * the node's default campaign exists before `start`.
   */
  constructor(
    options: CampaignHubOptions,
    seed: Campaign,
  ) {
    this.#options = options;
    this.#fallback = options.createRuntime(seed);
    this.#runtimes.set(seed.id, this.#fallback);
    this.#defaultId = seed.id;
  }

  /**
   * Subscribes to the registry's feed (the registry is started already), then starts a runtime for every
   * campaign not archived.
   */
  async start(): Promise<void> {
    const { registry } = this.#options;
    // Subscribed before listing, so no write falls between the two; events wait in the queue behind the listing.
    this.#unsubscribe = await registry.subscribe({
      // A failure is logged by the queue.
      onCampaign: (record) => void this.#enqueue(() => this.#apply(record)).catch(() => undefined),
      onGap: () => void this.#enqueue(() => this.#reconcile()).catch(() => undefined),
    });
    await this.#enqueue(async () => {
      this.#defaultId = this.#options.defaultId ?? (await registry.defaultId());
      await this.#reconcile();
    });
    this.#ready = true;
  }

  /** The running campaign with this id; undefined for an unknown or archived one. */
  get(id: string): CampaignRuntime | undefined {
    const runtime = this.#runtimes.get(id);
    return runtime && this.#started.has(runtime) ? runtime : undefined;
  }

  /** The default campaign: the one v1 paths and clients that name no campaign get. */
  default(): CampaignRuntime {
    // The registry keeps its default campaign; before `start`, the configured one stands in.
    return this.#runtimes.get(this.#defaultId) ?? this.#fallback;
  }

  /** Every running campaign. */
  all(): CampaignRuntime[] {
    return [...this.#runtimes.values()].filter((runtime) => this.#started.has(runtime));
  }

  /**
   * Applies a record this node has just written or read, without waiting for the registry's feed (which brings it
   * again, then skipped by its version): so the request that edited a campaign, or that recounts it, finds the
   * definition it saw in force here.
   */
  apply(record: CampaignRecord): Promise<void> {
    return this.#enqueue(() => this.#apply(record));
  }

  /**
   * The store of a campaign once `record` is applied here (see {@link apply}): a running campaign's, or an
   * archived one's kept open; for a campaign archived before this node ran it, its store is opened and kept with
   * the archived ones. Undefined once the hub is stopped. Where the campaign service writes its audit entries.
   */
  async storeOf(record: CampaignRecord): Promise<Store | undefined> {
    const { id } = record.campaign;
    let store: Store | undefined;
    await this.#enqueue(async () => {
      await this.#apply(record);
      const open = this.get(id) ?? this.#parked.get(id);
      if (open || this.#closed || !record.archived) {
        store = open?.store;
        return;
      }
      const runtime = this.#options.createRuntime(record.campaign);
      await runtime.store.start();
      this.#parked.set(id, runtime);
      store = runtime.store;
    });
    return store;
  }

  /** Waits for the registry events received so far to be applied (tests, shutdown). */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** Stops following the registry and every relay (each sends its last delta); stores stay open until `close`. */
  async stop(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    await this.#queue;
    for (const runtime of this.#started) runtime.stop();
  }

  /** Closes the store of every campaign started, archived ones included. Call after `stop`. */
  async close(): Promise<void> {
    await Promise.all([...this.#started, ...this.#parked.values()].map((runtime) => runtime.close()));
    this.#started.clear();
    this.#parked.clear();
  }

  /** Runs `work` after the work queued before it; the promise returned rejects if it fails, the queue goes on. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work).then(() => this.#options.onChange?.());
    this.#queue = run.catch((err: unknown) => {
      this.#options.logger?.error({ err }, "campaign hub: could not apply a registry change");
    });
    return run;
  }

  /** Applies every record the registry holds (at start, and after its feed may have missed changes). */
  async #reconcile(): Promise<void> {
    for (const record of await this.#options.registry.list()) await this.#apply(record);
  }

  async #apply(record: CampaignRecord): Promise<void> {
    if (this.#closed) return;
    const { id } = record.campaign;
    const applied = this.#versions.get(id);
    if (applied !== undefined && record.version <= applied) return;
    this.#versions.set(id, record.version);
    const runtime = this.#runtimes.get(id);
    if (record.archived) {
      if (!runtime) return;
      this.#runtimes.delete(id);
      if (!this.#started.delete(runtime)) return;
      runtime.stop();
      this.#options.onArchived?.(runtime);
      // Parked with its store open, so that even an embedded store without DATA_DIR keeps its data until unarchived.
      this.#parked.set(id, runtime);
      this.#options.logger?.info({ campaign: id }, "campaign archived: stopped, its data kept");
      return;
    }
    const parked = this.#parked.get(id);
    if (parked) {
      this.#parked.delete(id);
      if (campaignRevision(parked.campaign()) !== campaignRevision(record.campaign)) parked.setCampaign(record.campaign);
      await parked.resume();
      this.#runtimes.set(id, parked);
      this.#started.add(parked);
      this.#options.logger?.info({ campaign: id }, "campaign unarchived: running again");
      return;
    }
    if (runtime && this.#started.has(runtime)) {
      if (campaignRevision(runtime.campaign()) === campaignRevision(record.campaign)) return;
      runtime.setCampaign(record.campaign);
      this.#options.logger?.info({ campaign: id, version: record.version }, "campaign edited: definition swapped live");
      return;
    }
    const next = runtime ?? this.#options.createRuntime(record.campaign);
    // The configured campaign's runtime was built before the registry was read, which may hold an edit of it.
    if (campaignRevision(next.campaign()) !== campaignRevision(record.campaign)) next.setCampaign(record.campaign);
    this.#runtimes.set(id, next);
    try {
      await next.start();
    } catch (err) {
      // Not applied: the next edit or feed gap tries again.
      this.#versions.delete(id);
      throw err;
    }
    // Reachable only once started, so no post or client goes to a campaign whose store is not connected.
    this.#started.add(next);
    // At start-up the node's start-up line says what runs; afterwards a new campaign is news.
    if (this.#ready) this.#options.logger?.info({ campaign: id }, "campaign started");
    else this.#options.logger?.debug({ campaign: id }, "campaign started");
  }
}
