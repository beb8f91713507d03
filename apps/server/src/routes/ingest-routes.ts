import { Router, type RequestHandler } from "express";
import type { Config } from "../config.js";
import type { IngestService } from "../ingest/ingest-service.js";
import { nothingUsable } from "../ingest/ingest-service.js";
import { parseJsonBody, parseNdjsonBody } from "../ingest/parse-body.js";
import { readBody } from "../ingest/read-body.js";
import { route } from "./endpoint-route.js";
import { bearerToken } from "../http/bearer-auth.js";
import type { IngestCaller, IngestTokenService } from "../tokens/ingest-token-service.js";
import { unknownCampaign } from "./public-routes.js";

const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson"];

/** A campaign ingest can write to: its id (for the token's scope) and its ingest service. */
export interface IngestTarget {
  id: string;
  ingest: IngestService;
}

/**
 * Requires an ingest token (`INGEST_TOKEN` or one an admin created): 401 with `WWW-Authenticate: Bearer` for a
 * missing, unknown or revoked one; 403 `ingest disabled: set INGEST_TOKEN` (the contract's words) when there is no
 * token at all, as before tokens existed.
 * The caller is left in `res.locals.caller`; its use is noted once the request is accepted.
 */
function requireIngestToken(tokens: IngestTokenService): RequestHandler {
  return async (req, res, next) => {
    const given = bearerToken(req.get("authorization"));
    const caller = await tokens.authenticate(given);
    if (caller === "disabled") {
      res.status(403).json({ error: "ingest disabled: set INGEST_TOKEN" });
      return;
    }
    if (!caller) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="pulse"')
        .json({ error: given ? "wrong bearer token" : "missing bearer token: send Authorization: Bearer <token>" });
      return;
    }
    res.locals.caller = caller;
    next();
  };
}

/**
 * `POST /api/ingest`: JSON or NDJSON, behind an ingest token (`INGEST_TOKEN`, scoped to all campaigns, or one an
 * admin created), into the campaign `?campaign=` names (the default without it; 404 for an unknown or archived one,
 * checked after the token and before the body is read; 403 when the token is not scoped to it). `rateLimits` run
 * first, so requests with a wrong token count too (see http/rate-limit.ts). Every refusal (429, 401, 415, 413) is answered before the body is read;
 * `lingeringClose` (mounted app-wide) drops the rest of it, so the client reads the answer.
 */
export function ingestRoutes(
  config: Config,
  ingestOf: (campaign: string | undefined) => IngestTarget | undefined,
  tokens: IngestTokenService,
  rateLimits: RequestHandler[] = [],
): Router {
  const router = Router();
  route(
    router,
    "ingest",
    ...rateLimits,
    requireIngestToken(tokens),
    (req, res, next) => {
      // Before the body is read: an unknown or archived campaign counts nothing.
      // `?campaign=` empty means the default, as a handshake without a campaign; a repeated one is refused.
      const { campaign } = req.query;
      const target = campaign === undefined || typeof campaign === "string" ? ingestOf(campaign || undefined) : undefined;
      if (!target) {
        res.status(404).json({ error: unknownCampaign(String(campaign)) });
        return;
      }
      const caller = res.locals.caller as IngestCaller;
      if (caller.campaigns !== "all" && !caller.campaigns.includes(target.id)) {
        res.status(403).json({ error: `ingest token ${caller.name} (${caller.id}) is not scoped to campaign ${target.id}: ask an admin to add it to the token's campaigns` });
        return;
      }
      // Its last use: flushed to the registry every few seconds, not at every request.
      tokens.used(caller.id);
      res.locals.ingest = target.ingest;
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
