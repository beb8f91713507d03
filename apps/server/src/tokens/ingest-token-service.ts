import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { INGEST_TOKEN_PREFIX, type CreatedIngestToken, type IngestToken, type IngestTokenScope, type IngestTokenUse, type ParsedBodyOf } from "@pulse/shared";
import { safeEqual } from "../http/bearer-auth.js";
import { badRequest, conflict, notFound } from "../staff/staff-errors.js";
import { IngestTokenRegistryError, type IngestTokenRecord, type IngestTokenRegistry } from "./ingest-token-registry.js";

/** The id (and name) `INGEST_TOKEN` goes by in `/healthz` and the last uses. */
export const ENV_TOKEN_ID = "INGEST_TOKEN";
/** How often each node writes the last uses it saw to the registry: at most one write per interval, whatever the load. */
export const LAST_USE_FLUSH_MS = 5000;

/**
 * The SHA-256 (hex) of a secret: what the registry keeps and looks up. Right for random 32-byte secrets, which
 * cannot be guessed from their digest; a slow hash (bcrypt) is for passwords people choose.
 */
export function tokenDigest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Who a bearer secret is: `INGEST_TOKEN` or a stored token, with the campaigns it may ingest into. */
export interface IngestCaller {
  id: string;
  name: string;
  campaigns: IngestTokenScope;
}

/** Options of an `IngestTokenService`. */
export interface IngestTokenServiceOptions {
  registry: IngestTokenRegistry;
  /** `INGEST_TOKEN`: a token scoped to all campaigns. */
  envToken?: string;
  /** Whether a campaign id exists (a token's scope must name existing campaigns). */
  campaignExists(id: string): Promise<boolean>;
  /** The clock of `createdAt` and last uses. */
  now?: () => Date;
  /** How often last uses are flushed; default {@link LAST_USE_FLUSH_MS}. */
  flushMs?: number;
  logger?: Logger;
}

/**
 * Ingest tokens per client: created, listed and revoked by admins (routes → this service → the registry), and the
 * check of each ingest request's bearer. A secret is `pulse_` and 32 random bytes in base64url, answered once; the
 * registry keeps its SHA-256 digest. Each request looks its digest up afresh (no cache), so a revoke applies on
 * every node at the next request. Last uses are kept in memory and flushed at most every `flushMs` (and at close),
 * the latest of every node winning.
 */
