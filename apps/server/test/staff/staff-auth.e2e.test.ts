import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPulse, type RunningPulse } from "../support/start-pulse.js";
import { SESSION_COOKIE, SESSION_TTL_MS, signSession } from "../../src/staff/staff-session.js";
import { STAFF_TOKEN } from "./staff-support.js";

/** One endpoint of each family, with the method it takes. */
const ENDPOINTS: [method: "get" | "post" | "put", path: string][] = [
  ["get", "/api/staff/session"],
  ["post", "/api/moderation/posts/x/123/hide"],
  ["post", "/api/moderation/authors/x/42/block"],
  ["get", "/api/moderation/queue"],
  ["put", "/api/moderation/mode"],
  ["get", "/api/moderation/state"],
  ["get", "/api/moderation/audit"],
  ["get", "/api/moderation/blocklist"],
  ["put", "/api/organizations/axa/hires"],
  ["get", "/api/staff/organizations"],
  ["get", "/api/staff/roi"],
  ["get", "/api/export/posts.csv"],
  ["get", "/api/export/aggregates.csv"],
];

/** The `name=value` of the session cookie a response sets, and the whole Set-Cookie line. */
function sessionOf(res: request.Response): { pair: string; line: string } {
  const lines = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  const line = lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  return { pair: line.split(";")[0] ?? "", line };
}

describe("staff features without STAFF_TOKEN", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    node = await startPulse({});
  });
  afterAll(async () => {
    await node.close();
  });

  it.each(ENDPOINTS)("%s %s answers 403 staff disabled, even with a bearer", async (method, path) => {
    const res = await request(node.url)[method](path).set("Authorization", "Bearer anything");
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: "staff disabled: set STAFF_TOKEN" });
  });

  it("refuses login and logout with 403 too", async () => {
    for (const path of ["/api/staff/login", "/api/staff/logout"]) {
      const res = await request(node.url).post(path).send({ token: "anything" });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("staff disabled: set STAFF_TOKEN");
    }
  });
});

