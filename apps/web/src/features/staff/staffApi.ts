/**
 * The staff console's view of the staff HTTP API (docs/staff-api.md): path builders (ids URL-encoded, since
 * Bluesky and Mastodon ids hold `/` and `:`), and one `fetch` wrapper that turns any non-2xx answer into a
 * {@link StaffApiError} carrying the server's `{ error }` text. The response shapes are the shared package's
 * (`StaffSessionStatus`, `ModerationQueue`, `AuditLog`, `RoiReport`…), which the server is typed against too.
 */
import type { Health, Network, Post, PostModerationState } from "@pulse/shared/client";

/** A post action of `POST /api/moderation/posts/:network/:id/:action`. */
export type PostAction = "hide" | "unhide" | "pin" | "unpin" | "approve";
/** An author action of `POST /api/moderation/authors/:network/:authorId/:action`. */
export type AuthorAction = "block" | "unblock";

/** A staff request that did not succeed: the HTTP status (0 for a network failure) and the server's text. */
export class StaffApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "StaffApiError";
    this.status = status;
  }
}

/** The path of a post action; the id is URL-encoded. */
export function postActionPath(network: Network, id: string, action: PostAction): string {
  return `/api/moderation/posts/${encodeURIComponent(network)}/${encodeURIComponent(id)}/${action}`;
}

/** The path of an author action; the author id is URL-encoded. */
export function authorActionPath(network: Network | string, authorId: string, action: AuthorAction): string {
  return `/api/moderation/authors/${encodeURIComponent(network)}/${encodeURIComponent(authorId)}/${action}`;
}

/** The path of one organization's page or hires. */
export function organizationPath(id: string, what: "detail" | "hires"): string {
  return what === "detail" ? `/api/staff/organizations/${encodeURIComponent(id)}` : `/api/organizations/${encodeURIComponent(id)}/hires`;
}

/** `GET /api/moderation/posts` for one state. */
export function moderatedPostsPath(state: PostModerationState | "pinned", limit = 100): string {
  return `/api/moderation/posts?${new URLSearchParams({ state, limit: String(limit) }).toString()}`;
}

/** Splits an author key `network:authorId` at its first colon (author ids may hold colons). */
export function splitAuthorKey(key: string): { network: string; authorId: string } {
  const at = key.indexOf(":");
  return at < 0 ? { network: "other", authorId: key } : { network: key.slice(0, at), authorId: key.slice(at + 1) };
}

/** The author key of a post, `network:authorId`. */
export function authorKeyOf(post: Post): string {
  return `${post.network}:${post.author.id}`;
}

/** The error text of a failed answer: the server's `{ error }`, else the status line. */
async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown } | null;
    if (body && typeof body.error === "string" && body.error) return body.error;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

/**
 * A JSON request to the staff API with the session cookie. A body is sent as JSON. Resolves to the parsed
 * answer; rejects with a {@link StaffApiError} on a non-2xx answer or a network failure.
 */
export async function staffRequest<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      credentials: "same-origin",
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new StaffApiError(0, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new StaffApiError(response.status, await errorText(response));
  return (await response.json()) as T;
}

/** `GET /healthz`: public, but read with the same wrapper for its errors. */
export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return staffRequest<Health>("/healthz", signal ? { signal } : {});
}
