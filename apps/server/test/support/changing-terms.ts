import type { Campaign } from "@pulse/shared";
import { campaignTerms, type CampaignTerms, type SubscriptionTerms } from "../../src/sources/subscription-terms.js";

/**
 * Subscription terms a test changes by hand, telling the sources at once (the debounce is `LiveSubscriptionTerms`'s,
 * tested on its own).
 */
export class ChangingTerms implements SubscriptionTerms {
  #terms: CampaignTerms[];
  readonly #listeners = new Set<() => void>();

  constructor(...campaigns: Campaign[]) {
    this.#terms = campaigns.map(campaignTerms);
  }

  current(): readonly CampaignTerms[] {
    return this.#terms;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The campaigns now wanted; every source is told. */
  set(...campaigns: Campaign[]): void {
    this.#terms = campaigns.map(campaignTerms);
    for (const listener of this.#listeners) listener();
  }
}
