/**
 * The staff console's view of the staff HTTP API (docs/staff-api.md), keyed from the shared endpoint table
 * (`ENDPOINTS` of @pulse/shared): {@link staffCall} takes an endpoint's name and typed request, builds its path
 * (ids URL-encoded, since Bluesky and Mastodon ids hold `/` and `:`) and method from the table, and resolves to
 * the table's answer type; any non-2xx answer becomes a {@link StaffApiError} carrying the server's `{ error }`.
 */
import {
  ENDPOINTS,
  endpointPath,
  type EndpointName,
  type RequestOf,
  type ResponseOf,
} from "@pulse/shared/client";
export type { AuthorAction, PostAction } from "@pulse/shared/client";

/** A staff request that did not succeed: the HTTP status (0 for a network failure) and the server's text. */
export class StaffApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "StaffApiError";
    this.status = status;
  }
}

/** Splits an author key `network:authorId` at its first colon (author ids may hold colons). */
export function splitAuthorKey(key: string): { network: string; authorId: string } {
  const at = key.indexOf(":");
  return at < 0 ? { network: "other", authorId: key } : { network: key.slice(0, at), authorId: key.slice(at + 1) };
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

/** The path of a typed request to a declared endpoint: its parameters URL-encoded, its query appended. */
export function pathOf<N extends EndpointName>(name: N, request: Omit<RequestOf<N>, "body">): string {
  return (endpointPath as (name: EndpointName, request: unknown) => string)(name, request);
}

/**
 * A request to a declared endpoint (see {@link staffRequest}): its method and path from the shared table, its
 * body and answer of the table's types.
 */
export function staffCall<N extends EndpointName>(name: N, request: RequestOf<N> & { signal?: AbortSignal }): Promise<ResponseOf<N>> {
  const { signal, body } = request as { signal?: AbortSignal; body?: unknown };
  return staffRequest<ResponseOf<N>>(pathOf(name, request), {
    method: ENDPOINTS[name].method,
    ...(body === undefined ? {} : { body }),
    ...(signal ? { signal } : {}),
  });
}
