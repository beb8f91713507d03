import { CampaignError, campaignStatus, parseCampaign, type Campaign, type CampaignSummary, type StaffCampaignEntry } from "@pulse/shared";
import { conflict, notFound, StaffRequestError } from "../staff/staff-errors.js";
import { CampaignRegistryError, type CampaignRecord, type CampaignRegistry } from "./campaign-registry.js";

/** What the campaign service needs. */
export interface CampaignServiceDeps {
  registry: CampaignRegistry;
  /** The clock campaign statuses are read at (epoch ms); default the real one. */
  now?: () => number;
  /** The default campaign the configuration names (DEFAULT_CAMPAIGN, CAMPAIGN_FILE), over the registry's. */
  defaultId?: string;
}

/**
 * The campaign API between the routes and the registry: validates bodies (a 400 naming every bad field), maps the
 * registry's refusals to 404 and 409, and keeps archived campaigns off the public side.
 */
export class CampaignService {
  readonly #registry: CampaignRegistry;
  readonly #now: () => number;
  readonly #configuredDefault: string | undefined;

  constructor(deps: CampaignServiceDeps) {
    this.#registry = deps.registry;
    this.#now = deps.now ?? Date.now;
    this.#configuredDefault = deps.defaultId;
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

  /** Stores a new campaign from a request body; 400 with every issue, 409 for a taken id. */
  async create(body: unknown): Promise<Campaign> {
    const campaign = validated(body);
    return (await refusals(this.#registry.create(campaign))).campaign;
  }

  /** Replaces campaign `id` with the body, which must carry the same id; 400, 404. */
  async update(id: string, body: unknown): Promise<Campaign> {
    const campaign = validated(body);
    if (campaign.id !== id) {
      const message = `expected the id of the path, ${JSON.stringify(id)}, received ${JSON.stringify(campaign.id)} (an id cannot be changed)`;
      throw new StaffRequestError(400, `invalid campaign: id: ${message}`, [{ path: "id", message }]);
    }
    return (await refusals(this.#registry.update(campaign))).campaign;
  }

  /** Archives or unarchives campaign `id`; 404 for an unknown id, 409 to archive the default campaign. */
  async setArchived(id: string, archived: boolean): Promise<StaffCampaignEntry> {
    const defaultId = await this.#defaultId();
    if (archived && id === defaultId) {
      throw conflict(`campaign ${JSON.stringify(id)} is the default campaign, which cannot be archived (the v1 paths show it)`);
    }
    return this.#entry(await refusals(this.#registry.setArchived(id, archived)), defaultId);
  }

  #defaultId(): Promise<string> {
    return this.#configuredDefault === undefined ? this.#registry.defaultId() : Promise.resolve(this.#configuredDefault);
  }

  #entry(record: CampaignRecord, defaultId: string): StaffCampaignEntry {
    const { campaign, archived, version, createdAt, updatedAt } = record;
    return { campaign, status: campaignStatus(campaign, this.#now()), default: campaign.id === defaultId, archived, version, createdAt, updatedAt };
  }
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
