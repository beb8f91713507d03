/**
 * The one place that reads `process.env`. Every variable of the contract is validated once at start-up;
 * a bad value stops the process with a one-line error naming the variable.
 */
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { CAMPAIGN_ID_PATTERN, NETWORK_MEDIA_HOSTS } from "@pulse/shared";
import type { RedisNode, RedisTarget } from "./store/guarded-redis.js";

const SOURCE_PATTERN = /^(simulator|none|x|mastodon|bluesky|replay:.+)$/;

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

/** Requests a client may make per `RATE_LIMIT_WINDOW_MS`; empty keeps the default, `0` turns the limit off. */
function requestLimit(fallback: number) {
  const message = "expected a whole number of requests per window, 0 to turn the limit off";
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ error: message }).int(message).min(0, message).default(fallback),
  );
}

/** The shortest `STAFF_TOKEN` or `INGEST_TOKEN` accepted: a short token can be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/** A bearer token: unset, or at least `MIN_TOKEN_LENGTH` characters. */
const tokenSchema = optionalString.pipe(
  z
    .string()
    .min(MIN_TOKEN_LENGTH, `expected at least ${MIN_TOKEN_LENGTH} characters, such as the output of: openssl rand -hex 16`)
    .optional(),
);

/** Variables whose value an error never repeats. */
const SECRET_VARIABLES = new Set(["INGEST_TOKEN", "STAFF_TOKEN", "X_BEARER_TOKEN", "MASTODON_TOKEN", "METRICS_TOKEN", "OIDC_CLIENT_SECRET"]);

