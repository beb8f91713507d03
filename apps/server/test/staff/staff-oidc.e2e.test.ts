/**
 * Staff sign-in through OpenID Connect against a real local provider (`oidc-provider`, started here): the whole
 * authorization code flow with PKCE over real HTTP, following every redirect and submitting the provider's own
 * login and consent forms, as a browser would. The role comes from the account's `pulse_role` claim.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type LocalOidcProvider } from "@pulse/testkit/oidc-provider";
import { endpointPath } from "@pulse/shared";
import { startPulse, type RunningPulse } from "../support/start-pulse.js";
import { SESSION_COOKIE } from "../../src/staff/staff-session.js";
import { STAFF_TOKEN } from "./staff-support.js";

/** The cookies of one browser on 127.0.0.1 (every port), by name: enough for Pulse's and the provider's. */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(lines: string[]): void {
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (gone || value === "") this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Signs in as `login` at the provider, from Pulse's "Sign in with SSO" link to the console: follows redirects, fills
 * the provider's login form (any password) and confirms its consent form. Answers where it ended and the cookies.
 */
async function signIn(pulse: string, login: string, jar = new CookieJar()): Promise<{ location: URL; jar: CookieJar }> {
  let url = new URL(endpointPath("staffOidcLogin"), pulse);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    const res = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      ...(body ? { body } : {}),
    });
    jar.take(res.headers.getSetCookie());
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location") ?? "", url);
      if (url.origin === new URL(pulse).origin && url.pathname === "/staff") return { location: url, jar };
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`unexpected ${res.status} at ${url.href}: ${html.slice(0, 300)}`);
    // The provider's development forms: a login (any password), then a consent.
    body = html.includes('name="login"') ? new URLSearchParams({ prompt: "login", login, password: "any" }) : new URLSearchParams({ prompt: "consent" });
    url = new URL(action, url);
  }
  throw new Error("too many redirects");
}

describe("staff sign-in through OpenID Connect, against a real local provider", () => {
  let provider: LocalOidcProvider;
  let node: RunningPulse;

  beforeAll(async () => {
    provider = await startOidcProvider({
      accounts: {
        alice: { name: "Alice Martin", pulse_role: "moderator" },
        bob: { name: "Bob" },
        carol: { pulse_role: "superuser" },
      },
    });
    node = await startPulse({
      STAFF_TOKEN,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
    });
  });
  afterAll(async () => {
    await node?.close();
    await provider?.close();
  });

  it("tells the console where SSO starts", async () => {
    const res = await request(node.url).get(endpointPath("staffLoginMethods"));
    expect(res.body).toEqual({ password: true, sso: "/api/staff/oidc/login" });
  });

  it("signs in with the code flow and PKCE; the role comes from the claim, and the audit log names the user", async () => {
    const { location, jar } = await signIn(node.url, "alice");
    expect(location.search).toBe("");
    const cookie = `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`;
    // The flow's own cookie is gone once used.
    expect(jar.get("pulse_oidc")).toBeUndefined();
    const session = await request(node.url).get(endpointPath("staffSession")).set("Cookie", cookie);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ authenticated: true, via: "session", role: "moderator", name: "Alice Martin" });
    const hires = await request(node.url).put(endpointPath("organizationHires", { params: { id: "axa" } })).set({ Cookie: cookie, Origin: node.url }).send({ hires: 4 });
    expect(hires.status, hires.text).toBe(200);
    const admin = await request(node.url).post(endpointPath("createAccount")).set({ Cookie: cookie, Origin: node.url }).send({});
    expect(admin.status).toBe(403);
    expect(admin.body.error).toBe('this needs the "admin" role; you are "moderator"');
    const audit = await request(node.url).get(endpointPath("moderationAudit")).set("Cookie", cookie);
    expect(audit.body.entries[0]).toMatchObject({ actor: "oidc:alice", action: { type: "setHires", hires: 4 } });
  });

  it("refuses a user without the role claim, or with a value that is not a role, with a clear message", async () => {
    const bob = await signIn(node.url, "bob");
    expect(bob.location.searchParams.get("sso_error")).toBe('bob has no claim "pulse_role"; ask an admin to give it one of the roles admin, moderator, viewer');
    expect(bob.jar.get(SESSION_COOKIE)).toBeUndefined();
    const carol = await signIn(node.url, "carol");
    expect(carol.location.searchParams.get("sso_error")).toBe('carol has pulse_role="superuser"; ask an admin to give it one of the roles admin, moderator, viewer');
    expect(carol.jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("refuses a callback that did not begin in this browser (no flow cookie), and a forged state", async () => {
    const bare = await request(node.url).get(`${endpointPath("staffOidcCallback")}?code=abc&state=xyz`);
    expect(bare.status).toBe(302);
    expect(new URL(bare.headers.location ?? "", node.url).searchParams.get("sso_error")).toMatch(/began in another browser; try again/);
    // A real flow cookie, then a callback with another state.
    const start = await fetch(new URL(endpointPath("staffOidcLogin"), node.url), { redirect: "manual" });
    const flow = start.headers.getSetCookie().find((line) => line.startsWith("pulse_oidc="))?.split(";")[0] ?? "";
    const forged = await request(node.url).get(`${endpointPath("staffOidcCallback")}?code=abc&state=forged&iss=${encodeURIComponent(provider.issuer)}`).set("Cookie", flow);
    expect(new URL(forged.headers.location ?? "", node.url).searchParams.get("sso_error")).toMatch(/^the sign-in failed \(.*"state".*\); try again$/);
    expect(String(forged.headers["set-cookie"])).not.toContain(`${SESSION_COOKIE}=`);
  });
});
