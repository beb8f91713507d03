/**
 * Ingest tokens per client (issue 18): named bearer tokens for `POST /api/ingest`, each scoped to some campaigns or
 * to all, created and revoked by admins. The secret is answered once, at creation; the server keeps its SHA-256
 * digest only. `INGEST_TOKEN` stays a token scoped to all campaigns.
 */
import { z } from "zod";
import { INGEST_TOKEN_CAMPAIGNS_MAX, INGEST_TOKEN_NAME_MAX } from "./ingest-token-limits.js";

export * from "./ingest-token-limits.js";

/** A token's scope: `"all"`, or the ids of the campaigns it may ingest into. */
export const IngestTokenScopeSchema = z.union([
  z.literal("all"),
  z
    .array(z.string({ error: "expected campaign ids" }).trim().min(1, "expected a campaign id").max(100, "expected a campaign id of at most 100 characters"), {
      error: 'expected "all" or a list of campaign ids',
    })
    .min(1, 'expected at least one campaign id, or "all"')
    .max(INGEST_TOKEN_CAMPAIGNS_MAX, `expected at most ${INGEST_TOKEN_CAMPAIGNS_MAX} campaign ids, or "all"`),
], { error: 'expected "all" or a list of campaign ids' });
/** A token's scope. */
export type IngestTokenScope = z.infer<typeof IngestTokenScopeSchema>;

/** One ingest token as the staff API answers it: never its secret or its digest. */
export const IngestTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  campaigns: IngestTokenScopeSchema,
  createdAt: z.string(),
  /** Who created it (the staff member's name), when known. */
  createdBy: z.string().optional(),
  /** The last ingest request it was accepted for, on any node (flushed every few seconds); null: never used. */
  lastUsedAt: z.string().nullable(),
});
/** An ingest token, as listed. */
export type IngestToken = z.infer<typeof IngestTokenSchema>;

/** The answer of `POST /api/staff/ingest-tokens`: the token and, this once only, its secret. */
export const CreatedIngestTokenSchema = IngestTokenSchema.extend({ secret: z.string() });
/** A token just created, with its secret. */
export type CreatedIngestToken = z.infer<typeof CreatedIngestTokenSchema>;

/** The body of `POST /api/staff/ingest-tokens`. */
export const CreateIngestTokenBodySchema = z.object({
  name: z
    .string({ error: "expected a name, such as the partner's" })
    .trim()
    .min(1, "expected a name, such as the partner's")
    .max(INGEST_TOKEN_NAME_MAX, `expected a name of at most ${INGEST_TOKEN_NAME_MAX} characters`),
  campaigns: IngestTokenScopeSchema,
});

/** One token's last use in `/healthz`: its name and id, never its secret or digest. `INGEST_TOKEN` is listed as id `INGEST_TOKEN`. */
export const IngestTokenUseSchema = z.object({ id: z.string(), name: z.string(), lastUsedAt: z.string().nullable() });
/** One token's last use. */
export type IngestTokenUse = z.infer<typeof IngestTokenUseSchema>;
