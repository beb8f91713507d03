import express, { Router, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import { AUTHOR_ACTIONS, ENDPOINTS, POST_ACTIONS, type EndpointName, type ModerationResult, type StaffSessionStatus } from "@pulse/shared";
import {
  refuseCrossSite,
  requireStaff,
  requireStaffEnabled,
  sessionCookie,
  sessionCookieOptions,
  staffIdentity,
} from "../http/staff-auth.js";
import { login, SESSION_COOKIE, SESSION_TTL_MS, verifySession } from "../staff/staff-session.js";
import type { CampaignService } from "../campaigns/campaign-service.js";
import type { CampaignRuntime } from "../campaigns/campaign-runtime.js";
import { prefixesOf, route, type EndpointHandler, type ErrorBody } from "./endpoint-route.js";
import { aggregatesRows, AGGREGATES_COLUMNS, exportFileName, postsRows, POSTS_COLUMNS, sendCsv } from "../staff/csv-export.js";

/** A campaign as the staff routes use it: a `CampaignRuntime`. */
export type StaffCampaign = Pick<CampaignRuntime, "campaign" | "store" | "moderation" | "organizations" | "blocklist">;

/** What the staff routes need. */
export interface StaffRoutesDeps {
  staffToken: string | undefined;
  /** The campaign the staff routes act on, read at each request: the node's default campaign. */
  campaign: () => StaffCampaign;
  /** The campaign definitions (create, edit, archive). */
  campaigns: CampaignService;
  logger: Logger;
  /** Rate limiters in front of every staff path, before the credentials are checked (see http/rate-limit.ts). */
  rateLimits?: RequestHandler[];
}

/** The endpoints behind staff credentials: those of the shared table marked `staff`. */
const STAFF_ENDPOINTS = (Object.keys(ENDPOINTS) as EndpointName[]).filter((name) => "staff" in ENDPOINTS[name]);

/** Every path prefix behind staff credentials: `/api/staff`, and the v1 aliases' `/api/moderation`, `/api/organizations`, `/api/export`. */
export const STAFF_PATHS = prefixesOf([...STAFF_ENDPOINTS, "staffLogin", "staffLogout"]);

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
function answer(res: Response<ModerationResult | ErrorBody>, result: ModerationResult, what: string): void {
  if (result.outcome === "not_found") {
    res.status(404).json({ error: `no stored post ${what}: never counted, or deleted`, ...result });
    return;
  }
  res.json(result);
}

/** An id of a `*id` path parameter: Express splits it at `/`; callers URL-encode ids, an id sent unencoded is joined back. */
function joinedId(param: string | string[] | undefined): string {
  return ([] as string[]).concat(param ?? []).join("/");
}

/**
 * The handler of a moderation action path `/:network/<id…>/:action`: a 404 naming the expected actions for an
 * action not in `actions`, else `act` and its {@link answer}.
 */
function moderationAction<A extends string>(
  actions: readonly A[],
  kind: "post" | "author",
  idParam: string,
  act: (action: A, network: string, id: string, actor: string, body: { post?: string } | undefined) => Promise<ModerationResult>,
): EndpointHandler<"postAction" | "authorAction"> {
  return async (req, res) => {
    const asked = String(req.params.action);
    const action = actions.find((a) => a === asked);
    if (!action) {
      res.status(404).json({ error: `no ${kind} action ${JSON.stringify(asked)}: expected ${actions.join(", ")}` });
      return;
    }
    const network = String(req.params.network);
    const id = joinedId(req.params[idParam]);
    answer(res, await act(action, network, id, staffIdentity(res).actor, req.body as { post?: string } | undefined), `${network}:${id}`);
  };
}

/**
 * The staff API: login, moderation, organizations and ROI, campaigns, exports, each mounted from the shared endpoint table at
 * `/api/staff/...` and at its v1 path. See docs/staff-api.md.
 */
export function staffRoutes(deps: StaffRoutesDeps): Router {
  const { staffToken, campaigns } = deps;
  const router = Router();
  const enabled = requireStaffEnabled(staffToken);
  // First, so that wrong tokens and failed logins count against the client.
  if (deps.rateLimits?.length) router.use(STAFF_PATHS, ...deps.rateLimits);

  // Session: login and logout take no credentials, so they are only guarded against other sites.
  route(router, "staffLogin", enabled, refuseCrossSite(), jsonBody(), (req, res) => {
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
  route(router, "staffLogout", enabled, refuseCrossSite(), (req, res) => {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.json({ authenticated: false });
  });

  router.use(STAFF_PATHS, requireStaff(staffToken));

  route(router, "staffSession", (req, res) => {
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
  route(
    router,
    "postAction",
    moderationAction(POST_ACTIONS, "post", "id", (action, network, id, actor) => deps.campaign().moderation.postAction(action, network, id, actor)),
  );
  route(
    router,
    "authorAction",
    jsonBody(),
    moderationAction(AUTHOR_ACTIONS, "author", "authorId", (action, network, id, actor, body) =>
      deps.campaign().moderation.authorAction(action, network, id, actor, body?.post),
    ),
  );
  route(router, "moderationMode", jsonBody(), async (req, res) => {
    answer(res, await deps.campaign().moderation.setMode(req.body, staffIdentity(res).actor), "");
  });
  route(router, "moderationQueue", async (_req, res) => void res.json(await deps.campaign().moderation.queue()));
  route(router, "moderationState", async (_req, res) => void res.json(await deps.campaign().moderation.state()));
  route(router, "moderationAudit", async (req, res) => void res.json(await deps.campaign().moderation.audit(req.query.limit)));
  route(router, "moderatedPosts", async (req, res) => {
    res.json(await deps.campaign().moderation.posts(req.query));
  });
  route(router, "moderatedPost", async (req, res) => {
    const id = joinedId(req.params.id);
    const network = String(req.params.network);
    const found = await deps.campaign().moderation.post(network, id);
    if (!found) res.status(404).json({ error: `no stored post ${network}:${id}` });
    else res.json(found);
  });
  route(router, "blocklist", async (_req, res) => void res.json(await deps.campaign().blocklist.view()));
  route(router, "saveBlocklist", jsonBody(), async (req, res) => {
    res.json(await deps.campaign().blocklist.save(req.body.words, staffIdentity(res).actor));
  });

  // Organizations and ROI.
  route(router, "organizationHires", jsonBody(), async (req, res) => {
    res.json(await deps.campaign().organizations.setHires(req.params.id as string, req.body.hires, staffIdentity(res).actor));
  });
  route(router, "leaderboard", async (_req, res) => void res.json(await deps.campaign().organizations.leaderboard()));
  route(router, "organization", async (req, res) => void res.json(await deps.campaign().organizations.detail(String(req.params.id))));
  route(router, "roi", async (_req, res) => void res.json(await deps.campaign().organizations.roi()));

  // Campaigns.
  route(router, "staffCampaigns", async (_req, res) => void res.json(await campaigns.entries()));
  route(router, "createCampaign", jsonBody(), async (req, res) => void res.status(201).json(await campaigns.create(req.body)));
  route(router, "updateCampaign", jsonBody(), async (req, res) => void res.json(await campaigns.update(String(req.params.id), req.body)));
  route(router, "archiveCampaign", async (req, res) => void res.json(await campaigns.setArchived(String(req.params.id), true)));
  route(router, "unarchiveCampaign", async (req, res) => void res.json(await campaigns.setArchived(String(req.params.id), false)));

  // Exports. `?bom=1` (parsed to `bom: true`) starts the file with a byte order mark, for Excel.
  route(router, "exportPosts", async (req, res) => {
    const { store, campaign } = deps.campaign();
    await sendCsv(res, {
      fileName: exportFileName(campaign(), "posts"),
      columns: POSTS_COLUMNS,
      rows: postsRows(store.allPosts(), campaign()),
      bom: req.query.bom,
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  route(router, "exportAggregates", async (req, res) => {
    const { store, campaign, organizations } = deps.campaign();
    const [computed, hires] = await Promise.all([organizations.tally(), store.hires()]);
    await sendCsv(res, {
      fileName: exportFileName(campaign(), "aggregates"),
      columns: AGGREGATES_COLUMNS,
      rows: aggregatesRows(computed.tally, organizations.entries(computed.tally, hires)),
      bom: req.query.bom,
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  return router;
}

/** Before the first byte the error handler answers (503 for a store that is down); after it, the download is cut. */
function exportFailed(res: Response, err: unknown, logger: Logger): void {
  if (!res.headersSent) throw err;
  logger.warn({ err }, "export cut short");
}
