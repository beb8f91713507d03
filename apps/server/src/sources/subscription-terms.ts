/**
 * What the connectors subscribe to: the hashtags and organization handles of every campaign the router receives
 * posts for (issue 15). The connectors learn them here, and hear when they change, so that a campaign created,
 * edited or archived on any node changes the X rules, the Mastodon tag streams and the Bluesky filter without a
 * restart.
 */
import { normalizeHandle, normalizeTag, type Campaign, type Network } from "@pulse/shared";
import type { SourceLogger } from "./source.js";

/** What one campaign asks the connectors for. */
export interface CampaignTerms {
  /** The campaign's id: X rules are tagged with it. */
  campaign: string;
  /** Its hashtags as they are compared (`normalizeTag`), once each, sorted. */
  hashtags: string[];
  /** Its organizations' handles per network as they are compared (`normalizeHandle`), once each, sorted. */
  handles: Partial<Record<Network, string[]>>;
}

/** Where a connector learns what to subscribe to. */
export interface SubscriptionTerms {
  /** What each campaign wants, sorted by campaign id. */
  current(): readonly CampaignTerms[];
  /**
   * Calls `listener` after `current()` changed; a burst of edits makes one call. Answers the function that
   * unsubscribes.
   */
  subscribe(listener: () => void): () => void;
}

/** A campaign's terms. */
export function campaignTerms(campaign: Pick<Campaign, "id" | "hashtags" | "organizations">): CampaignTerms {
  const handles: Partial<Record<Network, Set<string>>> = {};
  for (const org of campaign.organizations) {
    for (const [network, handle] of Object.entries(org.handles) as [Network, string | undefined][]) {
      const normalized = handle === undefined ? "" : normalizeHandle(handle);
      if (normalized.length > 0) (handles[network] ??= new Set()).add(normalized);
    }
  }
  return {
    campaign: campaign.id,
    hashtags: sortedUnique(campaign.hashtags.map((h) => normalizeTag(h.tag))),
    // Networks in a fixed order, so that the same campaign always gives the same terms.
    handles: Object.fromEntries(
      Object.entries(handles)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([network, set]) => [network, sortedUnique(set)]),
    ),
  };
}

/** Every campaign's hashtags together, once each, sorted: what a network that filters by hashtag only needs. */
export function allHashtags(terms: readonly CampaignTerms[]): string[] {
  return sortedUnique(terms.flatMap((t) => t.hashtags));
}

/** Terms that never change: for a source built by hand (tools, tests) for a fixed set of campaigns. */
export function fixedTerms(...campaigns: Pick<Campaign, "id" | "hashtags" | "organizations">[]): SubscriptionTerms {
  const terms = byCampaign(campaigns.map(campaignTerms));
  return { current: () => terms, subscribe: () => () => undefined };
}

/** Options of `LiveSubscriptionTerms`. */
export interface LiveSubscriptionTermsOptions {
  /** The campaigns the router receives posts for now (see `CampaignRouter.receiving`). */
  campaigns: () => readonly Campaign[];
  /** Quiet time after a change before the terms are read again, so a burst of edits gives one update. Default 1 s. */
  debounceMs?: number;
  /** A change is published at the latest this long after the first of a burst, even if edits keep coming. Default 10 s. */
  maxWaitMs?: number;
  /**
   * How often the terms are read again without being told: a campaign becomes live or ends by the clock, not by
   * an edit. Default 5 s.
   */
  recheckMs?: number;
  logger?: Pick<SourceLogger, "info">;
}

/**
 * The terms of the campaigns a node receives posts for, kept in step with them: `changed()` (the campaign hub
 * calls it after it applied an edit) and a periodic recheck read them again, once the edits have settled for
 * `debounceMs`, and listeners hear of it only when the terms differ. Every node computes the same terms from the
 * same registry, so their connectors want the same subscriptions.
 */
export class LiveSubscriptionTerms implements SubscriptionTerms {
  readonly #options: LiveSubscriptionTermsOptions;
  readonly #listeners = new Set<() => void>();
  #terms: readonly CampaignTerms[] = [];
  #signature = "[]";
  #debounce: NodeJS.Timeout | undefined;
  #firstPendingAt: number | undefined;
  #recheck: NodeJS.Timeout | undefined;
  #started = false;

  constructor(options: LiveSubscriptionTermsOptions) {
    this.#options = options;
  }

  current(): readonly CampaignTerms[] {
    return this.#terms;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Reads the terms now, and from then on after each change and every `recheckMs`. Call before the sources start. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#read(false);
    this.#recheck = setInterval(() => this.changed(), this.#options.recheckMs ?? 5_000);
    this.#recheck.unref();
  }

  /** The campaigns may have changed: read them again once changes have settled. */
  changed(): void {
    if (!this.#started) return;
    const now = Date.now();
    this.#firstPendingAt ??= now;
    const debounceMs = this.#options.debounceMs ?? 1_000;
    const wait = Math.min(debounceMs, Math.max(0, this.#firstPendingAt + (this.#options.maxWaitMs ?? 10_000) - now));
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => this.#read(true), wait);
    this.#debounce.unref();
  }

  stop(): void {
    this.#started = false;
    clearTimeout(this.#debounce);
    clearInterval(this.#recheck);
    this.#listeners.clear();
  }

  #read(notify: boolean): void {
    this.#firstPendingAt = undefined;
    this.#debounce = undefined;
    const terms = byCampaign(this.#options.campaigns().map(campaignTerms));
    const signature = JSON.stringify(terms);
    if (signature === this.#signature) return;
    this.#terms = terms;
    this.#signature = signature;
    // The first read is what the node starts with: its start-up line says what runs.
    if (!notify) return;
    this.#options.logger?.info({ campaigns: terms.map((t) => t.campaign), hashtags: allHashtags(terms) }, "sources: subscription terms changed");
    for (const listener of this.#listeners) listener();
  }
}

function byCampaign(terms: CampaignTerms[]): CampaignTerms[] {
  return terms.sort((a, b) => (a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v.length > 0).sort();
}