export class IngestTokenService {
  readonly #registry: IngestTokenRegistry;
  readonly #envToken: string | undefined;
  readonly #campaignExists: (id: string) => Promise<boolean>;
  readonly #now: () => Date;
  readonly #flushMs: number;
  readonly #logger: Logger | undefined;
  /** Uses seen since the last flush (id → ISO time); bounded by the number of tokens. */
  #pending = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: IngestTokenServiceOptions) {
    this.#registry = options.registry;
    this.#envToken = options.envToken;
    this.#campaignExists = options.campaignExists;
    this.#now = options.now ?? (() => new Date());
    this.#flushMs = options.flushMs ?? LAST_USE_FLUSH_MS;
    this.#logger = options.logger;
  }

  /** Starts the periodic flush of last uses. */
  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.#flushMs);
    this.#timer.unref();
  }

  /** Stops the flush, after writing what is pending. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** Writes the pending last uses (one registry write); kept for the next flush if it fails. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const uses = Object.fromEntries(this.#pending);
      this.#pending = new Map();
      try {
        await this.#registry.recordUses(uses);
      } catch (err) {
        this.#logger?.warn({ err }, "ingest tokens: could not save last uses; trying again at the next flush");
        for (const [id, at] of Object.entries(uses)) if (!this.#pending.has(id)) this.#pending.set(id, at);
      }
    });
    return this.#flushing;
  }

  /**
   * Who a bearer secret is, or undefined for an unknown (or revoked) one. `disabled`: there is no `INGEST_TOKEN`
   * and no stored token, so ingest is off (403, as before tokens existed).
   */
  async authenticate(secret: string | undefined): Promise<IngestCaller | "disabled" | undefined> {
    if (secret !== undefined && this.#envToken !== undefined && safeEqual(secret, this.#envToken)) {
      return { id: ENV_TOKEN_ID, name: ENV_TOKEN_ID, campaigns: "all" };
    }
    // Only a secret shaped as ours is looked up: anything else cannot match, and costs no Redis read.
    const record = secret?.startsWith(INGEST_TOKEN_PREFIX) && secret.length <= 100 ? await this.#registry.byDigest(tokenDigest(secret)) : undefined;
    if (record) return { id: record.id, name: record.name, campaigns: record.campaigns };
    if (this.#envToken === undefined && (await this.#registry.count()) === 0) return "disabled";
    return undefined;
  }

  /** Notes a use of the token (kept in memory until the next flush). */
  used(id: string): void {
    this.#pending.set(id, this.#now().toISOString());
  }

  async list(): Promise<IngestToken[]> {
    const [records, uses] = await Promise.all([this.#registry.list(), this.#lastUses()]);
    return records.map((record) => publicToken(record, uses[record.id]));
  }

  /**
   * Each token's last use for `/healthz`: `INGEST_TOKEN` first (when set), then the stored tokens. Undefined while no
   * token was created, so that `/healthz` answers as it did before tokens (the contract's shape).
   */
  async health(): Promise<IngestTokenUse[] | undefined> {
    const [records, uses] = await Promise.all([this.#registry.list(), this.#lastUses()]);
    if (records.length === 0) return undefined;
    const env: IngestTokenUse[] = this.#envToken === undefined ? [] : [{ id: ENV_TOKEN_ID, name: ENV_TOKEN_ID, lastUsedAt: uses[ENV_TOKEN_ID] ?? null }];
    return [...env, ...records.map(({ id, name }) => ({ id, name, lastUsedAt: uses[id] ?? null }))];
  }

  /** Creates a token and answers it with its secret, this once. 400 naming unknown campaigns; 409 at the bound. */
  async create(body: ParsedBodyOf<"createIngestToken">, createdBy?: string): Promise<CreatedIngestToken> {
    const campaigns = body.campaigns === "all" ? "all" : [...new Set(body.campaigns)];
    if (campaigns !== "all") {
      const known = await Promise.all(campaigns.map((id) => this.#campaignExists(id)));
      const unknown = campaigns.filter((_, i) => !known[i]);
      if (unknown.length > 0) throw badRequest(`campaigns: no campaign has id ${unknown.join(", ")}: expected ids of existing campaigns, or "all"`);
    }
    const secret = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const record: IngestTokenRecord = {
      id: `tok_${randomBytes(9).toString("base64url")}`,
      name: body.name,
      campaigns,
      digest: tokenDigest(secret),
      createdAt: this.#now().toISOString(),
      ...(createdBy ? { createdBy } : {}),
    };
    const stored = await this.#registry.create(record).catch((err: unknown) => {
      if (err instanceof IngestTokenRegistryError) throw conflict(err.message);
      throw err;
    });
    return { ...publicToken(stored, undefined), secret };
  }

  /** Revokes a token: refused at its next request on every node. 404 for an unknown id. */
  async revoke(id: string): Promise<IngestToken> {
    const uses = await this.#lastUses();
    const record = await this.#registry.revoke(id);
    if (!record) throw notFound(`no ingest token has id ${id}`);
    this.#pending.delete(id);
    return publicToken(record, uses[id]);
  }

  /** The stored last uses, with this node's newer pending ones over them. */
  async #lastUses(): Promise<Record<string, string>> {
    const uses = await this.#registry.lastUses();
    for (const [id, at] of this.#pending) if (!uses[id] || uses[id] < at) uses[id] = at;
    return uses;
  }
}

/** A token as the API answers it: without its digest. */
function publicToken(record: IngestTokenRecord, lastUsedAt: string | undefined): IngestToken {
  const { id, name, campaigns, createdAt, createdBy } = record;
  return { id, name, campaigns, createdAt, ...(createdBy ? { createdBy } : {}), lastUsedAt: lastUsedAt ?? null };
}
