/**
 * The one place that reads `process.env`. Every variable of the contract is validated once at start-up;
 * a bad value stops the process with a one-line error naming the variable.
 */
import { z } from "zod";

const SOURCE_PATTERN = /^(simulator|none|x|mastodon|bluesky|replay:.+)$/;

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/.+/, "expected a redis:// or rediss:// URL, such as redis://127.0.0.1:6379/0")
      .optional(),
  ),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[^{}\s]*$/, "expected a key prefix without braces or spaces, such as pulse:")
    .default("pulse:"),
  SOURCE: z
    .string()
    .default("simulator")
    .transform((s) =>
      s
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(SOURCE_PATTERN, "expected simulator, none, replay:<path>, x, mastodon or bluesky"),
        )
        .min(1, "expected at least one source"),
    ),
  SIM_SPEED: z.coerce.number().positive("expected a number of simulated seconds per real second above 0").default(60),
  SIM_SEED: z.coerce.number().int().default(20150224),
  CAMPAIGN_FILE: optionalString,
  TICK_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  INGEST_TOKEN: optionalString,
  INGEST_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  STAFF_TOKEN: optionalString,
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
  JETSTREAM_URL: z
    .string()
    .regex(/^wss?:\/\/.+/, "expected a ws:// or wss:// URL")
    .default("wss://jetstream2.us-east.bsky.network/subscribe"),
  WEB_DIST: optionalString,
  /** Where the embedded store keeps its state file; empty turns that off. Unused with REDIS_URL. */
  DATA_DIR: z.string().default("./data"),
  SAVE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).superRefine((env, ctx) => {
  // A connector without what it needs to connect is refused at start-up, naming the missing variable.
  if (env.SOURCE.includes("x") && !env.X_BEARER_TOKEN) {
    ctx.addIssue({ code: "custom", path: ["X_BEARER_TOKEN"], message: "SOURCE=x needs X_BEARER_TOKEN, an X API bearer token" });
  }
  if (env.SOURCE.includes("mastodon") && !env.MASTODON_URL) {
    ctx.addIssue({ code: "custom", path: ["MASTODON_URL"], message: "SOURCE=mastodon needs MASTODON_URL, such as https://mastodon.social" });
  }
});

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
    const issue = parsed.error.issues[0];
    const variable = issue?.path[0] ?? "environment";
    const value = typeof variable === "string" ? env[variable] : undefined;
    throw new ConfigError(
      `invalid ${String(variable)}${value === undefined ? "" : `=${JSON.stringify(value)}`}: ${issue?.message ?? "invalid value"}`,
    );
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
