import { campaignStatus, normalizeItems, routePost, type CampaignIndex, type IngestResult } from "@pulse/shared";
import type { IngestSink, IngestOptions } from "../sources/source.js";
import type { NormalizedItem } from "../ingest/ingest-service.js";
import type { Metrics } from "../metrics.js";
import type { CampaignRuntime } from "./campaign-runtime.js";

/** The campaigns a router can send to: a `CampaignHub`, as far as the router uses it. */
export interface RouterCampaigns {
  all(): CampaignRuntime[];
  default(): CampaignRuntime;
}

/** Options of a campaign router. */
export interface CampaignRouterOptions {
  campaigns: RouterCampaigns;
  /** The campaign clock (the simulator's or a replay's time while one plays, else the real time), in epoch ms. */
  now: () => number;
  /** Counts what no campaign took (ignored, rejected); each campaign's ingest counts its own. */
  metrics?: Metrics;
}

/**
 * Where the sources (simulator, replay, connectors) hand their posts when a node runs several campaigns: it
 * normalizes each batch once, then sends each post to every campaign that receives it and that it matches by
 * hashtag or organization handle (`routePost`), so a post counts once in each. Deletes go to every campaign.
 *
 * Which campaigns receive: those `live` on the campaign clock, and always the default campaign, as in v1 where
 * the node's one campaign took every post of its sources whatever its dates (the simulator and replay play the
 * default campaign's day, and v1 connectors feed the built-in 2015 campaign). A scheduled campaign does not
 * count posts made before its start, nor an ended one posts made after it; HTTP ingest, which names its
 * campaign, is not routed and counts in any campaign not archived.
 *
 * A post that matches no receiving campaign is ignored from a connector (`campaignOnly`: streams deliver more
 * than was asked for), and goes to the default campaign from the simulator or replay, as in v1.
 */
export class CampaignRouter implements IngestSink {
  constructor(private readonly options: CampaignRouterOptions) {}

  /** The campaigns that take connector posts now. */
  receiving(): CampaignRuntime[] {
    const now = this.options.now();
    const fallback = this.options.campaigns.default();
    return this.options.campaigns.all().filter((runtime) => runtime === fallback || campaignStatus(runtime.campaign(), now) === "live");
  }

  async ingest(items: unknown[], source: string, options: IngestOptions = {}): Promise<IngestResult> {
    const own: IngestResult = { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: [] };
    const receiving = this.receiving();
    const fallback = this.options.campaigns.default();
    const runtimeOf = new Map<CampaignIndex, CampaignRuntime>(receiving.map((runtime) => [runtime.index(), runtime]));
    const indexes = [...runtimeOf.keys()];
    const batches = new Map<CampaignRuntime, NormalizedItem[]>();
    const send = (runtime: CampaignRuntime, item: NormalizedItem) => {
      const batch = batches.get(runtime);
      if (batch) batch.push(item);
      else batches.set(runtime, [item]);
    };
    for (const [index, value] of items.entries()) {
      for (const normalized of normalizeItems(value)) {
        const item = { index, normalized };
        if (normalized.type === "post") {
          const matched = routePost(normalized.post, indexes);
          if (matched.length > 0) for (const match of matched) send(runtimeOf.get(match)!, item);
          else if (!options.campaignOnly) send(fallback, item);
          else own.ignored += 1;
        } else if (normalized.type === "delete") {
          // Where the post counted is not known here: every running campaign's store deletes it if it holds it,
          // an ended campaign's too (a deletion is honoured wherever the post is shown).
          for (const runtime of this.options.campaigns.all()) send(runtime, item);
        } else if (normalized.type === "ignored") {
          own.ignored += 1;
        } else {
          own.rejected.push({ index, error: normalized.error });
        }
      }
    }
    this.options.metrics?.countIngest(source, own);
    // Routed already: each campaign stores what it was sent. A store failure rejects the call, and a retry of the
    // same items is safe, as the campaigns that stored them count them as duplicates.
    const results = await Promise.all([...batches].map(([runtime, batch]) => runtime.ingest.ingestNormalized(batch, [], source)));
    for (const result of results) {
      own.accepted += result.accepted;
      own.duplicates += result.duplicates;
      own.deleted += result.deleted;
      own.ignored += result.ignored;
    }
    return own;
  }
}
