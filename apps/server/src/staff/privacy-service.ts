import { createHash } from "node:crypto";
import { normalizeHandle, type ErasureRequest, type ErasureResult } from "@pulse/shared";
import type { Logger } from "pino";
import type { ErasureTarget, Store } from "../store/store.js";

/** A campaign as an erasure needs it: its id and its store (archived campaigns included). */
export interface PrivacyCampaign {
  id: string;
  store: Pick<Store, "eraseAuthor">;
}

/** What the privacy service needs. */
export interface PrivacyServiceDeps {
  /** Every campaign the store holds, archived ones included, with its store. */
  campaigns(): Promise<PrivacyCampaign[]>;
  /** Where the act is logged when no campaign held anything of the author: the default campaign's store. */
  defaultStore(): Pick<Store, "logEdit">;
  logger?: Logger;
}

/**
 * The non-identifying reference the audit log keeps of an erased author: `sha256:` and the first 16 hex digits of
 * the SHA-256 of `network:authorId` (or `network:@handle`, lower case). It names no one by itself; staff who are
 * asked again about the same person can compute it and find the act.
 */
export function erasureRef(target: ErasureTarget): string {
  const who = target.authorId !== undefined ? `${target.network}:${target.authorId}` : `${target.network}:@${normalizeHandle(target.handle)}`;
  return `sha256:${createHash("sha256").update(who).digest("hex").slice(0, 16)}`;
}

/**
 * Erasure (`POST /api/staff/privacy/erase`, docs/privacy.md): erases an author from every campaign, one store after
 * the other. Each store deletes the author's posts through its delete path (counters, insights, live screens and
 * exports follow) and removes what still names them; its audit log records the act with {@link erasureRef} and the
 * count, never the content. When no campaign held anything of theirs, the default campaign's log records the act
 * with 0 posts. Erasure is of the data held now: a later post of theirs is counted as any other (docs/privacy.md
 * says why, and how to keep them off screens).
 */
export class PrivacyService {
  readonly #deps: PrivacyServiceDeps;

  constructor(deps: PrivacyServiceDeps) {
    this.#deps = deps;
  }

  async erase(request: ErasureRequest, actor: string): Promise<ErasureResult> {
    const target: ErasureTarget =
      request.authorId !== undefined ? { network: request.network, authorId: request.authorId } : { network: request.network, handle: request.handle ?? "" };
    const ref = erasureRef(target);
    const campaigns: ErasureResult["campaigns"] = [];
    for (const { id, store } of await this.#deps.campaigns()) {
      const posts = await store.eraseAuthor(target, actor, ref);
      if (posts > 0) campaigns.push({ campaign: id, posts });
    }
    const erased = campaigns.reduce((sum, c) => sum + c.posts, 0);
    if (erased === 0) await this.#deps.defaultStore().logEdit({ type: "eraseAuthor", network: target.network, ref, posts: 0 }, actor);
    // The ref, never the id or handle: the server's log must not keep what was erased either.
    this.#deps.logger?.info({ network: target.network, ref, erased, campaigns: campaigns.length }, "author erased");
    return { network: request.network, ref, erased, campaigns };
  }
}
