/** Reads one request header by its lower-case name (express's `req.get`, or Node's `req.headers`). */
export type HeaderReader = (name: string) => string | undefined;

/** A header reader over Node's `IncomingMessage.headers`. */
export function nodeHeaders(headers: Record<string, string | string[] | undefined>): HeaderReader {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

/** `hostname[:port]` of a Host-like header, lower case; the port is undefined when absent. */
function hostAndPort(value: string | undefined): { hostname: string; port: string | undefined } | undefined {
  const first = value?.split(",")[0]?.trim().toLowerCase();
  if (!first) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(first);
  return match ? { hostname: match[1] as string, port: match[2] } : undefined;
}

/**
 * True when `origin` names this server: its host and port are those of the `Host` header, or of
 * `X-Forwarded-Host` (a proxy such as the nginx of deploy/, whose `Host $host` drops the port). A Host without a
 * port stands for `X-Forwarded-Port`, else the origin scheme's default port. Trusting the forwarded headers here is
 * safe: a cross-site page cannot add them to a request (they would need a CORS preflight, which is refused).
 */
export function isOwnOrigin(header: HeaderReader, origin: URL): boolean {
  const originPort = origin.port || (origin.protocol === "https:" ? "443" : "80");
  const forwardedPort = header("x-forwarded-port")?.split(",")[0]?.trim();
  for (const value of [header("host"), header("x-forwarded-host")]) {
    const candidate = hostAndPort(value);
    if (!candidate || candidate.hostname !== origin.hostname.toLowerCase()) continue;
    const port = candidate.port ?? forwardedPort ?? originPort;
    if (port === originPort) return true;
  }
  return false;
}