const TRUST_PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An IP address, or a subnet in CIDR notation (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrSubnet(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy`: which hops in front of the node may set `X-Forwarded-For` (hence the client IP that
 * per-IP rate limits count). Off by default; a hop count (`1`) or addresses, subnets and the names `loopback`,
 * `linklocal`, `uniquelocal`. `true` (trust anyone) is refused: any client could then pick its own IP.
 */
const TrustProxySchema = z
  .string()
  .default("")
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim().toLowerCase();
    if (value === "" || value === "false" || value === "off" || value === "0") return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
    if (value !== "true" && entries.every((e) => TRUST_PROXY_NAMES.has(e) || isAddressOrSubnet(e))) return entries;
    ctx.addIssue({
      code: "custom",
      message: "expected a number of proxy hops such as 1, or proxy addresses, subnets or loopback, linklocal, uniquelocal (true is refused: any client could then choose its IP)",
    });
    return z.NEVER;
  });

/** A comma-separated list of sources. */
const SourceListSchema = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(
    z
      .array(z.string().regex(SOURCE_PATTERN, "expected simulator, none, replay:<path>, x, mastodon or bluesky"))
      .min(1, "expected at least one source"),
  );

/** A host name (or IPv4 address), or a bracketed IPv6 address, with an optional port. */
const MEDIA_HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** `MEDIA_HOSTS`: comma-separated hosts post media may also load from, lower-cased, as `isAllowedMediaUrl` compares them. */
const MediaHostsSchema = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const hosts = raw
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h.length > 0);
    for (const host of hosts) {
      const port = MEDIA_HOST_PATTERN.exec(host)?.[1];
      if (MEDIA_HOST_PATTERN.test(host) && (port === undefined || (Number(port) >= 1 && Number(port) <= 65535))) continue;
      ctx.addIssue({
        code: "custom",
        message: `expected comma-separated host names with an optional port, such as files.mastodon.social,media.example.org:8443 (no scheme, path or wildcard); ${JSON.stringify(host)} is not one`,
      });
      return z.NEVER;
    }
    return hosts;
  });

/** `REDIS_SENTINELS`: comma-separated `host:port` of the Sentinels to ask for the primary (IPv6 in brackets). */
const SentinelsSchema = z
  .string()
  .default("")
  .transform((raw, ctx): RedisNode[] => {
    const entries = raw.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
    const nodes: RedisNode[] = [];
    for (const entry of entries) {
      const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) {
        ctx.addIssue({ code: "custom", message: `expected comma-separated host:port of Redis Sentinels, such as sentinel-1:26379,sentinel-2:26379; ${JSON.stringify(entry)} is not one` });
        return z.NEVER;
      }
      nodes.push({ host: (match[1] as string).replace(/^\[(.*)\]$/, "$1"), port });
    }
    return nodes;
  });

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString,
  /**
   * Serves `/metrics` on a listener of its own on this port (0: any free port, for tests), and no longer on PORT.
   * Unset: `/metrics` is on PORT, behind METRICS_TOKEN or, without one, for direct loopback requests only.
   */
  METRICS_PORT: optionalString.pipe(
    z.coerce
      .number<string>({ error: "expected a port number for the metrics listener, such as 9464" })
      .int("expected a port number for the metrics listener, such as 9464")
      .min(0, "expected a port number between 0 and 65535")
      .max(65535, "expected a port number between 0 and 65535")
      .optional(),
  ),
  /** The address the metrics listener binds: the loopback unless a scraper on another host needs it. */
  METRICS_HOST: optionalString.transform((s) => s ?? "127.0.0.1"),
  /** A bearer token that opens `/metrics` on PORT (`Authorization: Bearer …`) to a scraper that cannot use METRICS_PORT. */
  METRICS_TOKEN: tokenSchema,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/.+/, "expected a redis:// or rediss:// URL, such as redis://127.0.0.1:6379/0")
      .optional(),
  ),
  /** Sentinels to ask for the primary (and to follow its failovers) instead of one fixed REDIS_URL. */
  REDIS_SENTINELS: SentinelsSchema,
  /** The primary's name in the Sentinels' configuration (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_NAME: optionalString,
  /** Ingest answers 202 only once WAIT says this many replicas have the batch; 0 does not wait. */
  REDIS_WAIT_REPLICAS: z.coerce
    .number({ error: "expected a number of replicas, 0 not to wait" })
    .int("expected a whole number of replicas, 0 not to wait")
    .min(0, "expected a number of replicas, 0 not to wait")
    .max(16, "expected at most 16 replicas")
    .default(0),
  /** How long WAIT may wait for the replicas before ingest answers 503; below the 2 s a Redis command may take. */
  REDIS_WAIT_TIMEOUT_MS: z.coerce
    .number({ error: "expected milliseconds between 10 and 1500, such as 500" })
    .int("expected whole milliseconds between 10 and 1500, such as 500")
    .min(10, "expected milliseconds between 10 and 1500, such as 500")
    .max(1500, "expected milliseconds between 10 and 1500 (a Redis command may take 2 s in all)")
    .default(500),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[^{}\s]*$/, "expected a key prefix without braces or spaces, such as pulse:")
    .default("pulse:"),
  /** Unset: the simulator for the built-in campaign, none for a CAMPAIGN_FILE (see the transform below). */
  SOURCE: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? undefined : s))
    .pipe(SourceListSchema.optional()),
  SIM_SPEED: z.coerce.number().positive("expected a number of simulated seconds per real second above 0").default(60),
  SIM_SEED: z.coerce.number().int().default(20150224),
  CAMPAIGN_FILE: optionalString,
  /** The campaign v1 paths and clients that name none see; unset: the first one imported (built-in or CAMPAIGN_FILE). */
  DEFAULT_CAMPAIGN: optionalString.pipe(
    z
      .string()
      .regex(CAMPAIGN_ID_PATTERN, "expected a campaign id: lower-case letters, digits and dashes, such as salon-agriculture-2026")
      .optional(),
  ),
  TICK_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** The live feed's pace: posts a second that come on screen once a burst is spent; 0 shows every post. */
  FEED_MAX_PER_SEC: z.coerce
    .number({ error: "expected a number of posts a second the live feed may show, 0 for every post" })
    .min(0, "expected a number of posts a second the live feed may show, 0 for every post")
    .default(10),
  INGEST_TOKEN: tokenSchema,
  INGEST_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  STAFF_TOKEN: tokenSchema,
  /** The window of every rate limit below. */
  RATE_LIMIT_WINDOW_MS: z.coerce
    .number({ error: "expected a window in milliseconds, such as 60000" })
    .int("expected a window in milliseconds, such as 60000")
    .min(1000, "expected a window of at least 1000 ms")
    .max(24 * 60 * 60 * 1000, "expected a window of at most a day (86400000 ms)")
    .default(60_000),
  /** `POST /api/ingest` requests per window, per client IP and per bearer token. */
  INGEST_RATE_LIMIT: requestLimit(600),
  /**
   * Staff API requests per window, per client IP and per credential (bearer token or session). A console makes
   * about 100 to 150 a minute while in use, and several moderators may share one office address.
   */
  STAFF_RATE_LIMIT: requestLimit(600),
  /** Wrong staff tokens (failed logins, wrong bearer tokens) per window per client IP; the IP then waits the window out. */
  STAFF_AUTH_FAILURE_LIMIT: requestLimit(10),
  TRUST_PROXY: TrustProxySchema,
  /** Staff sign-in through OpenID Connect (optional): the provider's issuer URL, Pulse's client there, the role claim. */
  OIDC_ISSUER: optionalString.pipe(z.url({ protocol: /^https?$/, error: "expected the provider's issuer URL, such as https://login.example.org/realms/pulse" }).optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** The claim (ID token or userinfo) whose value is the staff role: admin, moderator or viewer. */
  OIDC_ROLE_CLAIM: z.string().trim().min(1, "expected a claim name, such as pulse_role").default("pulse_role"),
  /** The callback URL registered at the provider; unset: this server's own origin + /api/staff/oidc/callback. */
  OIDC_REDIRECT_URI: optionalString.pipe(z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL ending in /api/staff/oidc/callback" }).optional()),
  EMBED_ORIGINS: z
    .string()
    .default("*")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
    ),
  X_BEARER_TOKEN: optionalString,
  X_API_URL: z.url().default("https://api.x.com"),
  MASTODON_URL: optionalString.pipe(z.url().optional()),
  MASTODON_TOKEN: optionalString,
  MASTODON_STREAMING_URL: optionalString.pipe(z.url().optional()),
  /** Hosts post media may load from besides the networks' and the Mastodon instance's (a CDN of its own, say). */
  MEDIA_HOSTS: MediaHostsSchema,
  JETSTREAM_URL: z
    .string()
    .regex(/^wss?:\/\/.+/, "expected a ws:// or wss:// URL")
    .default("wss://jetstream2.us-east.bsky.network/subscribe"),
  /** The AppView that resolves Bluesky authors' DIDs to handles and names; empty turns the lookups off. */
  BLUESKY_APPVIEW_URL: z
    .string()
    .default("https://public.api.bsky.app")
    .transform((s) => s.trim())
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL, or empty to keep DIDs as handles" })])),
  WEB_DIST: optionalString,
  /** Where the embedded store keeps its state file; empty turns that off. Unused with REDIS_URL. */
  DATA_DIR: z.string().default("./data"),
  SAVE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `auto`: readable lines on a terminal, JSON lines elsewhere (a file, a pipe, a log collector). */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"], { error: "expected auto, json or pretty" }).default("auto"),
  /** Set by npm to the folder `npm start` or `npm run` was typed in; the server itself runs in apps/server. */
  INIT_CWD: optionalString,
}).transform(({ SOURCE, INIT_CWD, CAMPAIGN_FILE, ...env }) => {
  // Paths are read from where the command was typed, not from the workspace npm runs the server in.
  const from = invocationDir({ INIT_CWD });
  const resolve = (file: string) => path.resolve(from, file);
  const source = SOURCE ?? (CAMPAIGN_FILE === undefined ? ["simulator"] : ["none"]);
  return {
    ...env,
    /**
     * Where Redis is, if anywhere: the Sentinels with the primary's name (REDIS_URL then gives only its
     * credentials and database), else REDIS_URL. Undefined: the embedded store.
     */
    REDIS: redisTarget(env),
    CAMPAIGN_FILE: CAMPAIGN_FILE === undefined ? undefined : resolve(CAMPAIGN_FILE),
    SOURCE: source.map((s) => (s.startsWith("replay:") ? `replay:${resolve(s.slice("replay:".length))}` : s)),
    /**
     * Whether SOURCE was left unset: the simulator plays only the built-in campaign, so a CAMPAIGN_FILE alone
     * gets no source at all (the start-up line says how to send posts), never invented posts.
     */
    SOURCE_DEFAULTED: SOURCE === undefined,
    /**
     * The hosts post media may load from (`isAllowedMediaUrl`): the networks', the Mastodon instance's (its own
     * host; one serving media elsewhere needs MEDIA_HOSTS) and MEDIA_HOSTS, each once. The CSP lists exactly these.
     */
    MEDIA_ALLOWED_HOSTS: [
      ...new Set([...NETWORK_MEDIA_HOSTS, ...(env.MASTODON_URL ? [new URL(env.MASTODON_URL).host.toLowerCase()] : []), ...env.MEDIA_HOSTS]),
    ],
  };
}).superRefine((env, ctx) => {
  // A connector without what it needs to connect is refused at start-up, naming the missing variable.
  if (env.SOURCE.includes("x") && !env.X_BEARER_TOKEN) {
    ctx.addIssue({ code: "custom", path: ["X_BEARER_TOKEN"], message: "SOURCE=x needs X_BEARER_TOKEN, an X API bearer token" });
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    ctx.addIssue({ code: "custom", path: ["METRICS_PORT"], message: "expected a port other than PORT: the metrics listener is a listener of its own" });
  }
  if (env.REDIS_SENTINELS.length > 0 && !env.REDIS_SENTINEL_NAME) {
    ctx.addIssue({ code: "custom", path: ["REDIS_SENTINEL_NAME"], message: "REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the primary's name in the Sentinels' configuration (sentinel monitor <name> …)" });
  }
  if (env.REDIS_SENTINEL_NAME && env.REDIS_SENTINELS.length === 0) {
    ctx.addIssue({ code: "custom", path: ["REDIS_SENTINELS"], message: "REDIS_SENTINEL_NAME needs REDIS_SENTINELS, such as sentinel-1:26379,sentinel-2:26379" });
  }
  if (env.REDIS_WAIT_REPLICAS > 0 && !env.REDIS) {
    ctx.addIssue({ code: "custom", path: ["REDIS_WAIT_REPLICAS"], message: "REDIS_WAIT_REPLICAS needs Redis: set REDIS_URL or REDIS_SENTINELS" });
  }
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) {
    ctx.addIssue({ code: "custom", path: ["OIDC_CLIENT_ID"], message: "OIDC_ISSUER needs OIDC_CLIENT_ID, Pulse's client id at the provider" });
  }
  if (env.SOURCE.includes("mastodon") && !env.MASTODON_URL) {
    ctx.addIssue({ code: "custom", path: ["MASTODON_URL"], message: "SOURCE=mastodon needs MASTODON_URL, such as https://mastodon.social" });
  }
});

/** The `REDIS` of the configuration: see its comment. */
function redisTarget(env: { REDIS_URL?: string | undefined; REDIS_SENTINELS: RedisNode[]; REDIS_SENTINEL_NAME?: string | undefined }): RedisTarget | undefined {
  if (env.REDIS_SENTINELS.length > 0 && env.REDIS_SENTINEL_NAME) {
    return { sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME, ...(env.REDIS_URL ? { url: env.REDIS_URL } : {}) };
  }
  return env.REDIS_URL;
}

/**
 * Every environment variable the server reads, as named in its schema: what deployment files may set (the
 * checks of docker-compose.yml take them from here).
 */
export const ENV_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.in.shape));

/**
 * The folder the command was typed in: npm's `INIT_CWD` (npm runs scripts from the project's or the workspace's
 * folder), else the process's own. Relative paths a person typed are read from there.
 */
export function invocationDir(env: Record<string, string | undefined> = process.env): string {
  return env.INIT_CWD?.trim() || process.cwd();
}

/** Validated configuration. */
export type Config = z.output<typeof EnvSchema>;

/** Thrown when the environment holds a bad value; the message is one line that names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates configuration from an environment (by default `process.env`). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Every bad variable at once, on one line, so a start-up needs one fix and not one per attempt.
    const problems = parsed.error.issues.map((issue) => {
      const variable = issue.path[0] ?? "environment";
      const value = typeof variable === "string" && !SECRET_VARIABLES.has(variable) ? env[variable] : undefined;
      return `invalid ${String(variable)}${value === undefined ? "" : `=${JSON.stringify(value)}`}: ${issue.message}`;
    });
    throw new ConfigError([...new Set(problems)].join("; "));
  }
  return parsed.data;
}

/**
 * Configuration for tests and embedding: defaults plus the given overrides, validated the same way, except
 * that no source runs and nothing is written to disk unless asked.
 */
export function configFrom(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ SOURCE: "none", DATA_DIR: "", ...overrides });
}
