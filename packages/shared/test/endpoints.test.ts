import { describe, expect, expectTypeOf, it } from "vitest";
import {
  AUTHOR_ACTIONS,
  ENDPOINTS,
  MODERATION_ACTIONS,
  ModerationActionSchema,
  POST_ACTIONS,
  STAFF_PREFIX,
  STAFF_ROLES,
  endpointPath,
  roleAllows,
  type BodyOf,
  type EndpointName,
  type ModerationQueue,
  type RequestOf,
  type ResponseOf,
} from "../src/index.js";

describe("the endpoint table", () => {
  it("puts every staff endpoint under /api/staff, and keeps the v1 contract's paths as aliases", () => {
    const staff = (Object.keys(ENDPOINTS) as EndpointName[]).filter((name) => "staff" in ENDPOINTS[name]);
    expect(staff.length).toBeGreaterThan(15);
    for (const name of [...staff, "staffLogin", "staffLogout"] as const) expect(ENDPOINTS[name].path.startsWith(`${STAFF_PREFIX}/`), name).toBe(true);
    // The Staff API table of the v1 contract (/work/shared/CONTRACT.md), each still answered.
    const aliases = Object.values(ENDPOINTS).flatMap((e) => ("aliases" in e ? e.aliases.map((a) => `${e.method} ${a}`) : []));
    expect(aliases).toEqual(
      expect.arrayContaining([
        "POST /api/moderation/posts/:network/*id/:action",
        "POST /api/moderation/authors/:network/*authorId/:action",
        "GET /api/moderation/queue",
        "PUT /api/moderation/mode",
        "PUT /api/organizations/:id/hires",
        "GET /api/export/posts.csv",
        "GET /api/export/aggregates.csv",
      ]),
    );
  });

  it("names the least role of every staff endpoint: admins do all, moderators all but admin's, viewers only reads", () => {
    expect(STAFF_ROLES.flatMap((role) => STAFF_ROLES.filter((needed) => roleAllows(role, needed)).map((needed) => `${role}>${needed}`))).toEqual([
      "admin>admin",
      "admin>moderator",
      "admin>viewer",
      "moderator>moderator",
      "moderator>viewer",
      "viewer>viewer",
    ]);
    for (const [name, spec] of Object.entries(ENDPOINTS) as [EndpointName, (typeof ENDPOINTS)[EndpointName]][]) {
      if (!("staff" in spec)) continue;
      // A read is open to viewers, but for the list of accounts (who may do what is admins' business); a write needs more.
      if (spec.method === "GET") expect(spec.staff, name).toBe(name === "accounts" ? "admin" : "viewer");
      else expect(spec.staff, name).not.toBe("viewer");
    }
    expect(ENDPOINTS.createCampaign.staff).toBe("admin");
    expect(ENDPOINTS.postAction.staff).toBe("moderator");
  });

  it("takes the moderation actions from one enum", () => {
    expect(MODERATION_ACTIONS).toEqual(["hide", "unhide", "pin", "unpin", "approve", "approveMedia", "unapproveMedia", "block", "unblock"]);
    expect([...POST_ACTIONS, ...AUTHOR_ACTIONS]).toEqual(MODERATION_ACTIONS);
    // The audit log's schema records the same actions, and no other.
    for (const type of POST_ACTIONS) expect(ModerationActionSchema.safeParse({ type, key: "x:1" }).success, type).toBe(true);
    for (const type of AUTHOR_ACTIONS) expect(ModerationActionSchema.safeParse({ type, author: "x:a" }).success, type).toBe(true);
    expect(ModerationActionSchema.safeParse({ type: "delete", key: "x:1" }).success).toBe(false);
  });

  it("builds paths with each parameter URL-encoded as one segment, and the query appended", () => {
    expect(endpointPath("postAction", { params: { network: "bluesky", id: "at://did:plc:x/app.bsky.feed.post/1", action: "pin" } })).toBe(
      "/api/staff/moderation/posts/bluesky/at%3A%2F%2Fdid%3Aplc%3Ax%2Fapp.bsky.feed.post%2F1/pin",
    );
    expect(endpointPath("organizationHires", { params: { id: "pôle emploi" } })).toBe("/api/staff/organizations/p%C3%B4le%20emploi/hires");
    expect(endpointPath("moderatedPosts", { query: { state: "hidden", limit: "100" } })).toBe("/api/staff/moderation/posts?state=hidden&limit=100");
    expect(endpointPath("exportPosts", { query: { bom: undefined } })).toBe("/api/staff/export/posts.csv");
    expect(endpointPath("snapshot")).toBe("/api/snapshot");
  });

  it("does not compile a wrong name, parameter, action or shape", () => {
    // Each line below fails to compile (npm run typecheck fails on an unused @ts-expect-error).
    // @ts-expect-error: no such endpoint
    expect(() => endpointPath("moderationQueues")).toThrow();
    // @ts-expect-error: a post action is not an author action
    endpointPath("authorAction", { params: { network: "x", authorId: "1", action: "pin" } });
    // @ts-expect-error: the post id is missing
    endpointPath("postAction", { params: { network: "x", action: "hide" } });
    // @ts-expect-error: `/api/organizations/:id/hires` takes `{ hires: number }`
    const wrongBody: BodyOf<"organizationHires"> = { hire: 3 };
    // @ts-expect-error: a GET takes no body
    const noBody: RequestOf<"moderationQueue"> = { body: { mode: "auto" } };
    expectTypeOf<ResponseOf<"moderationQueue">>().toEqualTypeOf<ModerationQueue>();
    expect([wrongBody, noBody]).toHaveLength(2);
  });
});
