import path from "node:path";
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
      FEED_MAX_PER_SEC: 10,
      EMBED_ORIGINS: ["*"],
      X_API_URL: "https://api.x.com",
      JETSTREAM_URL: "wss://jetstream2.us-east.bsky.network/subscribe",
      BLUESKY_APPVIEW_URL: "https://public.api.bsky.app",
      INGEST_MAX_BYTES: 5 * 1024 * 1024,
      RATE_LIMIT_WINDOW_MS: 60_000,
      INGEST_RATE_LIMIT: 600,
      STAFF_RATE_LIMIT: 600,
      STAFF_AUTH_FAILURE_LIMIT: 10,
      TRUST_PROXY: false,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.INGEST_TOKEN).toBeUndefined();
    expect(config.STAFF_TOKEN).toBeUndefined();
  });

  it("allows media from the networks' hosts, the Mastodon instance's and MEDIA_HOSTS, each once and lower-cased", () => {
    expect(loadConfig({}).MEDIA_ALLOWED_HOSTS).toEqual(["pbs.twimg.com", "video.twimg.com", "cdn.bsky.app", "video.bsky.app"]);
    const config = loadConfig({
      MASTODON_URL: "https://Mastodon.Example:8443/",
      MEDIA_HOSTS: " files.mastodon.example, 127.0.0.1:9000,,PBS.twimg.com, [::1]:8080",
    });
    expect(config.MEDIA_HOSTS).toEqual(["files.mastodon.example", "127.0.0.1:9000", "pbs.twimg.com", "[::1]:8080"]);
    expect(config.MEDIA_ALLOWED_HOSTS).toEqual([
      "pbs.twimg.com",
      "video.twimg.com",
      "cdn.bsky.app",
      "video.bsky.app",
      "mastodon.example:8443",
      "files.mastodon.example",
      "127.0.0.1:9000",
      "[::1]:8080",
    ]);
  });

  it("reads a comma-separated SOURCE list, with replay paths", () => {
    expect(loadConfig({ SOURCE: "simulator, replay:/tmp/a.ndjson,none" }).SOURCE).toEqual(["simulator", "replay:/tmp/a.ndjson", "none"]);
    expect(loadConfig({ PORT: "0" }).PORT).toBe(0);
    expect(loadConfig({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("reaches Redis through REDIS_SENTINELS and REDIS_SENTINEL_NAME, REDIS_URL then giving only credentials", () => {
    expect(loadConfig({}).REDIS).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/0" }).REDIS).toBe("redis://127.0.0.1:6379/0");
    const config = loadConfig({ REDIS_SENTINELS: " sentinel-1:26379, 10.0.0.2:26380,[fd00::3]:26381 ", REDIS_SENTINEL_NAME: "pulse" });
    expect(config.REDIS).toEqual({
      name: "pulse",
      sentinels: [
        { host: "sentinel-1", port: 26379 },
        { host: "10.0.0.2", port: 26380 },
        { host: "fd00::3", port: 26381 },
      ],
    });
    expect(loadConfig({ REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "pulse", REDIS_URL: "redis://:secret@ignored/2" }).REDIS).toMatchObject({
      url: "redis://:secret@ignored/2",
    });
    expect(loadConfig({ REDIS_URL: "redis://r:6379" })).toMatchObject({ REDIS_WAIT_REPLICAS: 0, REDIS_WAIT_TIMEOUT_MS: 500 });
    expect(loadConfig({ REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "pulse", REDIS_WAIT_REPLICAS: "1" }).REDIS_WAIT_REPLICAS).toBe(1);
  });

  it("reads the metrics listener's port and address, on the loopback unless told", () => {
    const defaults = loadConfig({});
    expect([defaults.METRICS_PORT, defaults.METRICS_HOST, defaults.METRICS_TOKEN]).toEqual([undefined, "127.0.0.1", undefined]);
    expect(loadConfig({ METRICS_PORT: "" }).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" })).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: "0.0.0.0" });
  });

  it("gives a CAMPAIGN_FILE no source unless SOURCE asks for one: the simulator plays only the built-in campaign", () => {
    expect(loadConfig({})).toMatchObject({ SOURCE: ["simulator"], SOURCE_DEFAULTED: true });
    expect(loadConfig({ CAMPAIGN_FILE: "/srv/salon.json" })).toMatchObject({ SOURCE: ["none"], SOURCE_DEFAULTED: true });
    expect(loadConfig({ CAMPAIGN_FILE: "/srv/salon.json", SOURCE: "simulator" })).toMatchObject({ SOURCE: ["simulator"], SOURCE_DEFAULTED: false });
    expect(loadConfig({ CAMPAIGN_FILE: "/srv/salon.json", SOURCE: "" })).toMatchObject({ SOURCE: ["none"], SOURCE_DEFAULTED: true });
  });

  it("takes a campaign id as DEFAULT_CAMPAIGN, and refuses anything else", () => {
    expect(loadConfig({}).DEFAULT_CAMPAIGN).toBeUndefined();
    expect(loadConfig({ DEFAULT_CAMPAIGN: " " }).DEFAULT_CAMPAIGN).toBeUndefined();
    expect(loadConfig({ DEFAULT_CAMPAIGN: "salon-2026" }).DEFAULT_CAMPAIGN).toBe("salon-2026");
    expect(() => loadConfig({ DEFAULT_CAMPAIGN: "Salon_2026" })).toThrow(/^invalid DEFAULT_CAMPAIGN="Salon_2026": expected a campaign id/);
  });

  it("reads a relative CAMPAIGN_FILE or replay path from where the command was typed (npm's INIT_CWD)", () => {
    const config = loadConfig({ INIT_CWD: "/home/zoe/pulse", CAMPAIGN_FILE: "campaigns/salon.json", SOURCE: "replay:day.ndjson,none" });
    expect(config.CAMPAIGN_FILE).toBe("/home/zoe/pulse/campaigns/salon.json");
    expect(config.SOURCE).toEqual(["replay:/home/zoe/pulse/day.ndjson", "none"]);
    expect(loadConfig({ INIT_CWD: "/home/zoe/pulse", CAMPAIGN_FILE: "/srv/salon.json" }).CAMPAIGN_FILE).toBe("/srv/salon.json");
    // Without npm, from the process's own folder.
    expect(loadConfig({ CAMPAIGN_FILE: "salon.json" }).CAMPAIGN_FILE).toBe(path.resolve("salon.json"));
  });

  it("refuses a STAFF_TOKEN or INGEST_TOKEN under 16 characters, naming the variable but never repeating the token", () => {
    expect(() => loadConfig({ STAFF_TOKEN: "s3cret-staff" })).toThrow(
      /^invalid STAFF_TOKEN: expected at least 16 characters, such as the output of: openssl rand -hex 16$/,
    );
    expect(() => loadConfig({ INGEST_TOKEN: "secret" })).toThrow(/^invalid INGEST_TOKEN: expected at least 16 characters/);
    expect(() => loadConfig({ INGEST_TOKEN: "secret" })).not.toThrow(/"secret"/);
    expect(loadConfig({ STAFF_TOKEN: "0123456789abcdef", INGEST_TOKEN: " 0123456789abcdef " })).toMatchObject({
      STAFF_TOKEN: "0123456789abcdef",
      INGEST_TOKEN: "0123456789abcdef",
    });
  });

  it("reads the optional OIDC sign-in, needs a client id with an issuer, and never repeats the client secret", () => {
    expect(loadConfig({}).OIDC_ISSUER).toBeUndefined();
    expect(loadConfig({}).OIDC_ROLE_CLAIM).toBe("pulse_role");
    const config = loadConfig({ OIDC_ISSUER: "https://login.example.org/realms/pulse", OIDC_CLIENT_ID: "pulse", OIDC_CLIENT_SECRET: "s3cret", OIDC_ROLE_CLAIM: "pulse_role" });
    expect(config).toMatchObject({ OIDC_ISSUER: "https://login.example.org/realms/pulse", OIDC_CLIENT_ID: "pulse", OIDC_CLIENT_SECRET: "s3cret" });
    expect(() => loadConfig({ OIDC_ISSUER: "https://login.example.org" })).toThrow("invalid OIDC_CLIENT_ID: OIDC_ISSUER needs OIDC_CLIENT_ID");
    expect(() => loadConfig({ OIDC_ISSUER: "login.example.org", OIDC_CLIENT_ID: "pulse" })).toThrow(/invalid OIDC_ISSUER="login.example.org": expected the provider's issuer URL/);
    let message = "";
    try {
      loadConfig({ OIDC_CLIENT_SECRET: "s3cret", OIDC_ROLE_CLAIM: " " });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/invalid OIDC_ROLE_CLAIM/);
    expect(message).not.toContain("s3cret");
  });

  it("names every bad variable at once, on one line", () => {
    expect(() => loadConfig({ PORT: "http", STAFF_TOKEN: "short", SIM_SPEED: "0" })).toThrow(
      /^invalid PORT="http": .*; invalid SIM_SPEED="0": .*; invalid STAFF_TOKEN: expected at least 16 characters/,
    );
  });

  it("reads the rate limits: 0 turns one off, empty keeps the default", () => {
    expect(loadConfig({ INGEST_RATE_LIMIT: "0", STAFF_RATE_LIMIT: "50", STAFF_AUTH_FAILURE_LIMIT: "", RATE_LIMIT_WINDOW_MS: "1000" })).toMatchObject({
      INGEST_RATE_LIMIT: 0,
      STAFF_RATE_LIMIT: 50,
      STAFF_AUTH_FAILURE_LIMIT: 10,
      RATE_LIMIT_WINDOW_MS: 1000,
    });
  });

  it("reads BLUESKY_APPVIEW_URL: empty turns the handle lookups off", () => {
    expect(loadConfig({ BLUESKY_APPVIEW_URL: "http://127.0.0.1:2584/appview" }).BLUESKY_APPVIEW_URL).toBe("http://127.0.0.1:2584/appview");
    expect(loadConfig({ BLUESKY_APPVIEW_URL: "" }).BLUESKY_APPVIEW_URL).toBe("");
    expect(loadConfig({ BLUESKY_APPVIEW_URL: "  " }).BLUESKY_APPVIEW_URL).toBe("");
  });

  it.each([
    ["", false],
    ["false", false],
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["loopback", ["loopback"]],
    [" loopback, 10.0.0.0/8 ,192.168.1.7, fd00::/8 ", ["loopback", "10.0.0.0/8", "192.168.1.7", "fd00::/8"]],
  ])("reads TRUST_PROXY=%j as %j", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each([
    [{ PORT: "http" }, /^invalid PORT="http": /],
    [{ PORT: "70000" }, /^invalid PORT="70000": /],
    [{ METRICS_PORT: "metrics" }, /^invalid METRICS_PORT="metrics": expected a port number for the metrics listener/],
    [{ METRICS_PORT: "70000" }, /^invalid METRICS_PORT="70000": expected a port number between 0 and 65535$/],
    [{ METRICS_PORT: "3000" }, /^invalid METRICS_PORT="3000": expected a port other than PORT/],
    [{ METRICS_TOKEN: "short" }, /^invalid METRICS_TOKEN: expected at least 16 characters/],
    [{ REDIS_SENTINELS: "sentinel-1", REDIS_SENTINEL_NAME: "pulse" }, /^invalid REDIS_SENTINELS="sentinel-1": expected comma-separated host:port of Redis Sentinels/],
    [{ REDIS_SENTINELS: "s1:26379,s2:99999", REDIS_SENTINEL_NAME: "pulse" }, /^invalid REDIS_SENTINELS=.*"s2:99999" is not one$/],
    [{ REDIS_SENTINELS: "s1:26379" }, /^invalid REDIS_SENTINEL_NAME: REDIS_SENTINELS needs REDIS_SENTINEL_NAME/],
    [{ REDIS_SENTINEL_NAME: "pulse" }, /^invalid REDIS_SENTINELS: REDIS_SENTINEL_NAME needs REDIS_SENTINELS/],
    [{ REDIS_WAIT_REPLICAS: "1" }, /^invalid REDIS_WAIT_REPLICAS="1": REDIS_WAIT_REPLICAS needs Redis: set REDIS_URL or REDIS_SENTINELS$/],
    [{ REDIS_URL: "redis://r:6379", REDIS_WAIT_REPLICAS: "-1" }, /^invalid REDIS_WAIT_REPLICAS="-1": expected a number of replicas, 0 not to wait$/],
    [{ REDIS_URL: "redis://r:6379", REDIS_WAIT_TIMEOUT_MS: "2000" }, /^invalid REDIS_WAIT_TIMEOUT_MS="2000": expected milliseconds between 10 and 1500/],
    [{ SIM_SPEED: "0" }, /^invalid SIM_SPEED="0": expected a number/],
    [{ TICK_MS: "-5" }, /^invalid TICK_MS="-5": /],
    [{ FEED_MAX_PER_SEC: "-1" }, /^invalid FEED_MAX_PER_SEC="-1": expected a number of posts a second the live feed may show, 0 for every post$/],
    [{ FEED_MAX_PER_SEC: "fast" }, /^invalid FEED_MAX_PER_SEC="fast": expected a number of posts a second/],
    [{ REDIS_URL: "127.0.0.1:6379" }, /^invalid REDIS_URL="127.0.0.1:6379": expected a redis:\/\/ or rediss:\/\/ URL/],
    [{ SOURCE: "simulator,twitter" }, /^invalid SOURCE=.*expected simulator, none, replay:<path>, x, mastodon or bluesky/],
    [{ SOURCE: "x" }, /^invalid X_BEARER_TOKEN: SOURCE=x needs X_BEARER_TOKEN/],
    [{ SOURCE: "mastodon" }, /^invalid MASTODON_URL: SOURCE=mastodon needs MASTODON_URL/],
    [{ BLUESKY_APPVIEW_URL: "public.api.bsky.app" }, /^invalid BLUESKY_APPVIEW_URL="public.api.bsky.app": expected an http:\/\/ or https:\/\/ URL, or empty/],
    [{ BLUESKY_APPVIEW_URL: "wss://public.api.bsky.app" }, /^invalid BLUESKY_APPVIEW_URL="wss:\/\/public.api.bsky.app": expected an http:\/\/ or https:\/\/ URL/],
    [{ LOG_LEVEL: "loud" }, /^invalid LOG_LEVEL="loud": /],
    [{ INGEST_RATE_LIMIT: "-1" }, /^invalid INGEST_RATE_LIMIT="-1": expected a whole number of requests per window, 0 to turn the limit off$/],
    [{ INGEST_RATE_LIMIT: "lots" }, /^invalid INGEST_RATE_LIMIT="lots": expected a whole number of requests/],
    [{ STAFF_RATE_LIMIT: "2.5" }, /^invalid STAFF_RATE_LIMIT="2.5": expected a whole number of requests/],
    [{ STAFF_AUTH_FAILURE_LIMIT: "ten" }, /^invalid STAFF_AUTH_FAILURE_LIMIT="ten": expected a whole number of requests/],
    [{ RATE_LIMIT_WINDOW_MS: "500" }, /^invalid RATE_LIMIT_WINDOW_MS="500": expected a window of at least 1000 ms$/],
    [{ RATE_LIMIT_WINDOW_MS: "1m" }, /^invalid RATE_LIMIT_WINDOW_MS="1m": expected a window in milliseconds/],
    [{ TRUST_PROXY: "true" }, /^invalid TRUST_PROXY="true": expected a number of proxy hops such as 1, .*true is refused/],
    [{ TRUST_PROXY: "nginx" }, /^invalid TRUST_PROXY="nginx": expected a number of proxy hops/],
    [{ TRUST_PROXY: "10.0.0.0/40" }, /^invalid TRUST_PROXY="10.0.0.0\/40": /],
    [{ MEDIA_HOSTS: "https://files.example.org" }, /^invalid MEDIA_HOSTS="https:\/\/files.example.org": expected comma-separated host names with an optional port/],
    [{ MEDIA_HOSTS: "cdn.example.org,*.example.org" }, /^invalid MEDIA_HOSTS=.*"\*\.example\.org" is not one$/],
    [{ MEDIA_HOSTS: "cdn.example.org/media" }, /^invalid MEDIA_HOSTS=.*expected comma-separated host names/],
    [{ MEDIA_HOSTS: "cdn.example.org:99999" }, /^invalid MEDIA_HOSTS=.*expected comma-separated host names/],
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
