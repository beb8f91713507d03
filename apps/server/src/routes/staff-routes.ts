import express, { Router, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import type { Campaign, ModerationResult, StaffSessionStatus } from "@pulse/shared";
import type { Store } from "../store/store.js";
import {
  refuseCrossSite,
  requireStaff,
  requireStaffEnabled,
  sessionCookie,
  sessionCookieOptions,
  staffIdentity,
} from "../http/staff-auth.js";
import { login, SESSION_COOKIE, SESSION_TTL_MS, verifySession } from "../staff/staff-session.js";
import { AUTHOR_ACTIONS, POST_ACTIONS, type ModerationService } from "../staff/moderation-service.js";
import type { OrganizationService } from "../staff/organization-service.js";
import type { BlocklistService } from "../staff/blocklist-service.js";
import { aggregatesRows, AGGREGATES_COLUMNS, exportFileName, postsRows, POSTS_COLUMNS, sendCsv } from "../staff/csv-export.js";

/** What the staff routes need. */
export interface StaffRoutesDeps {
  staffToken: string | undefined;
  campaign: Campaign;
  store: Store;
  moderation: ModerationService;
  organizations: OrganizationService;
  blocklist: BlocklistService;
  logger: Logger;
  /** Rate limiters in front of every staff path, before the credentials are checked (see http/rate-limit.ts). */
  rateLimits?: RequestHandler[];
}

/** Every path prefix behind staff credentials. */
export const STAFF_PATHS = ["/api/staff", "/api/moderation", "/api/organizations", "/api/export"];

/** Largest staff request body (a blocklist of 500 phrases fits many times over). */
const BODY_LIMIT = "256kb";

/** JSON bodies, with errors that say what was wrong (the app's handler speaks of ingest limits). */
function jsonBody(): RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      if ((err as { type?: string }).type === "entity.too.large") {
        res.status(413).json({ error: `body larger than ${BODY_LIMIT}` });
        return;
      }
      res.status(400).json({ error: `invalid JSON body: ${(err as Error).message}` });
    });
}

/** 200 `{ outcome, rev }`, or 404 for a post that is not stored. */
function answer(res: Response, result: ModerationResult, what: string): void {
  if (result.outcome === "not_found") {
    res.status(404).json({ error: `no stored post ${what}: never counted, or deleted`, ...result });
    return;
  }
  res.json(result);
}

/**
 * Splits `/:network/<id…>/<action>` where the id may hold `/` (Bluesky AT URIs, Mastodon URIs). Callers
 * URL-encode ids; Express decodes each segment, and an id sent unencoded is joined back.
 */
function idAndAction(rest: string[] | string | undefined): { id: string; action: string } {
  const parts = Array.isArray(rest) ? rest : rest === undefined ? [] : [rest];
  return { id: parts.slice(0, -1).join("/"), action: parts.at(-1) ?? "" };
}

