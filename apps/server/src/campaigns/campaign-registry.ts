import type { Logger } from "pino";
import type { Campaign, CampaignRecord } from "@pulse/shared";

// A stored campaign definition is declared in the shared package, beside the staff listing built from it.
export { CampaignRecordSchema, type CampaignRecord } from "@pulse/shared";

/** Why a registry write was refused; the staff API maps `conflict` to 409 and `not_found` to 404. */
export class CampaignRegistryError extends Error {
  override name = "CampaignRegistryError";
  constructor(
    readonly reason: "conflict" | "not_found",
    message: string,
  ) {
    super(message);
  }

  /** The refusal of a taken id. */
  static conflict(id: string): CampaignRegistryError {
    return new CampaignRegistryError("conflict", `a campaign with id ${id} already exists`);
  }

  /** The refusal of an unknown id. */
  static notFound(id: string): CampaignRegistryError {
    return new CampaignRegistryError("not_found", `no campaign has id ${id}`);
  }
}

/** What a registry tells its subscribers: one campaign was created, edited, archived or unarchived. */
export interface CampaignRegistryListener {
  onCampaign(record: CampaignRecord): void;
  /** The feed may have missed changes (pub/sub reconnected): list again. */
  onGap?(): void;
}

/**
 * The campaign definitions every node shares (issue 15). Implementations: in memory (persisted in DATA_DIR) for
 * the embedded store, and in Redis for many nodes; both are held to one contract suite. Definitions only: each
 * campaign's counters, moderation and audit log live in its own `Store`, keyed by the campaign id.
 */
export interface CampaignRegistry {
  /** Connects and, on the first start of an empty registry, imports `seed` (the built-in or CAMPAIGN_FILE campaign). */
  start(seed: Campaign): Promise<void>;
  /** Every record, archived ones included, oldest first. */
  list(): Promise<CampaignRecord[]>;
  /** One record, or undefined when no campaign has that id. */
  get(id: string): Promise<CampaignRecord | undefined>;
  /** Stores a new campaign (already validated); `conflict` when the id is taken. Atomic: nothing half-saved. */
  create(campaign: Campaign): Promise<CampaignRecord>;
  /** Replaces a campaign's definition (already validated, same id); `not_found` for an unknown id. */
  update(campaign: Campaign): Promise<CampaignRecord>;
  /** Archives or unarchives; `not_found` for an unknown id. Setting the state it already has changes nothing. */
  setArchived(id: string, archived: boolean): Promise<CampaignRecord>;
  /** The default campaign's id: the one v1 paths and clients without a campaign see. */
  defaultId(): Promise<string>;
  /** Subscribes to every write on every node; resolves to the function that unsubscribes. */
  subscribe(listener: CampaignRegistryListener): Promise<() => void>;
  close(): Promise<void>;
}

/** A registry's subscribers: each hears every write; one that throws is logged and keeps no other from hearing. */
export class RegistryListeners {
  readonly #listeners = new Set<CampaignRegistryListener>();
  constructor(private readonly log: Logger | undefined) {}

  /** Adds a listener; answers the function that removes it. */
  add(listener: CampaignRegistryListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  tell(record: CampaignRecord): void {
    for (const listener of this.#listeners) {
      try {
        listener.onCampaign(record);
      } catch (err) {
        this.log?.error({ err }, "campaign registry: a listener threw");
      }
    }
  }

  /** Tells every listener it may have missed writes. */
  gap(): void {
    for (const listener of this.#listeners) listener.onGap?.();
  }

  clear(): void {
    this.#listeners.clear();
  }
}
