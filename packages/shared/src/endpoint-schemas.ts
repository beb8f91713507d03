/**
 * The zod schemas of every endpoint of {@link ENDPOINTS}: its `query`, its JSON `body` (with an `example` that a
 * 400 quotes) and its 2xx `response`. The server parses each request with them before its handler runs, a test
 * parses each real answer with them, and `EndpointShapes` (endpoints.ts) is inferred from them, so a request or an
 * answer cannot drift from what the table declares. Not part of `@pulse/shared/client`: the embeds carry no zod.
 */
import { z } from "zod";
import { InsightsSchema } from "./insights.js";
import {
  AuditLogSchema,
  BlocklistSchema,
  ErasureRequestSchema,
  ErasureResultSchema,
  HealthSchema,
  IngestResultSchema,
  LeaderboardViewSchema,
  ModeratedPostListSchema,
  ModerationQueueSchema,
  ModerationResultSchema,
  OrganizationDetailSchema,
  OrganizationHiresSchema,
  RoiReportSchema,
  StaffLogoutSchema,
  StaffSessionStatusSchema,
} from "./api.js";
import { BlocklistBodySchema } from "./blocklist-words.js";
import { CampaignSummarySchema, RecountStatusSchema, StaffCampaignEntrySchema } from "./campaign/listing.js";
import type { CsvText, EndpointName } from "./endpoints.js";
import {
  CampaignSchema,
  HeldPostsSchema,
  ModeratedPostSchema,
  ModerationModeSchema,
  ModerationStateSchema,
  PostModerationStateSchema,
  SnapshotSchema,
  type Campaign,
  type PostModerationState,
} from "./models.js";
import { MODERATION_LOG_LIMIT } from "./moderation.js";
import { CreateAccountBodySchema, StaffAccountSchema, UpdateAccountBodySchema } from "./staff-accounts.js";
import { CreatedIngestTokenSchema, CreateIngestTokenBodySchema, IngestTokenSchema } from "./ingest-tokens.js";

/** What an endpoint takes and answers; `example` is a body the 400 for a wrong one quotes. */
export interface EndpointSchema {
  query?: z.ZodType<unknown, Record<string, unknown>>;
  body?: z.ZodType;
  example?: string;
  response: z.ZodType;
}

/** Most posts one `GET /api/moderation/posts` returns. */
export const POSTS_LIST_LIMIT = 500;

/**
 * A search parameter as the client sends it (typed `T`); the server receives whatever the query string held (an
 * array for a repeated parameter), which the transform after it checks.
 */
function param<T extends string>() {
  return z.custom<T>(() => true).optional();
}

/** A search parameter holding an integer from 1 to `max`, `fallback` when absent or empty; a 400 naming it otherwise. */
function boundedInt(name: string, fallback: number, max: number) {
  return param<string>().transform((value, ctx) => {
    if (value === undefined || value === "") return fallback;
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    ctx.addIssue({ code: "custom", message: `${name}=${JSON.stringify(value)}: expected an integer from 1 to ${max}` });
    return z.NEVER;
  });
}

/**
 * `?campaign=<id>`: the campaign a staff endpoint acts on; absent or empty, the default campaign. The staff routes
 * resolve it before the handler (404 for an unknown or archived id): every endpoint whose query declares it.
 */
export const CampaignQuerySchema = z.object({ campaign: param<string>() });

/** `?bom=1` starts a CSV download with a byte order mark, for Excel; any other value is no mark. */
const BomQuerySchema = CampaignQuerySchema.extend({ bom: param<"1">().transform((value) => value === "1") });

/** The body of `PUT /api/staff/moderation/mode`. */
export const ModeBodySchema = z
  .object({ mode: ModerationModeSchema, held: HeldPostsSchema.optional() })
  .refine((body) => body.held === undefined || body.mode === "auto", {
    message: `"held" applies when leaving approve mode: send it with { "mode": "auto" }`,
    path: ["held"],
  });

