import type { Router } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authorKey,
  ENDPOINT_SCHEMAS,
  ENDPOINTS,
  endpointPath,
  postKey,
  type EndpointName,
  type ModerationQueue,
  type ModerationResult,
  type RequestOf,
} from "@pulse/shared";
import { route } from "../src/routes/endpoint-route.js";
import { makePost, startPulse, type RunningPulse } from "./support/start-pulse.js";
import { asStaff, ingest, INGEST_TOKEN, STAFF_ENV, STAFF_TOKEN } from "./staff/staff-support.js";

/** Every `METHOD path` the table declares, aliases included. */
function declared(): string[] {
  return Object.values(ENDPOINTS).flatMap((e) => [e.path, ...("aliases" in e ? e.aliases : [])].map((path) => `${e.method} ${path}`));
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD path` of a route mounted on the app, read from Express's router stack. */
function mounted(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = ([] as string[]).concat(layer.route.path);
      return Object.keys(layer.route.methods).flatMap((method) => paths.map((path) => `${method.toUpperCase()} ${path}`));
    }
    return layer.handle?.stack ? mounted(layer.handle.stack) : [];
  });
}

/** A request path for a declared path, its parameters filled with values no store holds. */
function filled(path: string): string {
  return path.replace(/[:*](\w+)/g, (_, key: string) => (key === "action" ? (path.includes("/authors/") ? "block" : "hide") : `none-${key}`));
}

describe("the HTTP contract", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
  });
  afterAll(async () => node.close());

  it("mounts every /api route, /healthz and /metrics from the table, and no other", () => {
    const routes = mounted((node.pulse.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const api = routes.filter((r) => / \/(api\/|healthz|metrics)/.test(r));
    expect([...api].sort()).toEqual([...declared()].sort());
  });

  it("answers every declared path and alias, none with the catch-all 404", async () => {
    for (const entry of declared()) {
      const [method, path] = entry.split(" ") as [string, string];
      const name = (Object.keys(ENDPOINTS) as EndpointName[]).find((n) => ENDPOINTS[n].method === method && [ENDPOINTS[n].path, ...("aliases" in ENDPOINTS[n] ? (ENDPOINTS[n] as { aliases: string[] }).aliases : [])].includes(path));
      const token = name === "ingest" ? INGEST_TOKEN : STAFF_TOKEN;
      const req = request(node.url)[method.toLowerCase() as "get" | "post" | "put"](filled(path)).set("Authorization", `Bearer ${token}`);
      const res = name === "staffLogin" ? await req.send({ token: STAFF_TOKEN }) : method === "GET" ? await req : await req.send({});
      const error = (res.body as { error?: string } | undefined)?.error ?? "";
      expect(error, entry).not.toMatch(/^(no such endpoint|not found):/);
      expect(res.status, `${entry}: ${res.status} ${error}`).toBeLessThan(500);
    }
  });

  it("takes each staff action at /api/staff/... and at its v1 path alike", async () => {
    const post = makePost();
    await ingest(node, [post]);
    const staff = asStaff(node);
    const hide = await staff.post(endpointPath("postAction", { params: { network: post.network, id: post.id, action: "hide" } }));
    expect(hide.status).toBe(200);
    expect((hide.body as ModerationResult).outcome).toBe("changed");
    // The same hide at the v1 path finds it done.
    const again = await staff.post(`/api/moderation/posts/${post.network}/${encodeURIComponent(post.id)}/hide`);
    expect((again.body as ModerationResult).outcome).toBe("unchanged");
    const unhide = await staff.post(`/api/moderation/posts/${post.network}/${encodeURIComponent(post.id)}/unhide`);
    expect((unhide.body as ModerationResult).outcome).toBe("changed");

    const v2 = await staff.get(endpointPath("moderationQueue"));
    const v1 = await staff.get("/api/moderation/queue");
    expect(v2.status).toBe(200);
    expect(v2.body as ModerationQueue).toEqual(v1.body);

    const org = ENDPOINTS.organizationHires;
    const id = node.pulse.campaign.organizations[0]?.id ?? "";
    expect((await staff.put(endpointPath("organizationHires", { params: { id } })).send({ hires: 4 })).body).toEqual({ id, hires: 4 });
    expect((await staff.put(filled(org.aliases[0]).replace("none-id", encodeURIComponent(id))).send({ hires: 5 })).body).toEqual({ id, hires: 5 });

    for (const path of [endpointPath("exportPosts"), "/api/export/posts.csv"]) {
      const csv = await staff.get(path);
      expect(csv.status, path).toBe(200);
      expect(csv.type, path).toBe("text/csv");
    }
    // Both paths are behind the credentials.
    expect((await request(node.url).get(endpointPath("moderationQueue"))).status).toBe(401);
    expect((await request(node.url).get("/api/moderation/queue")).status).toBe(401);
  });

  it("does not compile a route the table does not declare, nor an answer of another shape", () => {
    const check = (router: Router) => {
      // @ts-expect-error: no such endpoint in the table
      route(router, "moderationQueues", (_req, res) => res.json({}));
      // @ts-expect-error: the queue is a ModerationQueue, not a ModerationResult
      route(router, "moderationQueue", (_req, res) => res.json({ outcome: "changed", rev: 1 }));
      route(router, "moderationQueue", (_req, res) => res.json({ mode: "auto", queue: [], queued: 0 }));
    };
    expect(check).toBeTypeOf("function");
  });

  it("answers every endpoint's 2xx with what its response schema declares", async () => {
    const post = makePost({ network: "x", id: "contract-1", author: { id: "contract-author", handle: "contract" } });
    await ingest(node, [post]);
    const org = node.pulse.campaign.organizations[0]?.id ?? "";
    const author = { network: post.network, authorId: post.author.id };
    const created = { ...node.pulse.campaign, id: "contract-new", name: "Contract" };
    const account = await asStaff(node)
      .post(endpointPath("createAccount"))
      .send({ username: "contract-editor", role: "viewer", password: "contract-password-1" });
    expect(account.status, account.text).toBe(201);
    const token = await asStaff(node).post(endpointPath("createIngestToken")).send({ name: "Contract partner", campaigns: "all" });
    expect(token.status, token.text).toBe(201);
    // One request per endpoint that the server answers with a 2xx; the type names every endpoint of the table.
    const requests: { [N in EndpointName]: RequestOf<N> } = {
      health: {},
      metrics: {},
      snapshot: {},
      campaign: {},
      ingest: { body: [makePost()] },
      campaigns: {},
      campaignById: { params: { id: node.pulse.campaign.id } },
      campaignSnapshot: { params: { id: node.pulse.campaign.id } },
      insights: {},
      campaignInsights: { params: { id: node.pulse.campaign.id } },
      staffLogin: { body: { token: STAFF_TOKEN, name: "Zoé" } },
      staffLogout: {},
      staffLoginMethods: {},
      staffOidcLogin: {},
      staffOidcCallback: {},
      staffSession: {},
      postAction: { params: { network: post.network, id: post.id, action: "pin" } },
      authorAction: { params: { ...author, action: "block" }, body: { post: postKey(post) } },
      moderationMode: { body: { mode: "auto" } },
      moderationQueue: {},
      moderationState: {},
      moderationAudit: { query: { limit: "10" } },
      moderatedPosts: { query: { state: "blocked", limit: "5" } },
      moderatedPost: { params: { network: post.network, id: post.id } },
      blocklist: {},
      saveBlocklist: { body: { words: ["arnaque"] } },
      organizationHires: { params: { id: org }, body: { hires: 3 } },
      // The default campaign, named.
      leaderboard: { query: { campaign: node.pulse.campaign.id } },
      organization: { params: { id: org } },
      roi: {},
      staffCampaigns: {},
      createCampaign: { body: created },
      updateCampaign: { params: { id: created.id }, body: { ...created, name: "Contract, renamed" } },
      archiveCampaign: { params: { id: created.id } },
      unarchiveCampaign: { params: { id: created.id } },
      recountCampaign: { params: { id: created.id } },
      recountStatus: { params: { id: created.id } },
      accounts: {},
      createAccount: { body: { username: "contract-new", displayName: "Contract", role: "moderator", password: "contract-password-2" } },
      updateAccount: { params: { id: String(account.body.id) }, body: { role: "moderator", disabled: true } },
      ingestTokens: {},
      createIngestToken: { body: { name: "Contract partner 2", campaigns: [node.pulse.campaign.id] } },
      revokeIngestToken: { params: { id: String(token.body.id) } },
      exportPosts: { query: { bom: "1" } },
      exportAggregates: {},
      exportInsights: { query: { bom: "1" } },
      // Last: an author no campaign holds (200, none erased), so the checks after the loop still find the post.
      eraseAuthor: { body: { network: "x", authorId: "nobody-at-all" } },
    };
    for (const name of Object.keys(requests) as EndpointName[]) {
      const { method } = ENDPOINTS[name];
      const sent = requests[name] as { body?: unknown };
      const path = (endpointPath as (name: EndpointName, request: unknown) => string)(name, sent);
      const token = name === "ingest" ? INGEST_TOKEN : STAFF_TOKEN;
      const req = request(node.url)[method.toLowerCase() as "get" | "post" | "put"](path).set("Authorization", `Bearer ${token}`);
      const res = sent.body === undefined ? await req : await req.send(sent.body as object);
      if (name === "staffOidcLogin" || name === "staffOidcCallback") {
        // Redirects when OIDC_ISSUER is set (test/staff/staff-oidc.e2e.test.ts); this node has no provider.
        expect(res.status, name).toBe(404);
        continue;
      }
      expect(res.status, `${name}: ${res.status} ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${name}: ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(300);
      const answer = res.type === "application/json" ? (res.body as unknown) : res.text;
      const parsed = ENDPOINT_SCHEMAS[name].response.safeParse(answer);
      expect(parsed.error?.issues, `${name}: ${res.text.slice(0, 200)}`).toBeUndefined();
    }
    // The author action above found the post it named.
    expect((await asStaff(node).get(endpointPath("moderationState"))).body.blockedProfiles[authorKey(post)]).toMatchObject({ handle: "contract" });
  });
});
