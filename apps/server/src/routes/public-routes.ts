import { Router } from "express";
import type { Campaign, Health, Snapshot, SourceStatus } from "@pulse/shared";
import { route } from "./endpoint-route.js";
import { campaignRevision } from "../campaign-revision.js";
import type { Metrics } from "../metrics.js";

/** What the public read routes need. */
export interface PublicRoutesDeps {
  campaign: Campaign;
  snapshot: () => Snapshot;
  health: () => Health;
  metrics: Metrics;
}

/** `GET /healthz`, `/api/snapshot`, `/api/campaign` and `/metrics`. */
export function publicRoutes(deps: PublicRoutesDeps): Router {
  const router = Router();
  route(router, "health", (_req, res) => void res.json(deps.health()));
  route(router, "snapshot", (_req, res) => void res.json(deps.snapshot()));
  route(router, "campaign", (_req, res) => {
    // The revision the `campaign` event names, so an open page can tell whether it holds the current one;
    // no-cache makes a browser revalidate (a 304 when unchanged) rather than reuse an old campaign.
    res.set({ ETag: `"${campaignRevision(deps.campaign)}"`, "Cache-Control": "no-cache" });
    res.json(deps.campaign);
  });
  route(router, "metrics", async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}

/** The health answer: `degraded` while the store cannot be reached. */
export function healthOf(store: { kind: "memory" | "redis"; isHealthy(): boolean }, sources: SourceStatus[]): Health {
  return { status: store.isHealthy() ? "ok" : "degraded", store: store.kind, sources };
}
