/**
 * Staff accounts over real HTTP on two nodes sharing one Redis: an admin creates an account on one node, it logs in
 * with its password on the other, a new role applies at its next request, and disabling it or changing its
 * password ends its sessions on every node; wrong passwords lock an account out on every node.
 */
import request from "supertest";
import { describe, expect, inject, it } from "vitest";
import { endpointPath, type StaffAccount } from "@pulse/shared";
import { useTwoNodesOnRedis, type RunningPulse } from "../support/start-pulse.js";
import { SESSION_COOKIE } from "../../src/staff/staff-session.js";
import { SESSION_ENDED } from "../../src/http/staff-auth.js";
import { asStaff, STAFF_ENV } from "./staff-support.js";

const PASSWORD = "correct horse battery";

/** The `name=value` of the session cookie a login answer sets. */
function sessionOf(res: request.Response): string {
  const lines = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  return (lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "").split(";")[0] ?? "";
}

describe("staff accounts on two nodes", () => {
  let a: RunningPulse;
  let b: RunningPulse;
  useTwoNodesOnRedis(inject("redisUrl"), STAFF_ENV, (first, second) => {
    a = first;
    b = second;
  });

  async function login(node: RunningPulse, username: string, password: string): Promise<request.Response> {
    return request(node.url).post(endpointPath("staffLogin")).send({ username, password });
  }
  function session(node: RunningPulse, cookie: string): request.Test {
    return request(node.url).get(endpointPath("staffSession")).set("Cookie", cookie);
  }

  it("creates, lists and refuses bad or taken accounts; never answers a password or its hash", async () => {
    const created = await asStaff(a).post(endpointPath("createAccount")).send({ username: " Zoe.Martin ", displayName: "Zoé Martin", role: "moderator", password: PASSWORD });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^acc_/),
      username: "zoe.martin",
      displayName: "Zoé Martin",
      role: "moderator",
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const listed = await asStaff(b).get(endpointPath("accounts"));
    expect(listed.status).toBe(200);
    expect((listed.body as StaffAccount[]).map((x) => x.username)).toContain("zoe.martin");
    expect(listed.text).not.toMatch(/\$2[aby]\$|passwordHash|sessionGen/);

    const taken = await asStaff(b).post(endpointPath("createAccount")).send({ username: "zoe.martin", role: "viewer", password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe("an account with username zoe.martin already exists");
    const short = await asStaff(a).post(endpointPath("createAccount")).send({ username: "paul", role: "viewer", password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/password: expected a password of at least 10 characters/);
    const badName = await asStaff(a).post(endpointPath("createAccount")).send({ username: "a b", role: "boss", password: PASSWORD });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatch(/username: expected a username of 2 to 40/);
    const tooLong = await asStaff(a).post(endpointPath("createAccount")).send({ username: "long", role: "viewer", password: "é".repeat(37) });
    expect(tooLong.body.error).toMatch(/at most 72 bytes/);
    const unknown = await asStaff(a).put(endpointPath("updateAccount", { params: { id: "acc_nobody" } })).send({ role: "viewer" });
    expect(unknown.status).toBe(404);
    const empty = await asStaff(a).put(endpointPath("updateAccount", { params: { id: created.body.id } })).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/expected at least one of displayName, role, disabled, password/);
  });

  it("logs in with a password on the other node; a wrong password or an unknown name is the same 401", async () => {
    const created = await asStaff(a).post(endpointPath("createAccount")).send({ username: "lea", role: "viewer", password: PASSWORD });
    expect(created.status).toBe(201);
    const wrong = await login(b, "lea", "not the password");
    const nobody = await login(b, "nobody", PASSWORD);
    for (const res of [wrong, nobody]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: "wrong username or password" });
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    const missing = await request(b.url).post(endpointPath("staffLogin")).send({ username: "lea" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/password: expected the account's password/);
    const ok = await login(b, "LEA", PASSWORD);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ authenticated: true, role: "viewer", name: "lea", account: { id: created.body.id, username: "lea" } });
    const cookie = sessionOf(ok);
    const status = await session(a, cookie);
    expect(status.body).toMatchObject({ via: "session", role: "viewer", account: { id: created.body.id, username: "lea" } });
  });

  it("applies a new role at the next request, and ends the sessions of a disabled account on every node", async () => {
    const created = await asStaff(a).post(endpointPath("createAccount")).send({ username: "marc", role: "viewer", password: PASSWORD });
    const id = String(created.body.id);
    const cookie = sessionOf(await login(a, "marc", PASSWORD));
    const refused = await request(b.url).put(endpointPath("moderationMode")).set({ Cookie: cookie, Origin: b.url }).send({ mode: "auto" });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('this needs the "moderator" role; you are "viewer"');

    const promoted = await asStaff(b).put(endpointPath("updateAccount", { params: { id } })).send({ role: "moderator" });
    expect(promoted.body.role).toBe("moderator");
    const allowed = await request(a.url).put(endpointPath("moderationMode")).set({ Cookie: cookie, Origin: a.url }).send({ mode: "auto" });
    expect(allowed.status, allowed.text).toBe(200);

    const disabled = await asStaff(a).put(endpointPath("updateAccount", { params: { id } })).send({ disabled: true });
    expect(disabled.body.disabled).toBe(true);
    for (const node of [a, b]) {
      const ended = await session(node, cookie);
      expect(ended.status).toBe(401);
      expect(ended.body).toEqual({ error: SESSION_ENDED });
      expect(String(ended.headers["set-cookie"])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    }
    const whileDisabled = await login(b, "marc", PASSWORD);
    expect(whileDisabled.status).toBe(403);
    expect(whileDisabled.body).toEqual({ error: "this account is disabled: ask an admin" });

    // Enabled again: the old session stays ended, a new login works.
    await asStaff(b).put(endpointPath("updateAccount", { params: { id } })).send({ disabled: false });
    expect((await session(a, cookie)).status).toBe(401);
    const again = sessionOf(await login(a, "marc", PASSWORD));
    expect((await session(b, again)).status).toBe(200);
  });

  it("locks an account out after 5 wrong passwords, on every node, with Retry-After; other accounts go on", async () => {
    await asStaff(a).post(endpointPath("createAccount")).send({ username: "noe", role: "viewer", password: PASSWORD });
    await asStaff(a).post(endpointPath("createAccount")).send({ username: "other", role: "viewer", password: PASSWORD });
    for (let i = 1; i < 5; i += 1) expect((await login(i % 2 ? a : b, "noe", `wrong guess ${i}`)).status).toBe(401);
    const locked = await login(b, "noe", "wrong guess 5");
    expect(locked.status).toBe(429);
    expect(locked.headers["retry-after"]).toBe("60");
    expect(locked.body).toEqual({ error: "too many wrong passwords for this account: locked, try again in 60 s" });
    // Even the right password waits, on the other node too.
    const right = await login(a, "noe", PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(50);
    expect((await login(a, "other", PASSWORD)).status).toBe(200);
  });

  it("names the account in the audit log (account:<username>); the bootstrap token stays staff:bearer", async () => {
    await asStaff(a).post(endpointPath("createAccount")).send({ username: "sam", displayName: "Sam Roux", role: "moderator", password: PASSWORD });
    const cookie = sessionOf(await login(a, "sam", PASSWORD));
    const asSam = { Cookie: cookie, Origin: b.url };
    expect((await request(b.url).put(endpointPath("saveBlocklist")).set(asSam).send({ words: ["arnaque"] })).status).toBe(200);
    expect((await request(b.url).put(endpointPath("organizationHires", { params: { id: "axa" } })).set(asSam).send({ hires: 7 })).status).toBe(200);
    expect((await asStaff(a).put(endpointPath("organizationHires", { params: { id: "axa" } })).send({ hires: 8 })).status).toBe(200);
    const audit = await request(a.url).get(endpointPath("moderationAudit")).set("Cookie", cookie);
    const [byToken, hires, blocklist] = audit.body.entries;
    expect(byToken).toMatchObject({ actor: "staff:bearer", via: "bearer", action: { type: "setHires", hires: 8 } });
    expect(hires).toMatchObject({ actor: "account:sam", via: "account", name: "sam", action: { type: "setHires", hires: 7 } });
    expect(blocklist).toMatchObject({ actor: "account:sam", via: "account", name: "sam", action: { type: "setBlocklist" } });
  });

  it("ends an account's sessions when its password changes; the new password logs in, the old one no more", async () => {
    const created = await asStaff(a).post(endpointPath("createAccount")).send({ username: "ines", role: "admin", password: PASSWORD });
    const cookie = sessionOf(await login(b, "ines", PASSWORD));
    // An admin account may manage accounts itself.
    const changed = await request(a.url)
      .put(endpointPath("updateAccount", { params: { id: String(created.body.id) } }))
      .set({ Cookie: cookie, Origin: a.url })
      .send({ password: "a brand new passphrase" });
    expect(changed.status, changed.text).toBe(200);
    expect((await session(b, cookie)).status).toBe(401);
    expect((await login(a, "ines", PASSWORD)).status).toBe(401);
    expect((await login(a, "ines", "a brand new passphrase")).status).toBe(200);
  });
});
