import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("gives the contract's defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      SOURCE: ["simulator"],
      SIM_SPEED: 60,
      TICK_MS: 250,
      EMBED_ORIGINS: ["*"],
      X_API_URL: "https://api.x.com",
      JETSTREAM_URL: "wss://jetstream2.us-east.bsky.network/subscribe",
      INGEST_MAX_BYTES: 5 * 1024 * 1024,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.INGEST_TOKEN).toBeUndefined();
    expect(config.STAFF_TOKEN).toBeUndefined();
  });

  it("reads a comma-separated SOURCE list, with replay paths", () => {
    expect(loadConfig({ SOURCE: "simulator, replay:/tmp/a.ndjson,none" }).SOURCE).toEqual(["simulator", "replay:/tmp/a.ndjson", "none"]);
    expect(loadConfig({ PORT: "0" }).PORT).toBe(0);
    expect(loadConfig({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "http" }, /^invalid PORT="http": /],
    [{ PORT: "70000" }, /^invalid PORT="70000": /],
    [{ SIM_SPEED: "0" }, /^invalid SIM_SPEED="0": expected a number/],
    [{ TICK_MS: "-5" }, /^invalid TICK_MS="-5": /],
    [{ REDIS_URL: "127.0.0.1:6379" }, /^invalid REDIS_URL="127.0.0.1:6379": expected a redis:\/\/ or rediss:\/\/ URL/],
    [{ SOURCE: "simulator,twitter" }, /^invalid SOURCE=.*expected simulator, none, replay:<path>, x, mastodon or bluesky/],
    [{ SOURCE: "x" }, /^invalid X_BEARER_TOKEN: SOURCE=x needs X_BEARER_TOKEN/],
    [{ SOURCE: "mastodon" }, /^invalid MASTODON_URL: SOURCE=mastodon needs MASTODON_URL/],
    [{ LOG_LEVEL: "loud" }, /^invalid LOG_LEVEL="loud": /],
  ])("refuses %o with a one-line error naming the variable", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
