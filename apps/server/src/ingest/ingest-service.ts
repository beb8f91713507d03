import {
  attribute,
  createInsightReader,
  postInsight,
  postKey,
  type InsightReader,
  type ApplyOutcome,
  hasCampaignHashtag,
  normalizeItems,
  type CampaignIndex,
  type IngestRejection,
  type IngestResult,
  type NormalizeResult,
  type Post,
} from "@pulse/shared";
import type { Logger } from "pino";
import type { Store, StoreOp } from "../store/store.js";
import type { IngestOptions, IngestSink } from "../sources/source.js";
import type { ParsedBody } from "./parse-body.js";
import type { Metrics } from "../metrics.js";

/** One normalized result and the index of the body item it came from. */
export interface NormalizedItem {
  index: number;
  normalized: NormalizeResult;
}

/** Decides which posts arrive hidden: the keyword blocklist (`BlocklistService`). */
export interface IngestScreen {
  matcher(): Promise<{ match(text: string): string | undefined }>;
}

/** Who the audit log names for a post the blocklist hid after an edit. */
export const BLOCKLIST_ACTOR = "blocklist";

/** How one HTTP ingest call is treated: as a source's, plus the request's id for its summary line. */
export interface IngestRequestOptions extends IngestOptions {
  /** The HTTP request's id (pino-http's `req.id`, echoed as `X-Request-Id`). */
  reqId?: string;
}

/** Options of the ingest service. */
export interface IngestServiceOptions {
  store: Store;
  index: CampaignIndex;
  metrics?: Metrics;
  /** The campaign whose store this is, as the metrics label it. */
  campaignId?: string;
  logger?: Logger;
  /** The keyword blocklist; without it nothing is hidden at ingest. */
  screen?: IngestScreen;
  /**
   * True for a post that must wait whole in the approval queue whatever the mode: its pictures need approval (the
   * campaign's `mediaApproval` is `posts`). Read for each post, so a campaign edit applies to the next one.
   */
  holds?: (post: Post) => boolean;
}

/**
 * The ingest pipeline every source shares: normalize → validate → attribute → screen → one store batch (which
 * dedupes, counts and publishes). A store failure rejects the whole call and nothing is counted, so a retry is safe.
 *
 * Screening: a post whose text the keyword blocklist matches is counted as usual but arrives hidden, so no screen
 * ever shows it. An edit that newly matches hides the post it replaces, through a moderation action the audit log
 * names `blocklist`.
 */
export class IngestService implements IngestSink {
  #index: CampaignIndex;
  /** Reads each post's insight: the campaign's own hashtags left out, its organizations known. */
  #insights: InsightReader;

  constructor(private readonly options: IngestServiceOptions) {
    this.#index = options.index;
    this.#insights = createInsightReader(options.index.campaign);
  }

  /**
   * Attributes the posts that come next by an edited campaign's index, and reads their insights by it; what is
   * stored keeps its attribution and what it added to the insights.
   */
  setIndex(index: CampaignIndex): void {
    this.#index = index;
    this.#insights = createInsightReader(index.campaign);
  }

  /** Ingests items handed over by a source. */
  ingest(items: unknown[], source: string, options: IngestOptions = {}): Promise<IngestResult> {
    return this.ingestParsed({ items: items.map((value, index) => ({ value, index })), rejected: [] }, source, options);
  }

  /** Ingests a parsed HTTP body, keeping its parse rejections in the result. */
  ingestParsed(body: ParsedBody, source: string, options: IngestRequestOptions = {}): Promise<IngestResult> {
    const items = body.items.flatMap(({ index, value }) => normalizeItems(value).map((normalized) => ({ index, normalized })));
    return this.ingestNormalized(items, body.rejected, source, options);
  }

  /**
   * Ingests items already normalized (each with the index of the item it came from), keeping `rejected` in the
   * result: what the campaign router hands each campaign after normalizing a batch once for all of them.
   */
  async ingestNormalized(
    items: readonly NormalizedItem[],
    rejected: readonly IngestRejection[],
    source: string,
    options: IngestRequestOptions = {},
  ): Promise<IngestResult> {
    const result: IngestResult = { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: [...rejected] };
    const ops: StoreOp[] = [];
    for (const { index, normalized } of items) this.route(normalized, index, ops, result, options);
    if (ops.length > 0) {
      await this.screen(ops);
      const outcomes = await this.options.store.apply(ops);
      await this.hideEdits(ops, outcomes);
      for (const outcome of outcomes) {
        if (outcome === "accepted" || outcome === "updated") result.accepted += 1;
        else if (outcome === "duplicate") result.duplicates += 1;
        else if (outcome === "deleted") result.deleted += 1;
        else result.ignored += 1;
      }
    }
    result.rejected.sort((a: IngestRejection, b: IngestRejection) => a.index - b.index);
    this.options.metrics?.countIngest(source, result, this.options.campaignId);
    // Counts only, never post text. One line per HTTP request at info, with its id; a source calls many times a
    // second, so its lines are debug.
    const summary = { source, accepted: result.accepted, duplicates: result.duplicates, deleted: result.deleted, ignored: result.ignored, rejected: result.rejected.length };
    if (options.reqId !== undefined) this.options.logger?.info({ reqId: options.reqId, ...summary }, "ingested");
    else this.options.logger?.debug(summary, "ingested");
    return result;
  }

  /** Marks the posts the blocklist matches to arrive hidden. */
  private async screen(ops: StoreOp[]): Promise<void> {
    if (!this.options.screen) return;
    const matcher = await this.options.screen.matcher();
    for (const op of ops) {
      if (op.type !== "post") continue;
      const matched = matcher.match(op.post.text);
      if (matched === undefined) continue;
      op.hidden = true;
      this.options.logger?.debug({ key: postKey(op.post), matched }, "blocklist hides a post");
    }
  }

  /** An edit the blocklist matches hides the post already stored (a new post arrived hidden already). */
  private async hideEdits(ops: StoreOp[], outcomes: ApplyOutcome[]): Promise<void> {
    for (const [i, op] of ops.entries()) {
      if (op.type !== "post" || !op.hidden || outcomes[i] !== "updated") continue;
      const key = postKey(op.post);
      try {
        await this.options.store.moderate({ type: "hide", key }, BLOCKLIST_ACTOR);
      } catch (err) {
        // The batch is applied and must not be reported as failed (a retry would be all duplicates).
        this.options.logger?.warn({ err, key }, "could not hide an edited post the blocklist matches");
      }
    }
  }

  /** Turns one normalized result into a store op or a tally. */
  private route(normalized: NormalizeResult, index: number, ops: StoreOp[], result: IngestResult, options: IngestOptions): void {
    switch (normalized.type) {
      case "post": {
        if (options.campaignOnly && !hasCampaignHashtag(normalized.post, this.#index)) {
          result.ignored += 1;
          break;
        }
        const post = attribute(normalized.post, this.#index);
        ops.push({ type: "post", post, insight: postInsight(post, this.#insights), ...(this.options.holds?.(post) ? { held: true } : {}) });
        break;
      }
      case "delete":
        ops.push({ type: "delete", key: normalized.key });
        break;
      case "ignored":
        result.ignored += 1;
        break;
      case "rejected":
        result.rejected.push({ index, error: normalized.error });
        break;
    }
  }
}

/** True when nothing in a result was usable: every item rejected, or no item at all. */
export function nothingUsable(result: IngestResult): boolean {
  return result.accepted + result.duplicates + result.deleted + result.ignored === 0;
}
