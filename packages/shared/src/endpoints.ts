/**
 * The HTTP contract, declared once: every public, ingest and staff endpoint with its method, its path (Express 5
 * syntax: `:name` is one segment, `*name` one or more, for ids that hold `/`), the v1 paths it still answers on,
 * and (in {@link EndpointShapes}, inferred from the schemas of endpoint-schemas.ts) the types of its query, body and
 * answer. The server mounts its routes from this table and the web app builds its requests from it, so neither a
 * path nor a shape can drift. Plain data, and types only from zod: the browser's smallest bundles import it.
 */
import type { z } from "zod";
import type { ENDPOINT_SCHEMAS } from "./endpoint-schemas.js";
import type { AuthorAction, PostAction } from "./moderation-actions.js";

/** The prefix every staff endpoint shares. */
export const STAFF_PREFIX = "/api/staff";

/** A staff account's role; each role may do everything the roles after it may. */
export const STAFF_ROLES = ["admin", "moderator", "viewer"] as const;
/**
 * - `admin`: campaigns, accounts, tokens, settings, erasure;
 * - `moderator`: moderation, the queue, the blocklist and hires;
 * - `viewer`: the read-only console and exports.
 */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Whether a holder of `role` may call an endpoint that needs `needed` (admin ⊇ moderator ⊇ viewer). */
export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) <= STAFF_ROLES.indexOf(needed);
}

/** One endpoint: its method, its path and the v1 paths that stay as aliases of it. */
export interface EndpointSpec {
  method: "GET" | "POST" | "PUT";
  path: string;
  /** The v1 contract's paths for the same endpoint, answered as well. */
  aliases?: readonly string[];
  /** Behind staff credentials: the least role that may call it. */
  staff?: StaffRole;
}

/** The v1 path of a staff path: the same without `/staff` (`/api/staff/moderation/mode` → `/api/moderation/mode`). */
type V1Path<P extends string> = P extends `${typeof STAFF_PREFIX}/${infer Rest}` ? `/api/${Rest}` : never;

/** A staff endpoint that the v1 contract named without `/staff`, which stays answered there too. */
function staffWithV1<M extends EndpointSpec["method"], P extends `${typeof STAFF_PREFIX}/${string}`, R extends StaffRole>(method: M, path: P, staff: R) {
  const v1 = `/api/${path.slice(STAFF_PREFIX.length + 1)}` as V1Path<P>;
  return { method, path, aliases: [v1] as const, staff };
}

/** Every endpoint the server answers, by name. */
export const ENDPOINTS = {
  // Public.
  health: { method: "GET", path: "/healthz" },
  metrics: { method: "GET", path: "/metrics" },
  snapshot: { method: "GET", path: "/api/snapshot" },
  campaign: { method: "GET", path: "/api/campaign" },
  ingest: { method: "POST", path: "/api/ingest" },
  campaigns: { method: "GET", path: "/api/campaigns" },
  campaignById: { method: "GET", path: "/api/c/:id/campaign" },
  // Many campaigns (v2): one campaign's public reads.
  campaignSnapshot: { method: "GET", path: "/api/c/:id/snapshot" },
  // Insights (v2): the default campaign's and one campaign's.
  insights: { method: "GET", path: "/api/insights" },
  campaignInsights: { method: "GET", path: "/api/c/:id/insights" },
  // Staff session: login and logout take no credentials.
  staffLogin: { method: "POST", path: "/api/staff/login" },
  staffLogout: { method: "POST", path: "/api/staff/logout" },
  // How staff may sign in, and the OpenID Connect sign-in's redirect and callback: no credentials either.
  staffLoginMethods: { method: "GET", path: "/api/staff/login/methods" },
  staffOidcLogin: { method: "GET", path: "/api/staff/oidc/login" },
  staffOidcCallback: { method: "GET", path: "/api/staff/oidc/callback" },
  staffSession: { method: "GET", path: "/api/staff/session", staff: "viewer" },
  // Moderation.
  postAction: staffWithV1("POST", "/api/staff/moderation/posts/:network/*id/:action", "moderator"),
  authorAction: staffWithV1("POST", "/api/staff/moderation/authors/:network/*authorId/:action", "moderator"),
  moderationMode: staffWithV1("PUT", "/api/staff/moderation/mode", "moderator"),
  moderationQueue: staffWithV1("GET", "/api/staff/moderation/queue", "viewer"),
  moderationState: staffWithV1("GET", "/api/staff/moderation/state", "viewer"),
  moderationAudit: staffWithV1("GET", "/api/staff/moderation/audit", "viewer"),
  moderatedPosts: staffWithV1("GET", "/api/staff/moderation/posts", "viewer"),
  moderatedPost: staffWithV1("GET", "/api/staff/moderation/posts/:network/*id", "viewer"),
  blocklist: staffWithV1("GET", "/api/staff/moderation/blocklist", "viewer"),
  saveBlocklist: staffWithV1("PUT", "/api/staff/moderation/blocklist", "moderator"),
  // Organizations and ROI.
  organizationHires: staffWithV1("PUT", "/api/staff/organizations/:id/hires", "moderator"),
  leaderboard: { method: "GET", path: "/api/staff/organizations", staff: "viewer" },
  organization: { method: "GET", path: "/api/staff/organizations/:id", staff: "viewer" },
  roi: { method: "GET", path: "/api/staff/roi", staff: "viewer" },
  // Campaigns.
  staffCampaigns: { method: "GET", path: "/api/staff/campaigns", staff: "viewer" },
  createCampaign: { method: "POST", path: "/api/staff/campaigns", staff: "admin" },
  updateCampaign: { method: "PUT", path: "/api/staff/campaigns/:id", staff: "admin" },
  archiveCampaign: { method: "POST", path: "/api/staff/campaigns/:id/archive", staff: "admin" },
  unarchiveCampaign: { method: "POST", path: "/api/staff/campaigns/:id/unarchive", staff: "admin" },
  recountCampaign: { method: "POST", path: "/api/staff/campaigns/:id/recount", staff: "admin" },
  recountStatus: { method: "GET", path: "/api/staff/campaigns/:id/recount", staff: "viewer" },
  // Staff accounts (issue 18): admins create, list, edit and disable them.
  accounts: { method: "GET", path: "/api/staff/accounts", staff: "admin" },
  createAccount: { method: "POST", path: "/api/staff/accounts", staff: "admin" },
  updateAccount: { method: "PUT", path: "/api/staff/accounts/:id", staff: "admin" },
  // Ingest tokens per client (issue 18): every role sees them and their last use; admins create and revoke them.
  ingestTokens: { method: "GET", path: "/api/staff/ingest-tokens", staff: "viewer" },
  createIngestToken: { method: "POST", path: "/api/staff/ingest-tokens", staff: "admin" },
  revokeIngestToken: { method: "POST", path: "/api/staff/ingest-tokens/:id/revoke", staff: "admin" },
  // Exports.
  exportPosts: staffWithV1("GET", "/api/staff/export/posts.csv", "viewer"),
  exportAggregates: staffWithV1("GET", "/api/staff/export/aggregates.csv", "viewer"),
  exportInsights: { method: "GET", path: "/api/staff/export/insights.csv", staff: "viewer" },
  // Privacy: erase an author from every campaign (docs/privacy.md).
  eraseAuthor: { method: "POST", path: "/api/staff/privacy/erase", staff: "admin" },
} as const satisfies Record<string, EndpointSpec>;

