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

/** One endpoint: its method, its path and the v1 paths that stay as aliases of it. */
export interface EndpointSpec {
  method: "GET" | "POST" | "PUT";
  path: string;
  /** The v1 contract's paths for the same endpoint, answered as well. */
  aliases?: readonly string[];
  /** Behind staff credentials. */
  staff?: true;
}

/** The v1 path of a staff path: the same without `/staff` (`/api/staff/moderation/mode` → `/api/moderation/mode`). */
type V1Path<P extends string> = P extends `${typeof STAFF_PREFIX}/${infer Rest}` ? `/api/${Rest}` : never;

/** A staff endpoint that the v1 contract named without `/staff`, which stays answered there too. */
function staffWithV1<M extends EndpointSpec["method"], P extends `${typeof STAFF_PREFIX}/${string}`>(method: M, path: P) {
  const v1 = `/api/${path.slice(STAFF_PREFIX.length + 1)}` as V1Path<P>;
  return { method, path, aliases: [v1] as const, staff: true as const };
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
  staffSession: { method: "GET", path: "/api/staff/session", staff: true },
  // Moderation.
  postAction: staffWithV1("POST", "/api/staff/moderation/posts/:network/*id/:action"),
  authorAction: staffWithV1("POST", "/api/staff/moderation/authors/:network/*authorId/:action"),
  moderationMode: staffWithV1("PUT", "/api/staff/moderation/mode"),
  moderationQueue: staffWithV1("GET", "/api/staff/moderation/queue"),
  moderationState: staffWithV1("GET", "/api/staff/moderation/state"),
  moderationAudit: staffWithV1("GET", "/api/staff/moderation/audit"),
  moderatedPosts: staffWithV1("GET", "/api/staff/moderation/posts"),
  moderatedPost: staffWithV1("GET", "/api/staff/moderation/posts/:network/*id"),
  blocklist: staffWithV1("GET", "/api/staff/moderation/blocklist"),
  saveBlocklist: staffWithV1("PUT", "/api/staff/moderation/blocklist"),
  // Organizations and ROI.
  organizationHires: staffWithV1("PUT", "/api/staff/organizations/:id/hires"),
  leaderboard: { method: "GET", path: "/api/staff/organizations", staff: true },
  organization: { method: "GET", path: "/api/staff/organizations/:id", staff: true },
  roi: { method: "GET", path: "/api/staff/roi", staff: true },
  // Campaigns.
  staffCampaigns: { method: "GET", path: "/api/staff/campaigns", staff: true },
  createCampaign: { method: "POST", path: "/api/staff/campaigns", staff: true },
  updateCampaign: { method: "PUT", path: "/api/staff/campaigns/:id", staff: true },
  archiveCampaign: { method: "POST", path: "/api/staff/campaigns/:id/archive", staff: true },
  unarchiveCampaign: { method: "POST", path: "/api/staff/campaigns/:id/unarchive", staff: true },
  recountCampaign: { method: "POST", path: "/api/staff/campaigns/:id/recount", staff: true },
  recountStatus: { method: "GET", path: "/api/staff/campaigns/:id/recount", staff: true },
  // Exports.
  exportPosts: staffWithV1("GET", "/api/staff/export/posts.csv"),
  exportAggregates: staffWithV1("GET", "/api/staff/export/aggregates.csv"),
  exportInsights: { method: "GET", path: "/api/staff/export/insights.csv", staff: true },
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
