import { Router, type RequestHandler } from "express";
import type { Metrics } from "../metrics.js";
import { route } from "./endpoint-route.js";

/**
 * `GET /metrics`: the node's Prometheus text. On the public port `guard` (`metricsAccess`) decides who reads it;
 * the metrics listener of METRICS_PORT mounts it without one.
 */
export function metricsRoutes(metrics: Metrics, guard?: RequestHandler): Router {
  const router = Router();
  route(router, "metrics", ...(guard ? [guard] : []), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
