import { z } from "zod";
import { IngestTokenScopeSchema, MAX_INGEST_TOKENS } from "@pulse/shared";

/**
 * A stored ingest token: the public fields the staff API answers, and `digest`, the SHA-256 (hex) of its secret.
 * A digest, not bcrypt: the secrets are 32 random bytes, so there is nothing to guess from a digest, and a digest
 * is looked up directly (one hash-map read) rather than compared against every stored hash.
 */
export const IngestTokenRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  campaigns: IngestTokenScopeSchema,
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  createdBy: z.string().optional(),
});
/** A stored ingest token, with its secret's digest: never answered as it is. */
export type IngestTokenRecord = z.infer<typeof IngestTokenRecordSchema>;

/** Why a token write was refused; the API maps `full` to 409. */
export class IngestTokenRegistryError extends Error {
  override name = "IngestTokenRegistryError";
  constructor(
    readonly reason: "full" | "conflict",
    message: string,
  ) {
    super(message);
  }

  static full(max: number = MAX_INGEST_TOKENS): IngestTokenRegistryError {
    return new IngestTokenRegistryError("full", `there are already ${max} ingest tokens: revoke one before creating another`);
  }

  static conflict(id: string): IngestTokenRegistryError {
    return new IngestTokenRegistryError("conflict", `an ingest token with id ${id} or its secret already exists`);
  }
}

/**
 * The ingest tokens every node shares, as the staff accounts are: in memory (kept in DATA_DIR/ingest-tokens.json)
 * for a single node, in Redis for many. Both are held to one contract suite
 * (test/tokens/ingest-token-registry-contract.ts). No cache: each ingest request looks its token up afresh, so a
 * revoked token is refused on every node at its next request.
 */
export interface IngestTokenRegistry {
  /** Connects (Redis) or reads the file (DATA_DIR). */
  start(): Promise<void>;
  /** Every token, oldest first. */
  list(): Promise<IngestTokenRecord[]>;
  /** How many tokens there are (cheap: ingest asks it to tell "disabled" from "wrong token" when INGEST_TOKEN is unset). */
  count(): Promise<number>;
  /** The token whose secret has this digest. */
  byDigest(digest: string): Promise<IngestTokenRecord | undefined>;
  /** Stores a new token; `full` at `max` tokens (default MAX_INGEST_TOKENS). Atomic: two nodes cannot both pass the bound. */
  create(record: IngestTokenRecord, max?: number): Promise<IngestTokenRecord>;
  /** Removes a token (and its last use); answers the removed record, or undefined for an unknown id. */
  revoke(id: string): Promise<IngestTokenRecord | undefined>;
  /** Each token's last use (id → ISO time), as flushed by every node. */
  lastUses(): Promise<Record<string, string>>;
  /** Records uses (id → ISO time); a time older than the stored one is ignored (latest wins across nodes). */
  recordUses(uses: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}
