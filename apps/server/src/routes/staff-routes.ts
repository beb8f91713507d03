import express, { Router, type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import {
  AUTHOR_ACTIONS,
  emptyInsights,
  ENDPOINT_SCHEMAS,
  ENDPOINTS,
  POST_ACTIONS,
  type EndpointName,
  type EndpointSchema,
  type EndpointSpec,
  type ModerationResult,
  type StaffSessionStatus,
} from "@pulse/shared";
import { z } from "zod";
import {
  refuseCrossSite,
  requireRole,
  requireStaff,
  requireStaffEnabled,
  sessionCookie,
  sessionCookieOptions,
  staffIdentity,
} from "../http/staff-auth.js";
import { login, openValue, sanitizeActorName, sealValue, SESSION_COOKIE, SESSION_TTL_MS, signSession, verifySession } from "../staff/staff-session.js";

/** The cookie that carries an OpenID Connect sign-in's state, verifier and nonce from the redirect to the callback. */
const OIDC_COOKIE = "pulse_oidc";
/** How long a sign-in at the provider may take. */
const OIDC_FLOW_MS = 10 * 60 * 1000;
/** Where the console is, and where a sign-in comes back to. */
const CONSOLE_PATH = "/staff";
const SSO_OFF = "single sign-on is not configured: set OIDC_ISSUER and OIDC_CLIENT_ID";

/**
 * The flow cookie: `SameSite=Lax`, since the provider sends the browser back from its own site (a top-level GET,
 * which Lax allows), and only on the callback's path.
 */
function oidcCookieOptions(req: Request) {
  return { ...sessionCookieOptions(req, OIDC_FLOW_MS), sameSite: "lax" as const, path: ENDPOINTS.staffOidcCallback.path };
}

/** A signed session and its cookie value. */
type SignedSession = ReturnType<typeof signSession>;
import { unknownCampaign, type CampaignService } from "../campaigns/campaign-service.js";
import type { RecountService } from "../campaigns/recount-service.js";
import type { AccountService } from "../accounts/account-service.js";
import type { IngestTokenService } from "../tokens/ingest-token-service.js";
import type { LockoutRefusal, LoginLockout } from "../http/login-lockout.js";
import { OidcRefusal, type OidcFlow, type OidcSignIn } from "../staff/oidc-sign-in.js";
import { parseCookie } from "cookie";
import type { PrivacyService } from "../staff/privacy-service.js";
import type { CampaignRuntime } from "../campaigns/campaign-runtime.js";
import { prefixesOf, route, type EndpointHandler, type ErrorBody } from "./endpoint-route.js";
import { aggregatesRows, AGGREGATES_COLUMNS, exportFileName, insightsRows, INSIGHTS_COLUMNS, postsRows, POSTS_COLUMNS, sendCsv } from "../staff/csv-export.js";

/** A campaign as the staff routes use it: a `CampaignRuntime`. */
export type StaffCampaign = Pick<CampaignRuntime, "campaign" | "store" | "moderation" | "organizations" | "blocklist">;

/** What the staff routes need. */
export interface StaffRoutesDeps {
  staffToken: string | undefined;
  /**
   * The running campaign a staff request acts on (`?campaign=`), read at each request: the default campaign for
   * `undefined`; undefined for an unknown or archived id.
   */
  campaign: (id: string | undefined) => StaffCampaign | undefined;
  /** The campaign definitions (create, edit, archive). */
  campaigns: CampaignService;
  /** Recounts of a campaign's stored posts. */
  recounts: RecountService;
  /** Staff accounts: the accounts API, password logins and the check of an account's session at each request. */
  accounts: AccountService;
  /** Erasure of an author from every campaign. */
  privacy: PrivacyService;
  /** Ingest tokens per client: listed by every role, created and revoked by admins. */
  ingestTokens: IngestTokenService;
  logger: Logger;
  /** The OpenID Connect sign-in, when OIDC_ISSUER is set. */
  oidc?: OidcSignIn | undefined;
  /** Lockout with backoff after wrong passwords (per account and per IP); none: no lockout. */
  lockout?: LoginLockout;
  /** Rate limiters in front of every staff path, before the credentials are checked (see http/rate-limit.ts). */
  rateLimits?: RequestHandler[];
  /** The hosts post media may load from (`Config.MEDIA_ALLOWED_HOSTS`), which the session answer names for the console. */
  mediaHosts?: readonly string[];
}

/** The endpoints behind staff credentials: those of the shared table marked `staff`. */
const STAFF_ENDPOINTS = (Object.keys(ENDPOINTS) as EndpointName[]).filter((name) => "staff" in ENDPOINTS[name]);

/**
 * The staff endpoints that act on one campaign's data: those whose query declares `campaign`
 * (`CampaignQuerySchema` in endpoint-schemas.ts). Each is answered for the campaign it names.
 */
const CAMPAIGN_ENDPOINTS: ReadonlySet<EndpointName> = new Set(
  STAFF_ENDPOINTS.filter((name) => {
    const query = (ENDPOINT_SCHEMAS[name] as EndpointSchema).query;
    return query instanceof z.ZodObject && "campaign" in query.shape;
  }),
);

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

/**
 * Resolves `?campaign=` (absent or empty: the default campaign) to the running campaign the handler acts on, kept
 * in `res.locals`; a 404 naming an unknown or archived id, before any body is read, so nothing changes.
 */
function resolveCampaign(campaignOf: StaffRoutesDeps["campaign"]): RequestHandler {
  return (req, res, next) => {
    const asked: unknown = req.query.campaign;
    if (asked !== undefined && typeof asked !== "string") {
      res.status(400).json({ error: `campaign=${JSON.stringify(asked)}: expected one campaign id` });
      return;
    }
    const campaign = campaignOf(asked || undefined);
    if (!campaign) {
      res.status(404).json({ error: unknownCampaign(String(asked)) });
      return;
    }
    res.locals.campaign = campaign;
    next();
  };
}

/** The campaign a campaign endpoint acts on, as {@link resolveCampaign} found it. */
function campaignOf(res: Response): StaffCampaign {
  return res.locals.campaign as StaffCampaign;
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
  act: (
    campaign: StaffCampaign,
    action: A,
    network: string,
    id: string,
    actor: string,
    body: { post?: string } | undefined,
  ) => Promise<ModerationResult>,
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
    const body = req.body as { post?: string } | undefined;
    answer(res, await act(campaignOf(res), action, network, id, staffIdentity(res).actor, body), `${network}:${id}`);
  };
}

