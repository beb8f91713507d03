import type { Router } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  ENDPOINTS,
  endpointPath,
  type BodyOf,
  type EndpointName,
  type ModerationQueue,
  type ModerationResult,
} from "@pulse/shared";
import type { z } from "zod";
import type { BlocklistBodySchema } from "../src/staff/blocklist.js";
import type { AuthorBodySchema, ModeBodySchema } from "../src/staff/moderation-service.js";
import { HiresBodySchema } from "../src/staff/organization-service.js";
import type { LoginBodySchema } from "../src/staff/staff-session.js";
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

  it("validates each request body with a schema that takes exactly the table's body type", () => {
    // Compile-time: a field added, renamed or retyped on either side fails `npm run typecheck`.
    expectTypeOf<z.input<typeof LoginBodySchema>>().toEqualTypeOf<BodyOf<"staffLogin">>();
    expectTypeOf<z.input<typeof ModeBodySchema>>().toEqualTypeOf<BodyOf<"moderationMode">>();
    expectTypeOf<NonNullable<z.input<typeof AuthorBodySchema>>>().toEqualTypeOf<BodyOf<"authorAction">>();
    expectTypeOf<z.input<typeof HiresBodySchema>>().toEqualTypeOf<BodyOf<"organizationHires">>();
    expectTypeOf<z.input<typeof BlocklistBodySchema>>().toEqualTypeOf<BodyOf<"saveBlocklist">>();
    // At run time, the table's example bodies pass and a wrong one is refused.
    expect(HiresBodySchema.safeParse({ hires: 3 } satisfies BodyOf<"organizationHires">).success).toBe(true);
    expect(HiresBodySchema.safeParse({ hire: 3 }).success).toBe(false);
  });
});