describe("staff authentication", () => {
  let node: RunningPulse;
  let origin: string;
  beforeAll(async () => {
    node = await startPulse({ STAFF_TOKEN });
    origin = node.url;
  });
  afterAll(async () => {
    await node.close();
  });

  async function loginCookie(name?: string): Promise<string> {
    const res = await request(node.url).post("/api/staff/login").send({ token: STAFF_TOKEN, ...(name ? { name } : {}) });
    expect(res.status).toBe(200);
    return sessionOf(res).pair;
  }

  /** `PUT /api/moderation/mode` to `mode`, with these request headers. */
  function setMode(headers: Record<string, string>, mode = "auto"): request.Test {
    return request(node.url).put("/api/moderation/mode").set(headers).send({ mode });
  }

  it.each(ENDPOINTS)("%s %s answers 401 with WWW-Authenticate without credentials", async (method, path) => {
    const res = await request(node.url)[method](path);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(res.body.error).toMatch(/missing credentials/);
  });

  it("answers 401 to a wrong bearer token, and 200 to the right one", async () => {
    const wrong = await request(node.url).get("/api/staff/session").set("Authorization", "Bearer not-the-token");
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(wrong.body).toEqual({ error: "wrong bearer token" });
    const right = await request(node.url).get("/api/staff/session").set("Authorization", `Bearer ${STAFF_TOKEN}`);
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ authenticated: true, via: "bearer", role: "admin", mediaHosts: ["pbs.twimg.com", "video.twimg.com", "cdn.bsky.app", "video.bsky.app"] });
    expect(right.headers["cache-control"]).toBe("no-store");
  });

  it("refuses a login with the wrong token (401) or a bad body (400), and sets no cookie", async () => {
    const wrong = await request(node.url).post("/api/staff/login").send({ token: "guess" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    const bad = await request(node.url).post("/api/staff/login").send({ password: STAFF_TOKEN });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/token.*expected a body such as \{ "token"/);
    const notJson = await request(node.url).post("/api/staff/login").set("Content-Type", "application/json").send("{token:");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^invalid JSON body/);
  });

  it("logs in with an httpOnly, SameSite=Strict, Path=/ session cookie for 12 hours", async () => {
    const res = await request(node.url).post("/api/staff/login").send({ token: STAFF_TOKEN, name: "Zoé" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ authenticated: true, name: "Zoé" });
    const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(SESSION_TTL_MS - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(SESSION_TTL_MS);
    const { pair, line } = sessionOf(res);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; Max-Age=43200/);
    expect(line).not.toMatch(/; Secure/);

    const session = await request(node.url).get("/api/staff/session").set("Cookie", pair);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ authenticated: true, via: "session", name: "Zoé" });
  });

  it("marks the cookie Secure when the request came over https through the proxy", async () => {
    const res = await request(node.url).post("/api/staff/login").set("X-Forwarded-Proto", "https").send({ token: STAFF_TOKEN });
    expect(sessionOf(res).line).toMatch(/; Secure/);
  });

  it("refuses an expired, a forged or a foreign session cookie with 401, and clears it", async () => {
    const expired = signSession(STAFF_TOKEN, { role: "admin" }, Date.now() - SESSION_TTL_MS - 1_000).value;
    const good = (await loginCookie()).slice(SESSION_COOKIE.length + 1);
    const [payload, mac] = good.split(".") as [string, string];
    const tampered = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    tampered.exp += 365 * 24 * 3600_000;
    const forged = `${Buffer.from(JSON.stringify(tampered)).toString("base64url")}.${mac}`;
    const otherKey = signSession("some-other-token").value;
    for (const value of [expired, forged, otherKey, "garbage", `${payload}.`]) {
      const res = await request(node.url).get("/api/staff/session").set("Cookie", `${SESSION_COOKIE}=${value}`);
      expect(res.status, value).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(res.body.error).toMatch(/session expired or invalid/);
      expect(sessionOf(res).line).toMatch(/Expires=Thu, 01 Jan 1970/);
    }
  });

  it("refuses a cookie-authenticated change without Origin, or from another origin (CSRF)", async () => {
    const cookie = await loginCookie();
    const noOrigin = await setMode({ Cookie: cookie });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.error).toMatch(/cross-site request refused \(CSRF\): the request has no Origin header/);
    const foreign = await setMode({ Cookie: cookie, Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatch(/Origin "https:\/\/evil.example" does not match the host/);
    const crossSite = await request(node.url)
      .post("/api/moderation/posts/x/1/hide")
      .set("Cookie", cookie)
      .set("Sec-Fetch-Site", "cross-site")
      .set("Origin", origin);
    expect(crossSite.status).toBe(403);
    // Nothing was done: the mode is still what it was, and the audit log is empty.
    const audit = await request(node.url).get("/api/moderation/audit").set("Cookie", cookie);
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual([]);
  });

  it("accepts a cookie-authenticated change from the console's own origin", async () => {
    const cookie = await loginCookie("Zoé");
    const sameOrigin = await setMode({ Cookie: cookie, Origin: origin }, "approve");
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.body).toMatchObject({ outcome: "changed" });
    const fetchMetadata = await setMode({ Cookie: cookie, "Sec-Fetch-Site": "same-origin" });
    expect(fetchMetadata.status).toBe(200);
    // Reads need no Origin.
    const audit = await request(node.url).get("/api/moderation/audit").set("Cookie", cookie);
    expect(audit.body.entries.map((e: { actor: string }) => e.actor)).toEqual(["staff:session:Zoé", "staff:session:Zoé"]);
    expect(audit.body.entries[0]).toMatchObject({ via: "session", name: "Zoé", action: { type: "setMode", mode: "auto" } });
  });

  it("knows its origin behind a proxy that drops the port from Host (deploy/nginx: Host $host)", async () => {
    const cookie = await loginCookie();
    const viaProxy = (originHeader: string) =>
      setMode({ Cookie: cookie, Host: "pulse.example", "X-Forwarded-Host": "pulse.example", "X-Forwarded-Port": "8080", Origin: originHeader });
    expect((await viaProxy("http://pulse.example:8080")).status).toBe(200);
    expect((await viaProxy("http://pulse.example:9999")).status).toBe(403);
    expect((await viaProxy("http://evil.example:8080")).status).toBe(403);
    // TLS on the default port: the Origin has no port, the proxy says 443.
    const tls = await setMode({ Cookie: cookie, Host: "pulse.example", "X-Forwarded-Port": "443", Origin: "https://pulse.example" });
    expect(tls.status).toBe(200);
  });

  it("exempts bearer requests from the Origin check", async () => {
    const res = await setMode({ Authorization: `Bearer ${STAFF_TOKEN}`, Origin: "https://automation.example" });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("unchanged");
  });

  it("refuses a login posted from another site", async () => {
    const res = await request(node.url).post("/api/staff/login").set("Origin", "https://evil.example").send({ token: STAFF_TOKEN });
    expect(res.status).toBe(403);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("logs out by clearing the cookie", async () => {
    const cookie = await loginCookie();
    const res = await request(node.url).post("/api/staff/logout").set("Cookie", cookie).set("Origin", origin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ authenticated: false });
    const cleared = sessionOf(res);
    expect(cleared.pair).toBe(`${SESSION_COOKIE}=`);
    expect(cleared.line).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it("never lets /staff or the staff API be framed", async () => {
    for (const path of ["/staff", "/api/staff/session"]) {
      const res = await request(node.url).get(path);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(String(res.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    }
  });

  it("records the X-Pulse-Actor display name, sanitized to 40 characters", async () => {
    const long = `Ana\u0000 Maria\u202e ${"x".repeat(60)}`;
    await request(node.url)
      .post("/api/moderation/authors/x/troll-1/block")
      .set("Authorization", `Bearer ${STAFF_TOKEN}`)
      .set("X-Pulse-Actor", encodeURIComponent(long));
    await request(node.url)
      .post("/api/moderation/authors/x/troll-2/block")
      .set("Authorization", `Bearer ${STAFF_TOKEN}`);
    const audit = await request(node.url).get("/api/moderation/audit?limit=2").set("Authorization", `Bearer ${STAFF_TOKEN}`);
    const [latest, before] = audit.body.entries as { actor: string; name?: string; via: string }[];
    expect(latest).toMatchObject({ actor: "staff:bearer", via: "bearer" });
    expect(latest?.name).toBeUndefined();
    expect(before?.via).toBe("bearer");
    expect(before?.name).toBe(`Ana Maria ${"x".repeat(30)}`);
    expect([...(before?.name ?? "")].length).toBe(40);
  });
});