/**
 * A campaign body: typed `Campaign` for clients, but let through as it is, because the campaign service checks
 * it whole (parseCampaign) and answers 400 with every bad field in `issues`, which a schema error here could not.
 */
const CampaignBodySchema = z.custom<Campaign>(() => true);

/**
 * The body of `POST /api/staff/login`: the staff token (the bootstrap admin) with an optional display name, or an
 * account's username and password.
 */
export const StaffLoginBodySchema = z
  .object({ token: z.string().optional(), name: z.string().optional(), username: z.string().optional(), password: z.string().optional() })
  .superRefine((body, ctx) => {
    if (body.username !== undefined) {
      if (!body.username.trim()) ctx.addIssue({ code: "custom", path: ["username"], message: "expected a username" });
      if (!body.password) ctx.addIssue({ code: "custom", path: ["password"], message: "expected the account's password" });
    } else if (!body.token) {
      ctx.addIssue({ code: "custom", path: ["token"], message: "expected the staff token, or a username and a password" });
    }
  });

/** Every endpoint's schemas, by the name it has in {@link ENDPOINTS}. */
export const ENDPOINT_SCHEMAS = {
  health: { response: HealthSchema },
  metrics: { response: z.string() },
  snapshot: { response: SnapshotSchema },
  campaign: { response: CampaignSchema },
  // Ingest reads JSON, an array or NDJSON and checks each item itself, and `?campaign=` (the campaign's id;
  // without it, the default campaign) before the body (routes/ingest-routes.ts).
  ingest: { query: z.object({ campaign: param<string>() }), body: z.unknown(), response: IngestResultSchema },
  campaignSnapshot: { response: SnapshotSchema },
  insights: { response: InsightsSchema },
  campaignInsights: { response: InsightsSchema },
  campaigns: { response: z.array(CampaignSummarySchema) },
  campaignById: { response: CampaignSchema },
  staffLogin: {
    body: StaffLoginBodySchema,
    example: `{ "token": "<STAFF_TOKEN>", "name": "Zoé" } or { "username": "zoe", "password": "…" }`,
    response: StaffSessionStatusSchema,
  },
  staffLogout: { response: StaffLogoutSchema },
  // `sso`: where "Sign in with SSO" starts, when OIDC_ISSUER is set.
  staffLoginMethods: { response: z.object({ password: z.literal(true), sso: z.string().nullable() }) },
  // Redirects (302), with no body: to the provider, then back to the console.
  staffOidcLogin: { response: z.null() },
  staffOidcCallback: { response: z.null() },
  staffSession: { response: StaffSessionStatusSchema },
  postAction: { query: CampaignQuerySchema, response: ModerationResultSchema },
  authorAction: {
    query: CampaignQuerySchema,
    // Optional: the post the author is blocked from, which names them in the audit log.
    body: z.object({ post: z.string().min(1).optional() }).optional(),
    example: `{ "post": "x:123" } (optional: the post the author is blocked from)`,
    response: ModerationResultSchema,
  },
  moderationMode: {
    query: CampaignQuerySchema,
    body: ModeBodySchema,
    example: `{ "mode": "auto" }, { "mode": "approve" } or, leaving approve mode, { "mode": "auto", "held": "release" } (or "keep")`,
    response: ModerationResultSchema,
  },
  moderationQueue: { query: CampaignQuerySchema, response: ModerationQueueSchema },
  moderationState: { query: CampaignQuerySchema, response: ModerationStateSchema },
  moderationAudit: { query: CampaignQuerySchema.extend({ limit: boundedInt("limit", 100, MODERATION_LOG_LIMIT) }), response: AuditLogSchema },
  moderatedPosts: {
    query: CampaignQuerySchema.extend({
      state: param<PostModerationState | "pinned">().transform((value, ctx) => {
        const state = z.union([PostModerationStateSchema, z.literal("pinned")]).optional().safeParse(value);
        if (state.success) return state.data;
        ctx.addIssue({ code: "custom", message: `state=${JSON.stringify(value)}: expected visible, hidden, blocked, pending or pinned` });
        return z.NEVER;
      }),
      limit: boundedInt("limit", 100, POSTS_LIST_LIMIT),
    }),
    response: ModeratedPostListSchema,
  },
  moderatedPost: { query: CampaignQuerySchema, response: ModeratedPostSchema },
  blocklist: { query: CampaignQuerySchema, response: BlocklistSchema },
  saveBlocklist: { query: CampaignQuerySchema, body: BlocklistBodySchema, example: `{ "words": ["arnaque", "free followers"] }`, response: BlocklistSchema },
  organizationHires: {
    query: CampaignQuerySchema,
    body: z.object({
      hires: z.number().int("expected a whole number").min(0, "expected 0 or more").max(10_000_000, "expected at most 10000000"),
    }),
    example: `{ "hires": 12 }`,
    response: OrganizationHiresSchema,
  },
  leaderboard: { query: CampaignQuerySchema, response: LeaderboardViewSchema },
  organization: { query: CampaignQuerySchema, response: OrganizationDetailSchema },
  roi: { query: CampaignQuerySchema, response: RoiReportSchema },
  staffCampaigns: { response: z.array(StaffCampaignEntrySchema) },
  createCampaign: { body: CampaignBodySchema, response: CampaignSchema },
  updateCampaign: { body: CampaignBodySchema, response: CampaignSchema },
  archiveCampaign: { response: StaffCampaignEntrySchema },
  unarchiveCampaign: { response: StaffCampaignEntrySchema },
  recountCampaign: { response: RecountStatusSchema },
  recountStatus: { response: RecountStatusSchema },
  accounts: { response: z.array(StaffAccountSchema) },
  createAccount: {
    body: CreateAccountBodySchema,
    example: `{ "username": "zoe", "displayName": "Zoé Martin", "role": "moderator", "password": "<at least 10 characters>" }`,
    response: StaffAccountSchema,
  },
  updateAccount: {
    body: UpdateAccountBodySchema,
    example: `{ "role": "viewer" }, { "disabled": true } or { "password": "<at least 10 characters>" }`,
    response: StaffAccountSchema,
  },
  ingestTokens: { response: z.array(IngestTokenSchema) },
  createIngestToken: {
    body: CreateIngestTokenBodySchema,
    example: `{ "name": "Agence Lumen", "campaigns": ["salon-2026"] } or { "name": "Agence Lumen", "campaigns": "all" }`,
    response: CreatedIngestTokenSchema,
  },
  revokeIngestToken: { response: IngestTokenSchema },
  exportPosts: { query: BomQuerySchema, response: z.custom<CsvText>((value) => typeof value === "string") },
  exportAggregates: { query: BomQuerySchema, response: z.custom<CsvText>((value) => typeof value === "string") },
  exportInsights: { query: BomQuerySchema, response: z.custom<CsvText>((value) => typeof value === "string") },
  eraseAuthor: {
    body: ErasureRequestSchema,
    example: `{ "network": "x", "authorId": "12345" } or { "network": "mastodon", "handle": "jeanne@example.social" }`,
    response: ErasureResultSchema,
  },
} as const satisfies Record<EndpointName, EndpointSchema>;

/** The schemas of the endpoint `N`. */
type SchemasOf<N extends EndpointName> = (typeof ENDPOINT_SCHEMAS)[N];

/** The query of an endpoint as its handler receives it, parsed (numbers, booleans, defaults filled); `never` when it reads none. */
export type ParsedQueryOf<N extends EndpointName> = SchemasOf<N> extends { query: z.ZodType } ? z.output<SchemasOf<N>["query"]> : never;
/** The body of an endpoint as its handler receives it, parsed; `unknown` when it takes none. */
export type ParsedBodyOf<N extends EndpointName> = SchemasOf<N> extends { body: z.ZodType } ? z.output<SchemasOf<N>["body"]> : unknown;
