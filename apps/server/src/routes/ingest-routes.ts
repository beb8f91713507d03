import { Router, type RequestHandler } from "express";
import type { Config } from "../config.js";
import type { IngestService } from "../ingest/ingest-service.js";
import { nothingUsable } from "../ingest/ingest-service.js";
import { parseJsonBody, parseNdjsonBody } from "../ingest/parse-body.js";
import { readBody } from "../ingest/read-body.js";
import { route } from "./endpoint-route.js";
import { requireBearer } from "../http/bearer-auth.js";
import { unknownCampaign } from "./public-routes.js";

const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson"];

/**
 * `POST /api/ingest`: JSON or NDJSON, behind `INGEST_TOKEN`, into the campaign `?campaign=` names (the default
 * without it; 404 for an unknown or archived one, checked after the token and before the body is read). `rateLimits` run first, so requests with a wrong
 * token count too (see http/rate-limit.ts). Every refusal (429, 401, 415, 413) is answered before the body is read;
 * `lingeringClose` (mounted app-wide) drops the rest of it, so the client reads the answer.
 */
export function ingestRoutes(
  config: Config,
  ingestOf: (campaign: string | undefined) => IngestService | undefined,
  rateLimits: RequestHandler[] = [],
): Router {
  const router = Router();
  route(
    router,
    "ingest",
    ...rateLimits,
    requireBearer(config.INGEST_TOKEN, "ingest disabled: set INGEST_TOKEN"),
    (req, res, next) => {
      // Before the body is read: an unknown or archived campaign counts nothing.
      // `?campaign=` empty means the default, as a handshake without a campaign; a repeated one is refused.
      const { campaign } = req.query;
      const ingest = campaign === undefined || typeof campaign === "string" ? ingestOf(campaign || undefined) : undefined;
      if (!ingest) {
        res.status(404).json({ error: unknownCampaign(String(campaign)) });
        return;
      }
      res.locals.ingest = ingest;
      next();
    },
    (req, res, next) => {
      const ndjson = req.is(NDJSON_TYPES);
      if (!ndjson && !req.is("application/json")) {
        res.status(415).json({
          error: `unsupported Content-Type ${JSON.stringify(req.get("content-type") ?? "")}: expected application/json or application/x-ndjson`,
        });
        return;
      }
      next();
    },
    async (req, res) => {
      // Over INGEST_MAX_BYTES it throws at once, and the error handler answers 413 while the body still comes.
      const text = (await readBody(req, config.INGEST_MAX_BYTES)).toString("utf8");
      const body = req.is(NDJSON_TYPES) ? parseNdjsonBody(text) : parseJsonBody(text);
      if (body.tooManyItems) {
        res.status(413).json({ error: body.tooManyItems });
        return;
      }
      const ingest = res.locals.ingest as IngestService;
      const result = await ingest.ingestParsed(body, "http", { reqId: String(req.id) });
      if (nothingUsable(result)) {
        const error = body.error ?? result.rejected[0]?.error ?? "no item in the body";
        res.status(400).json({ ...result, error: result.rejected[0] ? `item ${result.rejected[0].index}: ${error}` : error });
        return;
      }
      res.status(202).json(result);
    },
  );
  return router;
}
