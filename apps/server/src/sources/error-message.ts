/**
 * An error's message, for a source's logs and `lastError`. With `withCause`, the cause's message follows: fetch's
 * "fetch failed" keeps the reason (ECONNREFUSED, a TLS error…) in `cause`.
 */
export function errorMessage(err: unknown, { withCause = false }: { withCause?: boolean } = {}): string {
  if (!(err instanceof Error)) return String(err);
  const cause = withCause && err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
