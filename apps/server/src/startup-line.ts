import path from "node:path";
import type { Campaign } from "@pulse/shared";
import type { Config } from "./config.js";
import { describeTarget } from "./store/guarded-redis.js";

/** What the start-up line reports besides the configuration. */
export interface StartupFacts {
  port: number;
  store: "memory" | "redis";
  campaign: Campaign;
}

/** The address to open in a browser: the configured host, or localhost when listening on every interface. */
export function publicUrl(host: string | undefined, port: number): string {
  const name = !host || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}

/** A Redis URL without its password, fit for a log. */
function redisLabel(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "redis";
  }
}

/**
 * The start-up line, in words: where to open Pulse, which store keeps the counts, which sources run and which
 * campaign. Also the JSON fields for log collectors (`port` stays at the top, where scripts look for it).
 */
export function startupLine(config: Config, facts: StartupFacts): { msg: string; fields: Record<string, unknown> } {
  const url = publicUrl(config.HOST, facts.port);
  const dataDir = config.DATA_DIR.trim();
  const store =
    facts.store === "redis"
      ? `Redis ${typeof config.REDIS === "string" ? redisLabel(config.REDIS) : config.REDIS ? describeTarget(config.REDIS) : ""}`
      : dataDir
        ? `embedded, kept in ${path.resolve(dataDir)}`
        : "embedded, nothing kept on disk";
  const sources = config.SOURCE.filter((s) => s !== "none");
  const campaign = `${facts.campaign.name}, ${config.CAMPAIGN_FILE ? `from ${config.CAMPAIGN_FILE}` : "built-in"}`;
  return {
    msg: `Pulse listening on ${url} · store: ${store} · sources: ${sources.length > 0 ? sources.join(", ") : "none"} · campaign: ${campaign}`,
    fields: {
      port: facts.port,
      startup: { url, store: facts.store, dataDir: facts.store === "memory" && dataDir ? path.resolve(dataDir) : undefined, sources, campaign: facts.campaign.id, campaignFile: config.CAMPAIGN_FILE },
    },
  };
}

/**
 * When no source runs, how posts can get in; undefined when a source runs. A CAMPAIGN_FILE with SOURCE unset
 * gets here on purpose: the simulator invents posts, so it plays only the built-in campaign unless asked.
 */
export function noSourceHint(config: Config): string | undefined {
  if (config.SOURCE.some((s) => s !== "none")) return undefined;
  const why =
    config.SOURCE_DEFAULTED && config.CAMPAIGN_FILE
      ? "No source runs: the simulator plays only the built-in campaign, never invented posts for a CAMPAIGN_FILE. "
      : "No source runs. ";
  const ingest = config.INGEST_TOKEN
    ? "POST posts to /api/ingest with Authorization: Bearer $INGEST_TOKEN"
    : "set INGEST_TOKEN (16 characters or more) and POST posts to /api/ingest";
  return `${why}To get posts in: ${ingest}; or set SOURCE to x, mastodon, bluesky or replay:<file> (docs/sources.md); SOURCE=simulator makes up a day for this campaign`;
}
