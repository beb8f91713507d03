/** The errors the network connectors raise for their APIs' answers, and how they are built from a response. */

/** An HTTP answer other than 2xx (or a 2xx whose body is not what was expected). */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(
    readonly status: number,
    message: string,
    /** What the answer's `Retry-After` asked for (429 and 503 only), capped at 15 minutes. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A failure below HTTP: refused, reset, dropped mid-stream, or silent past a deadline. */
export class NetworkError extends Error {
  override name = "NetworkError";
}

/** Error text longer than this is cut, so a large HTML error page does not land in `/healthz`. */
const MAX_DETAIL = 300;
const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * The error for a non-2xx `response`: `<what> answered HTTP <status>: <detail>`. The detail is what the body
 * says: an RFC 7807 problem's `title: detail` (X), the first of its `errors` (X), `error: error_description`
 * (Mastodon), else the start of the text. Pass `body` when it was already read.
 */
export async function httpStatusError(response: Response, what: string, body?: string): Promise<HttpStatusError> {
  const text = body ?? (await response.text().catch(() => ""));
  const detail = describeBody(text);
  const retryAfter = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
  return new HttpStatusError(response.status, `${what} answered HTTP ${response.status}${detail ? `: ${detail}` : ""}`, retryAfter);
}

/** What an error body says, in one short line. */
function describeBody(text: string): string {
  try {
    const parsed = JSON.parse(text) as { title?: unknown; detail?: unknown; errors?: unknown; error?: unknown; error_description?: unknown };
    const problem = strings(parsed.title, parsed.detail);
    if (problem) return problem;
    if (Array.isArray(parsed.errors)) return describeErrors(parsed.errors);
    const oauth = strings(parsed.error, parsed.error_description);
    if (oauth) return oauth;
  } catch {
    // Not JSON: keep the start of the text.
  }
  return text.trim().slice(0, MAX_DETAIL);
}

/** The first error of an `errors` list (X's in-stream and rule errors), as `title: detail`. */
export function describeErrors(errors: unknown[]): string {
  const first = errors[0] as { title?: unknown; detail?: unknown; message?: unknown } | undefined;
  return strings(first?.title, first?.detail ?? first?.message) || "unknown error";
}

function strings(...parts: unknown[]): string {
  return parts
    .filter((p): p is string => typeof p === "string")
    .join(": ")
    .slice(0, MAX_DETAIL);
}

/** Milliseconds a `Retry-After` header asks for (delta seconds or an HTTP date), capped at 15 min. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
