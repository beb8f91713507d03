import { afterEach, describe, expect, it, vi } from "vitest";
import {
  authorActionPath,
  moderatedPostsPath,
  organizationPath,
  postActionPath,
  splitAuthorKey,
  StaffApiError,
  staffRequest,
} from "./staffApi";

describe("staff API paths", () => {
  it("URL-encode post ids, which hold / and : on Bluesky and Mastodon", () => {
    expect(postActionPath("bluesky", "at://did:plc:abc/app.bsky.feed.post/3kxyz", "hide")).toBe(
      "/api/moderation/posts/bluesky/at%3A%2F%2Fdid%3Aplc%3Aabc%2Fapp.bsky.feed.post%2F3kxyz/hide",
    );
    expect(postActionPath("mastodon", "https://mastodon.social/users/a/statuses/1", "pin")).toBe(
      "/api/moderation/posts/mastodon/https%3A%2F%2Fmastodon.social%2Fusers%2Fa%2Fstatuses%2F1/pin",
    );
    expect(postActionPath("x", "123", "approve")).toBe("/api/moderation/posts/x/123/approve");
    expect(postActionPath("other", "a b?c#d", "unhide")).toBe("/api/moderation/posts/other/a%20b%3Fc%23d/unhide");
  });

  it("URL-encode author ids and organization ids", () => {
    expect(authorActionPath("bluesky", "did:plc:abc", "block")).toBe("/api/moderation/authors/bluesky/did%3Aplc%3Aabc/block");
    expect(authorActionPath("x", "42", "unblock")).toBe("/api/moderation/authors/x/42/unblock");
    expect(organizationPath("pôle/emploi", "detail")).toBe("/api/staff/organizations/p%C3%B4le%2Femploi");
    expect(organizationPath("axa", "hires")).toBe("/api/organizations/axa/hires");
  });

  it("ask for one state of moderated posts", () => {
    expect(moderatedPostsPath("hidden")).toBe("/api/moderation/posts?state=hidden&limit=100");
    expect(moderatedPostsPath("pinned", 20)).toBe("/api/moderation/posts?state=pinned&limit=20");
  });

  it("split an author key at its first colon only", () => {
    expect(splitAuthorKey("bluesky:did:plc:abc")).toEqual({ network: "bluesky", authorId: "did:plc:abc" });
    expect(splitAuthorKey("x:troll")).toEqual({ network: "x", authorId: "troll" });
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

  it("rejects with the server's error text and status", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ error: "hires: expected a number" }), { status: 400 }));
    const failure = await staffRequest("/x").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StaffApiError);
    expect(failure).toMatchObject({ status: 400, message: "hires: expected a number" });
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