/**
 * The staff API: login, moderation, organizations and ROI, campaigns, exports, each mounted from the shared endpoint table at
 * `/api/staff/...` and at its v1 path. See docs/staff-api.md.
 */
export function staffRoutes(deps: StaffRoutesDeps): Router {
  const { staffToken, campaigns, recounts, accounts } = deps;
  const router = Router();
  const resolve = resolveCampaign(deps.campaign);
  /**
   * Mounts a staff endpoint: one behind credentials first checks the caller's role against the least role the
   * table names (403 naming it), then one that acts on a campaign resolves `?campaign=`.
   */
  const staffRoute = <N extends EndpointName>(name: N, ...handlers: [...RequestHandler[], EndpointHandler<N>]): void => {
    const spec: EndpointSpec = ENDPOINTS[name];
    const before = [...(spec.staff ? [requireRole(spec.staff)] : []), ...(CAMPAIGN_ENDPOINTS.has(name) ? [resolve] : [])];
    route(router, name, ...([...before, ...handlers] as typeof handlers));
  };
  const enabled = requireStaffEnabled(staffToken);
  // First, so that wrong tokens and failed logins count against the client.
  if (deps.rateLimits?.length) router.use(STAFF_PATHS, ...deps.rateLimits);

  // Session: login and logout take no credentials, so they are only guarded against other sites.
  staffRoute("staffLogin", enabled, refuseCrossSite(), jsonBody(), async (req, res) => {
    const body = req.body;
    const signed = body.username !== undefined ? await passwordLogin(body.username, body.password ?? "", req.ip, res) : tokenLogin(body.token ?? "", body.name, res);
    if (!signed) return;
    res.cookie(SESSION_COOKIE, signed.value, sessionCookieOptions(req, SESSION_TTL_MS));
    res.json({
      authenticated: true,
      role: signed.session.role,
      ...(signed.session.account ? { account: { id: signed.session.account.id, username: signed.session.account.username } } : {}),
      expiresAt: new Date(signed.session.exp).toISOString(),
      ...(signed.session.name ? { name: signed.session.name } : {}),
      // The console starts from this answer as from GET /session: the same media hosts.
      ...(deps.mediaHosts ? { mediaHosts: [...deps.mediaHosts] } : {}),
    } satisfies StaffSessionStatus);
  });
  /** The bootstrap admin's login with `STAFF_TOKEN`: a session, or a 401 answered. */
  function tokenLogin(token: string, name: string | undefined, res: Response): SignedSession | undefined {
    const signed = login(staffToken as string, { token, name });
    if (!signed) res.status(401).set("WWW-Authenticate", 'Bearer realm="pulse-staff"').json({ error: "wrong staff token" });
    return signed;
  }
  /** 429 with Retry-After while an account or IP is locked out. */
  function tooManyFailures(res: Response, refusal: LockoutRefusal): undefined {
    res.status(429).set("Retry-After", String(refusal.retryAfterSeconds)).json({ error: refusal.message });
    return undefined;
  }
  /** An account's login with its username and password: a session with its role, or the refusal answered. */
  async function passwordLogin(username: string, password: string, ip: string | undefined, res: Response): Promise<SignedSession | undefined> {
    const attempt = { username, ip };
    // A locked account or IP is refused before any hash is compared: guessing costs the server nothing more.
    const locked = await deps.lockout?.check(attempt);
    if (locked) return tooManyFailures(res, locked);
    const check = await accounts.checkPassword(username, password);
    if (check.outcome === "wrong") {
      const lockedNow = await deps.lockout?.failed(attempt);
      if (lockedNow) return tooManyFailures(res, lockedNow);
      res.status(401).json({ error: "wrong username or password" });
      return undefined;
    }
    await deps.lockout?.succeeded(attempt);
    if (check.outcome === "disabled") {
      res.status(403).json({ error: "this account is disabled: ask an admin" });
      return undefined;
    }
    const { account } = check;
    const name = sanitizeActorName(account.displayName) ?? account.username;
    return signSession(staffToken as string, { role: account.role, name, account: { id: account.id, username: account.username, gen: account.sessionGen } });
  }
  staffRoute("staffLoginMethods", enabled, (_req, res) => {
    res.json({ password: true, sso: deps.oidc ? ENDPOINTS.staffOidcLogin.path : null });
  });
  staffRoute("staffOidcLogin", enabled, async (req, res) => {
    if (!deps.oidc) return void res.status(404).json({ error: SSO_OFF });
    try {
      const { url, flow } = await deps.oidc.start(`${req.protocol}://${req.get("host") ?? "localhost"}`);
      res.cookie(OIDC_COOKIE, sealValue(staffToken as string, OIDC_COOKIE, { ...flow }, OIDC_FLOW_MS), oidcCookieOptions(req));
      res.redirect(url.href);
    } catch (err) {
      ssoFailed(res, err);
    }
  });
  staffRoute("staffOidcCallback", enabled, async (req, res) => {
    if (!deps.oidc) return void res.status(404).json({ error: SSO_OFF });
    const header = req.get("cookie");
    const sealed = openValue(staffToken as string, OIDC_COOKIE, header ? parseCookie(header)[OIDC_COOKIE] : undefined);
    res.clearCookie(OIDC_COOKIE, oidcCookieOptions(req));
    try {
      if (!sealed) throw new OidcRefusal("the sign-in took longer than 10 minutes, or began in another browser; try again");
      const who = await deps.oidc.finish(new URL(req.originalUrl, "http://callback"), sealed as unknown as OidcFlow);
      const signed = signSession(staffToken as string, { role: who.role, name: sanitizeActorName(who.name) ?? who.username, sso: who.username });
      res.cookie(SESSION_COOKIE, signed.value, sessionCookieOptions(req, SESSION_TTL_MS));
      res.redirect(CONSOLE_PATH);
    } catch (err) {
      ssoFailed(res, err);
    }
  });
  /** Back to the console's login form, which shows why (`?sso_error=`); other errors go to the error handler. */
  function ssoFailed(res: Response, err: unknown): void {
    if (!(err instanceof OidcRefusal)) throw err;
    res.redirect(`${CONSOLE_PATH}?sso_error=${encodeURIComponent(err.message)}`);
  }
  staffRoute("staffLogout", enabled, refuseCrossSite(), (req, res) => {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.json({ authenticated: false });
  });

  router.use(STAFF_PATHS, requireStaff(staffToken, accounts));

  staffRoute("staffSession", (req, res) => {
    const who = staffIdentity(res);
    const session = who.via === "session" ? verifySession(staffToken as string, sessionCookie(req)) : undefined;
    res.json({
      authenticated: true,
      via: who.via,
      role: who.role,
      ...(who.account ? { account: who.account } : {}),
      ...(who.name ? { name: who.name } : {}),
      ...(session ? { expiresAt: new Date(session.exp).toISOString() } : {}),
      ...(deps.mediaHosts ? { mediaHosts: [...deps.mediaHosts] } : {}),
    } satisfies StaffSessionStatus);
  });

  // Moderation.
  staffRoute(
    "postAction",
    moderationAction(POST_ACTIONS, "post", "id", (campaign, action, network, id, actor) => campaign.moderation.postAction(action, network, id, actor)),
  );
  staffRoute(
    "authorAction",
    jsonBody(),
    moderationAction(AUTHOR_ACTIONS, "author", "authorId", (campaign, action, network, id, actor, body) =>
      campaign.moderation.authorAction(action, network, id, actor, body?.post),
    ),
  );
  staffRoute("moderationMode", jsonBody(), async (req, res) => {
    answer(res, await campaignOf(res).moderation.setMode(req.body, staffIdentity(res).actor), "");
  });
  staffRoute("moderationQueue", async (_req, res) => void res.json(await campaignOf(res).moderation.queue()));
  staffRoute("moderationState", async (_req, res) => void res.json(await campaignOf(res).moderation.state()));
  staffRoute("moderationAudit", async (req, res) => void res.json(await campaignOf(res).moderation.audit(req.query.limit)));
  staffRoute("moderatedPosts", async (req, res) => {
    res.json(await campaignOf(res).moderation.posts(req.query));
  });
  staffRoute("moderatedPost", async (req, res) => {
    const id = joinedId(req.params.id);
    const network = String(req.params.network);
    const found = await campaignOf(res).moderation.post(network, id);
    if (!found) res.status(404).json({ error: `no stored post ${network}:${id}` });
    else res.json(found);
  });
  staffRoute("blocklist", async (_req, res) => void res.json(await campaignOf(res).blocklist.view()));
  staffRoute("saveBlocklist", jsonBody(), async (req, res) => {
    res.json(await campaignOf(res).blocklist.save(req.body.words, staffIdentity(res).actor));
  });

  // Organizations and ROI.
  staffRoute("organizationHires", jsonBody(), async (req, res) => {
    res.json(await campaignOf(res).organizations.setHires(req.params.id as string, req.body.hires, staffIdentity(res).actor));
  });
  staffRoute("leaderboard", async (_req, res) => void res.json(await campaignOf(res).organizations.leaderboard()));
  staffRoute("organization", async (req, res) => void res.json(await campaignOf(res).organizations.detail(String(req.params.id))));
  staffRoute("roi", async (_req, res) => void res.json(await campaignOf(res).organizations.roi()));

  // Campaigns.
  staffRoute("staffCampaigns", async (_req, res) => void res.json(await campaigns.entries()));
  staffRoute("createCampaign", jsonBody(), async (req, res) => {
    res.status(201).json(await campaigns.create(req.body, staffIdentity(res).actor));
  });
  staffRoute("updateCampaign", jsonBody(), async (req, res) => {
    res.json(await campaigns.update(String(req.params.id), req.body, staffIdentity(res).actor));
  });
  staffRoute("archiveCampaign", async (req, res) => {
    res.json(await campaigns.setArchived(String(req.params.id), true, staffIdentity(res).actor));
  });
  staffRoute("unarchiveCampaign", async (req, res) => {
    res.json(await campaigns.setArchived(String(req.params.id), false, staffIdentity(res).actor));
  });
  // 202: the recount goes on after the answer; a second one while it runs is a 409.
  staffRoute("recountCampaign", async (req, res) => {
    res.status(202).json(await recounts.start(String(req.params.id), staffIdentity(res).actor));
  });
  staffRoute("recountStatus", async (req, res) => void res.json(await recounts.status(String(req.params.id))));

  // Staff accounts: admins only (the table says so).
  staffRoute("accounts", async (_req, res) => void res.json(await accounts.list()));
  staffRoute("createAccount", jsonBody(), async (req, res) => void res.status(201).json(await accounts.create(req.body)));
  staffRoute("updateAccount", jsonBody(), async (req, res) => void res.json(await accounts.update(String(req.params.id), req.body)));

  // Ingest tokens: the secret is in the create answer only.
  staffRoute("ingestTokens", async (_req, res) => void res.json(await deps.ingestTokens.list()));
  staffRoute("createIngestToken", jsonBody(), async (req, res) => {
    res.status(201).json(await deps.ingestTokens.create(req.body, staffIdentity(res).actor));
  });
  staffRoute("revokeIngestToken", async (req, res) => void res.json(await deps.ingestTokens.revoke(String(req.params.id))));

  // Exports. `?bom=1` (parsed to `bom: true`) starts the file with a byte order mark, for Excel.
  staffRoute("exportPosts", async (req, res) => {
    const { store, campaign } = campaignOf(res);
    await sendCsv(res, {
      fileName: exportFileName(campaign(), "posts"),
      columns: POSTS_COLUMNS,
      rows: postsRows(store.allPosts(), campaign()),
      bom: req.query.bom,
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  staffRoute("exportAggregates", async (req, res) => {
    const { store, campaign, organizations } = campaignOf(res);
    const [computed, hires] = await Promise.all([organizations.tally(), store.hires()]);
    await sendCsv(res, {
      fileName: exportFileName(campaign(), "aggregates"),
      columns: AGGREGATES_COLUMNS,
      rows: aggregatesRows(computed.tally, organizations.entries(computed.tally, hires)),
      bom: req.query.bom,
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });
  staffRoute("exportInsights", async (req, res) => {
    const { store, campaign } = campaignOf(res);
    const { snapshot } = await store.snapshot();
    await sendCsv(res, {
      fileName: exportFileName(campaign(), "insights"),
      columns: INSIGHTS_COLUMNS,
      rows: insightsRows(snapshot.insights ?? emptyInsights()),
      bom: req.query.bom,
    }).catch((err: unknown) => exportFailed(res, err, deps.logger));
  });

  // Privacy.
  staffRoute("eraseAuthor", jsonBody(), async (req, res) => void res.json(await deps.privacy.erase(req.body, staffIdentity(res).actor)));
  return router;
}

/** Before the first byte the error handler answers (503 for a store that is down); after it, the download is cut. */
function exportFailed(res: Response, err: unknown, logger: Logger): void {
  if (!res.headersSent) throw err;
  logger.warn({ err }, "export cut short");
}