/** The staff API: login, moderation, organizations and ROI, exports. See docs/staff-api.md. */
export function staffRoutes(deps: StaffRoutesDeps): Router {
  const { staffToken, moderation, organizations, blocklist, campaign, store } = deps;
  const router = Router();
  const enabled = requireStaffEnabled(staffToken);
  // First, so that wrong tokens and failed logins count against the client.
  if (deps.rateLimits?.length) router.use(STAFF_PATHS, ...deps.rateLimits);

  // Session: login and logout take no credentials, so they are only guarded against other sites.
  router.post("/api/staff/login", enabled, refuseCrossSite(), jsonBody(), (req, res) => {
    const signed = login(staffToken as string, req.body);
    if (!signed) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="pulse-staff"').json({ error: "wrong staff token" });
      return;
    }
    res.cookie(SESSION_COOKIE, signed.value, sessionCookieOptions(req, SESSION_TTL_MS));
    res.json({
      authenticated: true,
      expiresAt: new Date(signed.session.exp).toISOString(),
      ...(signed.session.name ? { name: signed.session.name } : {}),
    } satisfies StaffSessionStatus);
  });
  router.post("/api/staff/logout", enabled, refuseCrossSite(), (req, res) => {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.json({ authenticated: false });
  });

  router.use(STAFF_PATHS, requireStaff(staffToken));

  router.get("/api/staff/session", (req, res) => {
    const who = staffIdentity(res);
    const session = who.via === "session" ? verifySession(staffToken as string, sessionCookie(req)) : undefined;
    res.json({
      authenticated: true,
      via: who.via,
      ...(who.name ? { name: who.name } : {}),
      ...(session ? { expiresAt: new Date(session.exp).toISOString() } : {}),
    } satisfies StaffSessionStatus);
  });

  // Moderation.
  router.post("/api/moderation/posts/:network/*rest", async (req, res) => {
    const { id, action } = idAndAction(req.params.rest);
    const type = POST_ACTIONS.find((a) => a === action);
    if (!type) {
      res.status(404).json({ error: `no post action ${JSON.stringify(action)}: expected ${POST_ACTIONS.join(", ")}` });
      return;
    }
    answer(res, await moderation.postAction(type, req.params.network, id, staffIdentity(res).actor), `${req.params.network}:${id}`);
  });
  router.post("/api/moderation/authors/:network/*rest", jsonBody(), async (req, res) => {
    const { id, action } = idAndAction(req.params.rest);
    const type = AUTHOR_ACTIONS.find((a) => a === action);
    if (!type) {
      res.status(404).json({ error: `no author action ${JSON.stringify(action)}: expected ${AUTHOR_ACTIONS.join(", ")}` });
      return;
    }
    const network = String(req.params.network);
    answer(res, await moderation.authorAction(type, network, id, staffIdentity(res).actor, req.body), `${network}:${id}`);
  });
  router.put("/api/moderation/mode", jsonBody(), async (req, res) => {
    answer(res, await moderation.setMode(req.body, staffIdentity(res).actor), "");
  });
  router.get("/api/moderation/queue", async (_req, res) => void res.json(await moderation.queue()));
  router.get("/api/moderation/state", async (_req, res) => void res.json(await moderation.state()));
  router.get("/api/moderation/audit", async (req, res) => void res.json(await moderation.audit(req.query.limit)));
  router.get("/api/moderation/posts", async (req, res) => void res.json(await moderation.posts(moderation.filter(req.query))));
  router.get("/api/moderation/posts/:network/*id", async (req, res) => {
    const id = ([] as string[]).concat(req.params.id).join("/");
    const found = await moderation.post(req.params.network, id);
    if (!found) res.status(404).json({ error: `no stored post ${req.params.network}:${id}` });
    else res.json(found);
  });
  router.get("/api/moderation/blocklist", async (_req, res) => void res.json(await blocklist.view()));
  router.put("/api/moderation/blocklist", jsonBody(), async (req, res) => {
    res.json(await blocklist.save(req.body, staffIdentity(res).actor));
  });

  // Organizations and ROI.
  router.put("/api/organizations/:id/hires", jsonBody(), async (req, res) => {
    res.json(await organizations.setHires(req.params.id as string, req.body, staffIdentity(res).actor));
  });
  router.get("/api/staff/organizations", async (_req, res) => void res.json(await organizations.leaderboard()));
  router.get("/api/staff/organizations/:id", async (req, res) => void res.json(await organizations.detail(req.params.id)));
  router.get("/api/staff/roi", async (_req, res) => void res.json(await organizations.roi()));

  // Exports. `?bom=1` starts the file with a byte order mark, for Excel.
  router.get("/api/export/posts.csv", async (req, res) => {
    await sendCsv(res, {
      fileName: exportFileName(campaign, "posts"),
      columns: POSTS_COLUMNS,
      rows: postsRows(store.allPosts(), campaign),
      bom: req.query.bom === "1",
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  router.get("/api/export/aggregates.csv", async (req, res) => {
    const [computed, hires] = await Promise.all([organizations.tally(), store.hires()]);
    await sendCsv(res, {
      fileName: exportFileName(campaign, "aggregates"),
      columns: AGGREGATES_COLUMNS,
      rows: aggregatesRows(computed.tally, organizations.entries(computed.tally, hires)),
      bom: req.query.bom === "1",
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  return router;
}

/** Before the first byte the error handler answers (503 for a store that is down); after it, the download is cut. */
function exportFailed(res: Response, err: unknown, logger: Logger): void {
  if (!res.headersSent) throw err;
  logger.warn({ err }, "export cut short");
}