/** The name of a declared endpoint. */
export type EndpointName = keyof typeof ENDPOINTS;

/** A CSV download (`text/csv`), not JSON. */
export type CsvText = string & { readonly csv?: never };

/**
 * What each endpoint takes and answers, inferred from its schemas (endpoint-schemas.ts): `query` (the search
 * parameters) and `body` (JSON) as a client sends them, and `response` (the 2xx body). Errors are `{ error }`
 * throughout (see docs/staff-api.md).
 */
export type EndpointShapes = {
  [N in EndpointName]: {
    [K in keyof (typeof ENDPOINT_SCHEMAS)[N] & ("query" | "body" | "response")]: K extends "response"
      ? z.output<(typeof ENDPOINT_SCHEMAS)[N][K]>
      : z.input<(typeof ENDPOINT_SCHEMAS)[N][K]>;
  };
};

/** The 2xx answer of an endpoint. */
export type ResponseOf<N extends EndpointName> = EndpointShapes[N]["response"];
/** The JSON body an endpoint takes, or `never` when it takes none. */
export type BodyOf<N extends EndpointName> = EndpointShapes[N] extends { body: infer B } ? B : never;
/** The search parameters an endpoint reads, or `never` when it reads none. */
export type QueryOf<N extends EndpointName> = EndpointShapes[N] extends { query: infer Q } ? Q : never;

/** The parameter names of a path: `:network` and `*id` segments. */
type ParamNames<P extends string> = P extends `${string}/${":" | "*"}${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}/${":" | "*"}${infer Name}`
    ? Name
    : never;

/** The values of an endpoint's path parameters; `action` is typed by the moderation enum. */
export type ParamsOf<N extends EndpointName> = {
  [K in ParamNames<(typeof ENDPOINTS)[N]["path"]>]: K extends "action"
    ? N extends "postAction"
      ? PostAction
      : N extends "authorAction"
        ? AuthorAction
        : string
    : string;
};

/** The request a typed call sends: parameters only when the path has some, a query or body only where declared. */
export type RequestOf<N extends EndpointName> = ([keyof ParamsOf<N>] extends [never] ? { params?: never } : { params: ParamsOf<N> }) &
  ([QueryOf<N>] extends [never] ? { query?: never } : { query?: QueryOf<N> }) &
  ([BodyOf<N>] extends [never] ? { body?: never } : { body: BodyOf<N> });

/**
 * The path of a request to an endpoint: its parameters URL-encoded, each as one segment (Bluesky and Mastodon ids
 * hold `/` and `:`, which the server joins back), and its query appended.
 */
export function endpointPath<N extends EndpointName>(
  name: N,
  ...[request]: [keyof ParamsOf<N>] extends [never] ? [request?: { query?: QueryOf<N> }] : [request: { params: ParamsOf<N>; query?: QueryOf<N> }]
): string {
  const { params, query } = (request ?? {}) as { params?: Record<string, string>; query?: Record<string, string | undefined> };
  const path = ENDPOINTS[name].path.replace(/[:*](\w+)/g, (_, key: string) => encodeURIComponent(params?.[key] ?? ""));
  const search = Object.entries(query ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
  return search ? `${path}?${search}` : path;
}
