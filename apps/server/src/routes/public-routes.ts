import { Router, type Response } from "express";
import { emptyInsights, type Campaign, type Health, type Insights, type Snapshot, type SourceStatus } from "@pulse/shared";
import { route } from "./endpoint-route.js";
import { campaignRevision } from "../campaign-revision.js";
import { unknownCampaign, type CampaignService } from "../campaigns/campaign-service.js";

/** What the public read routes need. */
export interface PublicRoutesDeps {
  /** The default campaign, read at each request. */
  campaign: () => Campaign;
  /** The default campaign's snapshot, insights included (the routes leave them out of a snapshot). */
  snapshot: () => Snapshot;
  /** A campaign's snapshot by id; undefined for an unknown or archived campaign. */
  campaignSnapshot: (id: string) => Snapshot | undefined;
  health: () => Health | Promise<Health>;
  campaigns: CampaignService;
}

/**
 * Answers a campaign with its revision as the ETag (the one the `campaign` event names, so an open page can tell
 * whether it holds the current one); no-cache makes a browser revalidate (a 304 when unchanged) rather than reuse
 * an old campaign.
 */
function sendCampaign(res: Response, campaign: Campaign): void {
  res.set({ ETag: `"${campaignRevision(campaign)}"`, "Cache-Control": "no-cache" });
  res.json(campaign);
}

export { unknownCampaign };

/** A snapshot as `GET /api/snapshot` answers it: the v1 shape, without the insights. */
function publicSnapshot(snapshot: Snapshot): Snapshot {
  const { insights: _insights, ...rest } = snapshot;
  return rest;
}

/**
 * A campaign's insights as `GET /api/insights` answers them, from the snapshot its relay keeps (what clients hold);
 * map entries that fell to 0 (a delta says so) are left out, as the store leaves them out.
 */
function insightsOf(snapshot: Snapshot): Insights {
  const insights = snapshot.insights ?? emptyInsights();
  const counted = (map: Record<string, number>) => Object.fromEntries(Object.entries(map).filter(([, posts]) => posts !== 0));
  return {
    campaign: snapshot.campaign,
    ...insights,
    languages: counted(insights.languages),
    mentionsByOrganization: counted(insights.mentionsByOrganization),
    offersByOrganization: counted(insights.offersByOrganization),
  };
}

/**
 * `GET /healthz`, `/api/snapshot`, `/api/campaign`, `/api/campaigns`, `/api/insights`, `/api/c/:id/campaign`,
 * `/api/c/:id/snapshot` and `/api/c/:id/insights` (`/metrics` is in metrics-routes.ts, behind its guard).
 */
export function publicRoutes(deps: PublicRoutesDeps): Router {
  const router = Router();
  route(router, "health", async (_req, res) => void res.json(await deps.health()));
  route(router, "snapshot", (_req, res) => void res.json(publicSnapshot(deps.snapshot())));
  route(router, "insights", (_req, res) => void res.json(insightsOf(deps.snapshot())));
  route(router, "campaign", (_req, res) => sendCampaign(res, deps.campaign()));
  route(router, "campaigns", async (_req, res) => void res.json(await deps.campaigns.summaries()));
  route(router, "campaignById", async (req, res) => sendCampaign(res, await deps.campaigns.published(String(req.params.id))));
  route(router, "campaignSnapshot", (req, res) => {
    const id = String(req.params.id);
    const snapshot = deps.campaignSnapshot(id);
    if (!snapshot) res.status(404).json({ error: unknownCampaign(id) });
    else res.json(publicSnapshot(snapshot));
  });
  route(router, "campaignInsights", (req, res) => {
    const id = String(req.params.id);
    const snapshot = deps.campaignSnapshot(id);
    if (!snapshot) res.status(404).json({ error: unknownCampaign(id) });
    else res.json(insightsOf(snapshot));
  });
  return router;
}

/** The health answer: `degraded` while the store cannot be reached. */
export function healthOf(store: { kind: "memory" | "redis"; isHealthy(): boolean }, sources: SourceStatus[]): Health {
  return { status: store.isHealthy() ? "ok" : "degraded", store: store.kind, sources };
}
