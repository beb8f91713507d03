import type {
  Campaign,
  LeaderboardView,
  Organization,
  OrganizationDetail,
  OrganizationEntry,
  OrganizationHires,
  RoiCountry,
  RoiReport,
} from "@pulse/shared";
import type { Store } from "../store/store.js";
import { CampaignTally, type OrganizationTally } from "./organization-stats.js";
import { notFound } from "./staff-errors.js";

/** Options of the organization service. */
export interface OrganizationServiceOptions {
  campaign: Campaign;
  store: Store;
  /** The store revision this node has reached (the relay's). */
  revision: () => number;
  /** The `byOrganization` counters as clients have them (the relay's snapshot). */
  byOrganization: () => Record<string, number>;
  /** How many posts each list of an organization's page keeps; default 50. */
  listLimit?: number;
  /** A tally younger than this is reused whatever changed since; default 2 s. */
  freshMs?: number;
  /** A tally at the current revision is reused until this age (edits do not move the revision); default 30 s. */
  maxAgeMs?: number;
}

interface Computed {
  rev: number;
  at: number;
  tally: CampaignTally;
}

function ratio(hires: number, offers: number): number | null {
  return offers > 0 ? Math.round((hires / offers) * 1000) / 1000 : null;
}

/**
 * Organizations and ROI for the staff console. The figures come from one pass over every stored post
 * (`CampaignTally`), kept for the store revision it was computed at: repeated requests are cheap, and while posts
 * stream in a new pass runs at most every `freshMs`. Hires are read from the store on every request, so a hire
 * reported on any node shows at once.
 */
export class OrganizationService {
  readonly #options: OrganizationServiceOptions;
  #campaign: Campaign;
  #orgs: Map<string, Organization>;
  #computed: Computed | undefined;
  #computing: Promise<Computed> | undefined;

  constructor(options: OrganizationServiceOptions) {
    this.#options = options;
    this.#campaign = options.campaign;
    this.#orgs = new Map(options.campaign.organizations.map((org) => [org.id, org]));
  }

  /** Takes an edited campaign's organizations; the next figures are tallied by them (the last ones are dropped). */
  setCampaign(campaign: Campaign): void {
    this.#campaign = campaign;
    this.#orgs = new Map(campaign.organizations.map((org) => [org.id, org]));
    this.#computed = undefined;
  }

  /**
   * Sets the hires an organization reports (the body `{ hires }`, parsed), recording the edit (with the value it
   * replaces) in the audit log under `actor`; 404 for an organization not in the campaign.
   */
  async setHires(id: string, hires: number, actor: string): Promise<OrganizationHires> {
    if (!this.#orgs.has(id)) throw notFound(`no organization ${JSON.stringify(id)} in this campaign`);
    await this.#options.store.setHires(id, hires, actor);
    return { id, hires };
  }

  async leaderboard(): Promise<LeaderboardView> {
    const [computed, hires] = await Promise.all([this.tally(), this.#options.store.hires()]);
    return { ...this.#stamp(computed), organizations: this.#entries(computed.tally, hires) };
  }

  async detail(id: string): Promise<OrganizationDetail> {
    if (!this.#orgs.has(id)) throw notFound(`no organization ${JSON.stringify(id)} in this campaign`);
    const [computed, hires] = await Promise.all([this.tally(), this.#options.store.hires()]);
    const tally = computed.tally.organizations.get(id) as OrganizationTally;
    return {
      ...this.#stamp(computed),
      ...this.#entry(tally, hires),
      handles: tally.org.handles,
      lists: computed.tally.lists(tally),
    };
  }

  async roi(): Promise<RoiReport> {
    const [computed, hires] = await Promise.all([this.tally(), this.#options.store.hires()]);
    const entries = this.#entries(computed.tally, hires);
    const countries = new Map<string, RoiCountry>();
    const totals = { offers: 0, engagement: 0, hires: 0, organizations: entries.length };
    for (const e of entries) {
      const c = countries.get(e.country) ?? { country: e.country, organizations: 0, offers: 0, engagement: 0, hires: 0, hiresPerOffer: null };
      c.organizations += 1;
      c.offers += e.offers;
      c.engagement += e.engagement;
      c.hires += e.hires;
      countries.set(e.country, c);
      totals.offers += e.offers;
      totals.engagement += e.engagement;
      totals.hires += e.hires;
    }
    return {
      ...this.#stamp(computed),
      totals: { ...totals, hiresPerOffer: ratio(totals.hires, totals.offers) },
      organizations: entries.map(({ id, name, country, offers, engagement, hires: h }) => ({
        id,
        name,
        country,
        offers,
        engagement,
        hires: h,
        hiresPerOffer: ratio(h, offers),
      })),
      countries: [...countries.values()]
        .map((c) => ({ ...c, hiresPerOffer: ratio(c.hires, c.offers) }))
        .sort((a, b) => a.country.localeCompare(b.country)),
    };
  }

  /** The leaderboard rows with the given hires, in leaderboard order. */
  entries(tally: CampaignTally, hires: Record<string, number>): OrganizationEntry[] {
    return this.#entries(tally, hires);
  }

  /** The tally for the current revision (see the class comment); concurrent callers share one pass. */
  async tally(): Promise<Computed> {
    const { revision, freshMs = 2_000, maxAgeMs = 30_000 } = this.#options;
    const rev = revision();
    const c = this.#computed;
    if (c) {
      const age = Date.now() - c.at;
      if (age < freshMs || (c.rev === rev && age < maxAgeMs)) return c;
    }
    this.#computing ??= this.#compute(rev).finally(() => {
      this.#computing = undefined;
    });
    return this.#computing;
  }

  async #compute(rev: number): Promise<Computed> {
    const campaign = this.#campaign;
    const tally = new CampaignTally(campaign, { listLimit: this.#options.listLimit ?? 50 });
    for await (const item of this.#options.store.allPosts()) tally.add(item);
    const computed = { rev, at: Date.now(), tally };
    // A pass begun before an edit answers its callers but is not kept.
    if (campaign === this.#campaign) this.#computed = computed;
    return computed;
  }

  #stamp(computed: Computed): { rev: number; computedAt: string } {
    return { rev: computed.rev, computedAt: new Date(computed.at).toISOString() };
  }

  #entry(tally: OrganizationTally, hires: Record<string, number>, counters = this.#counters()): OrganizationEntry {
    const { org } = tally;
    return {
      id: org.id,
      name: org.name,
      country: org.country,
      kind: org.kind,
      ...(org.sector ? { sector: org.sector } : {}),
      posts: counters.get(org.id) ?? 0,
      offers: tally.offers,
      mentions: tally.mentions,
      retweetsOfItsPosts: tally.retweetsOfItsPosts,
      engagement: tally.mentions + tally.retweetsOfItsPosts,
      hires: Object.hasOwn(hires, org.id) ? (hires[org.id] ?? 0) : 0,
    };
  }

  #counters(): Map<string, number> {
    return new Map(Object.entries(this.#options.byOrganization()));
  }

  #entries(tally: CampaignTally, hires: Record<string, number>): OrganizationEntry[] {
    const counters = this.#counters();
    return [...tally.organizations.values()]
      .map((t) => this.#entry(t, hires, counters))
      .sort((a, b) => b.engagement - a.engagement || b.posts - a.posts || a.name.localeCompare(b.name));
  }
}
