/**
 * The staff console's view of the staff HTTP API (docs/staff-api.md), keyed from the shared endpoint table
 * (`ENDPOINTS` of @pulse/shared): {@link staffCall} takes an endpoint's name and typed request, builds its path
 * (ids URL-encoded, since Bluesky and Mastodon ids hold `/` and `:`) and method from the table, and resolves to
 * the table's answer type; any non-2xx answer becomes a {@link StaffApiError} carrying the server's `{ error }`.
 */
import {
  ENDPOINTS,
  endpointPath,
  STAFF_PREFIX,
  type EndpointName,
  type RequestOf,
  type ResponseOf,
} from "@pulse/shared/client";
export type { AuthorAction, PostAction } from "@pulse/shared/client";

/** A bad field the server named in a 400's `issues` (the campaign API): its dot-separated path and what was expected. */
export interface StaffApiIssue {
  path: string;
  message: string;
}

/**
 * A staff request that did not succeed: the HTTP status (0 for a network failure), the server's text, and the
 * bad fields when the answer named them (`issues`, empty otherwise).
 */
export class StaffApiError extends Error {
  readonly status: number;
  readonly issues: readonly StaffApiIssue[];
  constructor(status: number, message: string, issues: readonly StaffApiIssue[] = []) {
    super(message);
    this.name = "StaffApiError";
    this.status = status;
    this.issues = issues;
  }
}

/** Splits an author key `network:authorId` at its first colon (author ids may hold colons). */
export function splitAuthorKey(key: string): { network: string; authorId: string } {
  const at = key.indexOf(":");
  return at < 0 ? { network: "other", authorId: key } : { network: key.slice(0, at), authorId: key.slice(at + 1) };
}

function isIssue(value: unknown): value is StaffApiIssue {
  const issue = value as Partial<StaffApiIssue> | null;
  return typeof issue?.path === "string" && typeof issue.message === "string";
}

/** The error of a failed answer: the server's `{ error, issues? }`, else the status line. */
async function answerError(response: Response): Promise<StaffApiError> {
  try {
    const body = (await response.json()) as { error?: unknown; issues?: unknown } | null;
    if (body && typeof body.error === "string" && body.error) {
      const issues = Array.isArray(body.issues) ? body.issues.filter(isIssue) : [];
      return new StaffApiError(response.status, body.error, issues);
    }
  } catch {
    // Not JSON: fall through to the status.
  }
  return new StaffApiError(response.status, `HTTP ${response.status} ${response.statusText}`.trim());
}

/** The campaign the console acts on, or null for the default campaign; see {@link selectStaffCampaign}. */
let selectedCampaign: string | null = null;

/**
 * Chooses the campaign the console's views act on: every request to an endpoint that acts on one campaign
 * (moderation, organizations, ROI, audit, exports) then carries `?campaign=<id>`; null is the default campaign,
 * which the server takes when no campaign is named.
 */
export function selectStaffCampaign(campaign: string | null): void {
  selectedCampaign = campaign;
}

/** The campaign chosen with {@link selectStaffCampaign}, or null for the default campaign. */
export function selectedStaffCampaign(): string | null {
  return selectedCampaign;
}

/**
 * True for the endpoints that act on one campaign and read `?campaign=`: the staff ones, but for the session, the
 * accounts, the ingest tokens and the campaign API itself (which names its campaign in the path).
 */
export function actsOnCampaign(name: EndpointName): boolean {
  const { path } = ENDPOINTS[name];
  return (
    path.startsWith(`${STAFF_PREFIX}/`) &&
    !path.startsWith(`${STAFF_PREFIX}/campaigns`) &&
    !path.startsWith(`${STAFF_PREFIX}/accounts`) &&
    !path.startsWith(`${STAFF_PREFIX}/ingest-tokens`) &&
    !["staffLogin", "staffLogout", "staffSession", "staffLoginMethods", "staffOidcLogin", "staffOidcCallback"].includes(name)
  );
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
  if (!response.ok) throw await answerError(response);
  return (await response.json()) as T;
}

/**
 * The path of a typed request to a declared endpoint: its parameters URL-encoded, its query appended, and
 * `campaign=<id>` when it acts on one campaign and one is chosen ({@link selectStaffCampaign}).
 */
export function pathOf<N extends EndpointName>(name: N, request: Omit<RequestOf<N>, "body">): string {
  const { query } = request as { query?: Record<string, string | undefined> };
  const scoped = selectedCampaign !== null && actsOnCampaign(name) ? { ...request, query: { ...query, campaign: selectedCampaign } } : request;
  return (endpointPath as (name: EndpointName, request: unknown) => string)(name, scoped);
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
