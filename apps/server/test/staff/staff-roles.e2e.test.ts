/**
 * Every staff endpoint of the shared table, for every role: no credentials 401, a role below the endpoint's
 * `staff` 403 naming the role needed, a role that may call it its 2xx. The callers: `STAFF_TOKEN` as a bearer and
 * by the console's token login (the bootstrap admin), and a staff account of each role, by password login. The endpoints are read from ENDPOINTS, and
 * SAMPLES must name each of them (a type error otherwise), so a new endpoint is covered as soon as it is declared.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, roleAllows, STAFF_ROLES, type EndpointName, type StaffRole } from "@pulse/shared";
import { makePost, startPulse, type RunningPulse } from "../support/start-pulse.js";
import { salonCampaign } from "../support/salon-campaign.js";
import { SESSION_COOKIE } from "../../src/staff/staff-session.js";
import { asStaff, ingestOnRelay, STAFF_ENV, STAFF_TOKEN } from "./staff-support.js";

/** The names of the endpoints behind staff credentials. */
type StaffEndpoint = { [N in EndpointName]: (typeof ENDPOINTS)[N] extends { staff: StaffRole } ? N : never }[EndpointName];

/** One request to an endpoint: its path parameters, query and body, and the 2xx status a caller who may call it gets. */
interface Sample {
  params?: Record<string, string>;
  body?: unknown;
  status?: number;
}

/** Who calls: a tag that keeps the ids each one creates apart. */
type Sampler = (who: string) => Sample;

const POST = makePost({ id: "roles-1", author: { id: "roles-author", handle: "roles" } });
const ORG = "axa";
const PASSWORD = "roles-password-0123";

/** A request for each staff endpoint that succeeds when the role allows it. */
const SAMPLES: Record<StaffEndpoint, Sampler> = {
  staffSession: () => ({}),
  postAction: () => ({ params: { network: POST.network, id: POST.id, action: "pin" } }),
  authorAction: () => ({ params: { network: POST.network, authorId: POST.author.id, action: "unblock" }, body: {} }),
  moderationMode: () => ({ body: { mode: "auto" } }),
  moderationQueue: () => ({}),
  moderationState: () => ({}),
  moderationAudit: () => ({}),
  moderatedPosts: () => ({}),
  moderatedPost: () => ({ params: { network: POST.network, id: POST.id } }),
  blocklist: () => ({}),
  saveBlocklist: () => ({ body: { words: ["arnaque"] } }),
  organizationHires: () => ({ params: { id: ORG }, body: { hires: 3 } }),
  leaderboard: () => ({}),
  organization: () => ({ params: { id: ORG } }),
  roi: () => ({}),
  staffCampaigns: () => ({}),
  createCampaign: (who) => ({ body: salonCampaign({ id: `roles-${who}` }), status: 201 }),
  updateCampaign: (who) => ({ params: { id: `roles-${who}` }, body: salonCampaign({ id: `roles-${who}`, name: `Roles ${who}` }) }),
  archiveCampaign: (who) => ({ params: { id: `roles-${who}` } }),
  unarchiveCampaign: (who) => ({ params: { id: `roles-${who}` } }),
  recountCampaign: (who) => ({ params: { id: `roles-${who}` }, status: 202 }),
  recountStatus: () => ({ params: { id: "{default}" } }),
  accounts: () => ({}),
  createAccount: (who) => ({ body: { username: `new-${who}`, role: "viewer", password: PASSWORD }, status: 201 }),
  updateAccount: (who) => ({ params: { id: "{target}" }, body: { displayName: `Edited by ${who}` } }),
  ingestTokens: () => ({}),
  createIngestToken: (who) => ({ body: { name: `Roles ${who}`, campaigns: "all" }, status: 201 }),
  // Each caller revokes a token of its own (made in beforeAll): a second revoke of one token is a 404.
  revokeIngestToken: (who) => ({ params: { id: `{token:${who}}` } }),
  exportPosts: () => ({}),
  exportAggregates: () => ({}),
  exportInsights: () => ({}),
  // An author nobody posted as: 200 with nothing erased, the act logged.
  eraseAuthor: (who) => ({ body: { network: "x", authorId: `nobody-${who}` } }),
};

const STAFF_ENDPOINTS = (Object.keys(ENDPOINTS) as EndpointName[]).filter((name): name is StaffEndpoint => "staff" in ENDPOINTS[name]);

/** The `name=value` of the session cookie a login answer sets. */
function sessionOf(res: request.Response): string {
  const lines = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  return (lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "").split(";")[0] ?? "";
}

/** A caller: how it proves itself, and the role it has. */
interface Caller {
  who: string;
  role: StaffRole;
  headers(): Record<string, string>;
}

