import { Router, type Response } from "express";
import { campaignStatus, type Campaign, type Health, type Snapshot, type SourceStatus } from "@pulse/shared";
import { route } from "./endpoint-route.js";
import { campaignRevision } from "../campaign-revision.js";
import type { Metrics } from "../metrics.js";

/** What the public read routes need. */
export interface PublicRoutesDeps {
  campaign: Campaign;
  snapshot: () => Snapshot;
  health: () => Health;
  metrics: Metrics;
  /** The campaign clock's time (epoch ms), which a campaign's status follows. */
  now: () => number;
}

/**
 * Answers the campaign with its revision as the ETag (the one the `campaign` event names, so an open page can tell
 * whether it holds the current one); no-cache makes a browser revalidate (a 304 when unchanged) rather than reuse
 * an old campaign.
 */
function sendCampaign(res: Response, campaign: Campaign): void {
  res.set({ ETag: `"${campaignRevision(campaign)}"`, "Cache-Control": "no-cache" });
  res.json(campaign);
}

/**
 * `GET /healthz`, `/api/snapshot`, `/api/campaign`, `/api/campaigns`, `/api/c/:id/campaign` and `/metrics`. The
 * node runs one campaign, its default: the list holds it alone, and any other id is unknown.
 */
export function publicRoutes(deps: PublicRoutesDeps): Router {
  const router = Router();
  route(router, "health", (_req, res) => void res.json(deps.health()));
  route(router, "snapshot", (_req, res) => void res.json(deps.snapshot()));
  route(router, "campaign", (_req, res) => sendCampaign(res, deps.campaign));
  route(router, "campaigns", (_req, res) => {
    const { id, name, start, end, timezone } = deps.campaign;
    res.json([{ id, name, start, end, timezone, status: campaignStatus(deps.campaign, deps.now()), default: true }]);
  });
  route(router, "campaignById", (req, res) => {
    const id = String(req.params.id);
    if (id === deps.campaign.id) sendCampaign(res, deps.campaign);
    else res.status(404).json({ error: unknownCampaign(id) });
  });
  route(router, "metrics", async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}

/** The `error` of a 404 for a campaign id that no public campaign has. */
export function unknownCampaign(id: string): string {
  return `unknown campaign ${JSON.stringify(id)}: no campaign has this id, or it is archived`;
}

/** The health answer: `degraded` while the store cannot be reached. */
export function healthOf(store: { kind: "memory" | "redis"; isHealthy(): boolean }, sources: SourceStatus[]): Health {
  return { status: store.isHealthy() ? "ok" : "degraded", store: store.kind, sources };
}
