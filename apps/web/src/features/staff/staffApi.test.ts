import { afterEach, describe, expect, it, vi } from "vitest";
import { exportHref } from "./exportLinks";
import { actsOnCampaign, pathOf, selectStaffCampaign, splitAuthorKey, StaffApiError, staffCall, staffRequest } from "./staffApi";

describe("staff API paths", () => {
  it("URL-encode post ids, which hold / and : on Bluesky and Mastodon", () => {
    expect(pathOf("postAction", { params: { network: "bluesky", id: "at://did:plc:abc/app.bsky.feed.post/3kxyz", action: "hide" } })).toBe(
      "/api/staff/moderation/posts/bluesky/at%3A%2F%2Fdid%3Aplc%3Aabc%2Fapp.bsky.feed.post%2F3kxyz/hide",
    );
    expect(pathOf("postAction", { params: { network: "mastodon", id: "https://mastodon.social/users/a/statuses/1", action: "pin" } })).toBe(
      "/api/staff/moderation/posts/mastodon/https%3A%2F%2Fmastodon.social%2Fusers%2Fa%2Fstatuses%2F1/pin",
    );
    expect(pathOf("postAction", { params: { network: "x", id: "123", action: "approve" } })).toBe("/api/staff/moderation/posts/x/123/approve");
    expect(pathOf("postAction", { params: { network: "other", id: "a b?c#d", action: "unhide" } })).toBe("/api/staff/moderation/posts/other/a%20b%3Fc%23d/unhide");
  });

  it("URL-encode author ids and organization ids", () => {
    expect(pathOf("authorAction", { params: { network: "bluesky", authorId: "did:plc:abc", action: "block" } })).toBe("/api/staff/moderation/authors/bluesky/did%3Aplc%3Aabc/block");
    expect(pathOf("authorAction", { params: { network: "x", authorId: "42", action: "unblock" } })).toBe("/api/staff/moderation/authors/x/42/unblock");
    expect(pathOf("organization", { params: { id: "pôle/emploi" } })).toBe("/api/staff/organizations/p%C3%B4le%2Femploi");
    expect(pathOf("organizationHires", { params: { id: "axa" } })).toBe("/api/staff/organizations/axa/hires");
  });

  it("ask for one state of moderated posts", () => {
    expect(pathOf("moderatedPosts", { query: { state: "hidden", limit: "100" } })).toBe("/api/staff/moderation/posts?state=hidden&limit=100");
    expect(pathOf("moderatedPosts", { query: { state: "pinned", limit: "20" } })).toBe("/api/staff/moderation/posts?state=pinned&limit=20");
  });

  it("split an author key at its first colon only", () => {
    expect(splitAuthorKey("bluesky:did:plc:abc")).toEqual({ network: "bluesky", authorId: "did:plc:abc" });
    expect(splitAuthorKey("x:troll")).toEqual({ network: "x", authorId: "troll" });
  });
});

describe("the campaign the console acts on", () => {
  afterEach(() => selectStaffCampaign(null));

  it("is named in every request that acts on one campaign, and in no other", () => {
    expect(pathOf("moderationQueue", {})).toBe("/api/staff/moderation/queue");
    selectStaffCampaign("salon-2027");
    expect(pathOf("moderationQueue", {})).toBe("/api/staff/moderation/queue?campaign=salon-2027");
    expect(pathOf("moderatedPosts", { query: { state: "hidden", limit: "100" } })).toBe("/api/staff/moderation/posts?state=hidden&limit=100&campaign=salon-2027");
    expect(pathOf("postAction", { params: { network: "x", id: "1", action: "hide" } })).toBe("/api/staff/moderation/posts/x/1/hide?campaign=salon-2027");
    expect(pathOf("organization", { params: { id: "axa" } })).toBe("/api/staff/organizations/axa?campaign=salon-2027");
    expect(pathOf("moderationAudit", { query: { limit: "200" } })).toBe("/api/staff/moderation/audit?limit=200&campaign=salon-2027");
    expect(exportHref("posts", { excel: true })).toBe("/api/staff/export/posts.csv?bom=1&campaign=salon-2027");
    // The session, the campaign API (its id in the path) and public endpoints name none.
    expect(pathOf("staffSession", {})).toBe("/api/staff/session");
    expect(pathOf("staffCampaigns", {})).toBe("/api/staff/campaigns");
    expect(pathOf("recountStatus", { params: { id: "salon-2027" } })).toBe("/api/staff/campaigns/salon-2027/recount");
    expect(pathOf("health", {})).toBe("/healthz");
    expect(["staffLogin", "staffLogout", "archiveCampaign", "snapshot"].some((name) => actsOnCampaign(name as "snapshot"))).toBe(false);
    selectStaffCampaign(null);
    expect(pathOf("moderationQueue", {})).toBe("/api/staff/moderation/queue");
  });
});

describe("staffRequest", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the cookie and a JSON body, and returns the answer", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ outcome: "changed", rev: 3 }), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(staffRequest("/api/moderation/mode", { method: "PUT", body: { mode: "approve" } })).resolves.toEqual({ outcome: "changed", rev: 3 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/moderation/mode");
    expect(init.credentials).toBe("same-origin");
    expect(init.method).toBe("PUT");
    expect(init.body).toBe('{"mode":"approve"}');
    expect((init.headers as Record<string, string>)["content-type"]).toBe("application/json");
  });

  it("takes an endpoint's method and path from the shared table, and sends its typed body", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: "axa", hires: 4 }), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(staffCall("organizationHires", { params: { id: "axa" }, body: { hires: 4 } })).resolves.toEqual({ id: "axa", hires: 4 });
    await staffCall("moderationQueue", {});
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url, init]) => `${init.method} ${url} ${String(init.body)}`)).toEqual([
      'PUT /api/staff/organizations/axa/hires {"hires":4}',
      "GET /api/staff/moderation/queue null",
    ]);
    // @ts-expect-error: hires is a number
    void staffCall("organizationHires", { params: { id: "axa" }, body: { hires: "4" } }).catch(() => undefined);
    // @ts-expect-error: a post action is not an author action
    expect(() => pathOf("authorAction", { params: { network: "x", authorId: "1", action: "hide" } })).not.toThrow();
  });

  it("rejects with the server's error text and status", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ error: "hires: expected a number" }), { status: 400 }));
    const failure = await staffRequest("/x").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StaffApiError);
    expect(failure).toMatchObject({ status: 400, message: "hires: expected a number" });
  });

  it("carries the bad fields a 400 names", async () => {
    const issues = [{ path: "end", message: "expected a time after start" }, { path: "organizations.2.country", message: "expected FR" }];
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ error: "invalid campaign", issues: [...issues, { path: 3 }] }), { status: 400 }));
    await expect(staffRequest("/x")).rejects.toMatchObject({ status: 400, message: "invalid campaign", issues });
  });

  it("falls back to the status line when the answer is not JSON, and reports network failures as status 0", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>", { status: 502, statusText: "Bad Gateway" }));
    await expect(staffRequest("/x")).rejects.toMatchObject({ status: 502, message: "HTTP 502 Bad Gateway" });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(staffRequest("/x")).rejects.toMatchObject({ status: 0, message: "Failed to fetch" });
  });
});
