import { isDeepStrictEqual } from "node:util";
import {
  CampaignError,
  campaignStatus,
  parseCampaign,
  type Campaign,
  type CampaignSummary,
  type SettingsEdit,
  type StaffCampaignEntry,
} from "@pulse/shared";
import type { Logger } from "pino";
import type { Store } from "../store/store.js";
import { conflict, notFound, StaffRequestError } from "../staff/staff-errors.js";
import { CampaignRegistryError, type CampaignRecord, type CampaignRegistry } from "./campaign-registry.js";

/** The `error` of a 404 for a campaign id that no running campaign has. */
export function unknownCampaign(id: string): string {
  return `unknown campaign ${JSON.stringify(id)}: no campaign has this id, or it is archived`;
}

/** What the campaign service needs. */
export interface CampaignServiceDeps {
  registry: CampaignRegistry;
  /** The clock campaign statuses are read at (epoch ms); default the real one. */
  now?: () => number;
  /** The default campaign the configuration names (DEFAULT_CAMPAIGN, CAMPAIGN_FILE), over the registry's. */
  defaultId?: string;
  /**
   * The store of a campaign, once this node has applied `record` (`CampaignHub.storeOf`): where each change is
   * logged. Without it, changes are not logged (tests of the service alone).
   */
  storeOf?: (record: CampaignRecord) => Promise<Store | undefined>;
  logger?: Logger;
}

/**
 * The campaign API between the routes and the registry: validates bodies (a 400 naming every bad field), maps the
 * registry's refusals to 404 and 409, and keeps archived campaigns off the public side.
 */
export class CampaignService {
  readonly #registry: CampaignRegistry;
  readonly #now: () => number;
  readonly #configuredDefault: string | undefined;
  readonly #storeOf: CampaignServiceDeps["storeOf"];
  readonly #logger: Logger | undefined;

  constructor(deps: CampaignServiceDeps) {
    this.#registry = deps.registry;
    this.#now = deps.now ?? Date.now;
    this.#configuredDefault = deps.defaultId;
    this.#storeOf = deps.storeOf;
    this.#logger = deps.logger;
  }