describe("roles on every staff endpoint", () => {
  let node: RunningPulse;
  let defaultId: string;
  let targetId: string;
  const callers: Caller[] = [];
  const tokenIds = new Map<string, string>();

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
    defaultId = node.pulse.campaign.id;
    await ingestOnRelay(node, [POST]);
    // An account the admins edit.
    const target = await asStaff(node).post("/api/staff/accounts").send({ username: "target", role: "viewer", password: PASSWORD });
    expect(target.status, target.text).toBe(201);
    targetId = target.body.id;
    for (const who of ["bearer", "token-session", ...STAFF_ROLES.map((role) => `account-${role}`)]) {
      const token = await asStaff(node).post("/api/staff/ingest-tokens").send({ name: `To revoke ${who}`, campaigns: "all" });
      expect(token.status, token.text).toBe(201);
      tokenIds.set(who, token.body.id);
    }
    // The bootstrap admin, by bearer token and by the token login, then an account of each role, by password login.
    callers.push({ who: "bearer", role: "admin", headers: () => ({ Authorization: `Bearer ${STAFF_TOKEN}` }) });
    const tokenLogin = await request(node.url).post("/api/staff/login").send({ token: STAFF_TOKEN });
    callers.push({ who: "token-session", role: "admin", headers: () => ({ Cookie: sessionOf(tokenLogin), Origin: node.url }) });
    for (const role of STAFF_ROLES) {
      const username = `roles-${role}`;
      const created = await asStaff(node).post("/api/staff/accounts").send({ username, role, password: PASSWORD });
      expect(created.status, created.text).toBe(201);
      const login = await request(node.url).post("/api/staff/login").send({ username, password: PASSWORD });
      expect(login.status, login.text).toBe(200);
      expect(login.body).toMatchObject({ role, account: { id: created.body.id, username } });
      callers.push({ who: `account-${role}`, role, headers: () => ({ Cookie: sessionOf(login), Origin: node.url }) });
    }
  });
  afterAll(async () => {
    await node?.close();
  });

  /** The request of a sample, on the endpoint's path. */
  function send(name: StaffEndpoint, sample: Sample, headers: Record<string, string>): request.Test {
    const spec = ENDPOINTS[name];
    const path = spec.path.replace(/[:*](\w+)/g, (_, key: string) => {
      const value = sample.params?.[key] ?? "";
      const token = /^\{token:(.+)\}$/.exec(value)?.[1];
      return encodeURIComponent(value === "{default}" ? defaultId : value === "{target}" ? targetId : token !== undefined ? (tokenIds.get(token) ?? "") : value);
    });
    const method = spec.method.toLowerCase() as "get" | "post" | "put";
    const req = request(node.url)[method](path).set(headers);
    return sample.body === undefined ? req : req.send(sample.body as object);
  }

  it("covers every staff endpoint of the table", () => {
    expect(STAFF_ENDPOINTS.length).toBeGreaterThan(20);
    expect(Object.keys(SAMPLES).sort()).toEqual([...STAFF_ENDPOINTS].sort());
  });

  it.each(STAFF_ENDPOINTS)("%s answers 401 without credentials", async (name) => {
    const res = await send(name, SAMPLES[name]("anonymous"), {});
    expect(res.status, res.text).toBe(401);
    expect(res.body.error).toMatch(/missing credentials/);
  });

  // Each caller in turn runs the whole table in its order (create, edit, archive, unarchive, recount).
  describe.each(["bearer", "token-session", ...STAFF_ROLES.map((role) => `account-${role}`)])("as %s", (who) => {
    it.each(STAFF_ENDPOINTS)("%s: 403 below its role, its 2xx otherwise", async (name) => {
      const caller = callers.find((c) => c.who === who) as Caller;
      const sample = SAMPLES[name](who);
      const needed = ENDPOINTS[name].staff;
      const res = await send(name, sample, caller.headers());
      if (roleAllows(caller.role, needed)) {
        expect(res.status, `${name} as ${who}: ${res.text}`).toBe(sample.status ?? 200);
      } else {
        expect(res.status, `${name} as ${who}: ${res.text}`).toBe(403);
        expect(res.body).toEqual({ error: `this needs the "${needed}" role; you are "${caller.role}"` });
      }
    });
  });

  it("checks the role on the v1 aliases too", async () => {
    const viewer = callers.find((c) => c.role === "viewer") as Caller;
    for (const name of STAFF_ENDPOINTS) {
      const spec: { aliases?: readonly string[]; staff: StaffRole; method: string } = ENDPOINTS[name];
      if (!spec.aliases || roleAllows("viewer", spec.staff)) continue;
      for (const alias of spec.aliases) {
        const sample = SAMPLES[name]("alias");
        const path = alias.replace(/[:*](\w+)/g, (_, key: string) => encodeURIComponent(sample.params?.[key] ?? ""));
        const req = request(node.url)[spec.method.toLowerCase() as "post" | "put"](path).set(viewer.headers());
        const res = await (sample.body === undefined ? req : req.send(sample.body as object));
        expect(res.status, `${alias}: ${res.text}`).toBe(403);
      }
    }
  });
});