  /** `GET /api/campaigns`: every campaign but the archived ones, oldest first. */
  async summaries(): Promise<CampaignSummary[]> {
    const [records, defaultId] = await Promise.all([this.#registry.list(), this.#defaultId()]);
    const now = this.#now();
    return records
      .filter((r) => !r.archived)
      .map(({ campaign: { id, name, start, end, timezone } }) => ({
        id,
        name,
        start,
        end,
        timezone,
        status: campaignStatus({ start, end }, now),
        default: id === defaultId,
      }));
  }

  /** A campaign the public may see; a 404 for an unknown or archived id. */
  async published(id: string): Promise<Campaign> {
    const record = await this.#registry.get(id);
    if (!isPublic(record)) throw notFound(`no campaign ${JSON.stringify(id)}`);
    return record.campaign;
  }

  /** Whether the public may see campaign `id` (its pages, its reads): it exists and is not archived. */
  async isPublished(id: string): Promise<boolean> {
    return isPublic(await this.#registry.get(id));
  }

  /** `GET /api/staff/campaigns`: every campaign, archived ones included. */
  async entries(): Promise<StaffCampaignEntry[]> {
    const [records, defaultId] = await Promise.all([this.#registry.list(), this.#defaultId()]);
    return records.map((record) => this.#entry(record, defaultId));
  }

  /**
   * Stores a new campaign from a request body; 400 with every issue, 409 for a taken id. Logs `created` (every
   * field) in the new campaign's audit log under `actor`.
   */
  async create(body: unknown, actor: string): Promise<Campaign> {
    const campaign = validated(body);
    const record = await refusals(this.#registry.create(campaign));
    await this.#log(record, { type: "editCampaign", change: "created", fields: Object.keys(campaign) }, actor);
    return record.campaign;
  }

  /**
   * Replaces campaign `id` with the body, which must carry the same id; 400, 404. Logs `edited` with the top-level
   * fields that changed, when some did.
   */
  async update(id: string, body: unknown, actor: string): Promise<Campaign> {
    const campaign = validated(body);
    if (campaign.id !== id) {
      const message = `expected the id of the path, ${JSON.stringify(id)}, received ${JSON.stringify(campaign.id)} (an id cannot be changed)`;
      throw new StaffRequestError(400, `invalid campaign: id: ${message}`, [{ path: "id", message }]);
    }
    const before = await this.#registry.get(id);
    const record = await refusals(this.#registry.update(campaign));
    const fields = changedFields(before?.campaign, record.campaign);
    if (fields.length > 0) await this.#log(record, { type: "editCampaign", change: "edited", fields }, actor);
    return record.campaign;
  }

  /**
   * Archives or unarchives campaign `id`; 404 for an unknown id, 409 to archive the default campaign. Logs
   * `archived` or `unarchived` when the state changed.
   */
  async setArchived(id: string, archived: boolean, actor: string): Promise<StaffCampaignEntry> {
    const defaultId = await this.#defaultId();
    if (archived && id === defaultId) {
      throw conflict(`campaign ${JSON.stringify(id)} is the default campaign, which cannot be archived (the v1 paths show it)`);
    }
    const before = await this.#registry.get(id);
    const record = await refusals(this.#registry.setArchived(id, archived));
    if (before?.archived !== record.archived) {
      await this.#log(record, { type: "editCampaign", change: archived ? "archived" : "unarchived", fields: [] }, actor);
    }
    return this.#entry(record, defaultId);
  }

  /**
   * Logs a change in the campaign's audit log, once, on the node that made it. The change is saved already: a
   * store that cannot take the entry is logged, and the request still succeeds (a retry would be refused or redo it).
   */
  async #log(record: CampaignRecord, edit: SettingsEdit, actor: string): Promise<void> {
    if (!this.#storeOf) return;
    const id = record.campaign.id;
    try {
      const store = await this.#storeOf(record);
      if (!store) throw new Error("its store is not open on this node");
      await store.logEdit(edit, actor);
    } catch (err) {
      this.#logger?.error({ err, campaign: id, edit }, "campaign saved, but its audit entry could not be written");
    }
  }

  #defaultId(): Promise<string> {
    return this.#configuredDefault === undefined ? this.#registry.defaultId() : Promise.resolve(this.#configuredDefault);
  }

  #entry(record: CampaignRecord, defaultId: string): StaffCampaignEntry {
    const { campaign, archived, version, createdAt, updatedAt } = record;
    return { campaign, status: campaignStatus(campaign, this.#now()), default: campaign.id === defaultId, archived, version, createdAt, updatedAt };
  }
}

/** The top-level fields of a campaign that differ between two definitions, in the order of `after`, then removed ones. */
export function changedFields(before: Campaign | undefined, after: Campaign): string[] {
  if (!before) return Object.keys(after);
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((key) => !isDeepStrictEqual(before[key as keyof Campaign], after[key as keyof Campaign]));
}

/** A stored campaign the public may see: not archived. */
function isPublic(record: CampaignRecord | undefined): record is CampaignRecord {
  return record !== undefined && !record.archived;
}

/** The campaign of a body, or a 400 that names every bad field. */
function validated(body: unknown): Campaign {
  try {
    return parseCampaign(body);
  } catch (err) {
    if (err instanceof CampaignError) throw new StaffRequestError(400, err.message, err.issues);
    throw err;
  }
}

/** A registry write, its refusals as 404 and 409. */
async function refusals(write: Promise<CampaignRecord>): Promise<CampaignRecord> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof CampaignRegistryError) throw err.reason === "conflict" ? conflict(err.message) : notFound(err.message);
    throw err;
  }
}
