/**
 * Who may read `/metrics` on the public port (contract v2, "Operational endpoints"). The metrics describe sources,
 * tokens' use and load, so they are not for anyone: with METRICS_PORT they live on a listener of their own and the
 * public port has none; with METRICS_TOKEN the public port serves them to that bearer token only; with neither,
 * only to a direct request from this machine. Anything else is told what any unknown path is told: 404.
 */
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import { bearerToken, safeEqual } from "./bearer-auth.js";

/** True for an IPv4 loopback address (127.0.0.0/8, also as IPv4-mapped IPv6) or `::1`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === "::1";
}

/**
 * A request made on this machine and not relayed: its TCP peer is the loopback and it carries no forwarding header.
 * The peer address is the socket's, never `req.ip`, which TRUST_PROXY lets a proxy's header choose; and a local
 * proxy (nginx on the same host) adds `X-Forwarded-For`, so what it relays from outside is not taken as local.
 */
export function isDirectLocalRequest(req: Pick<IncomingMessage, "socket" | "headers">): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && req.headers["x-forwarded-for"] === undefined && req.headers.forwarded === undefined;
}

/** Whether a public-port request may read `/metrics`, as the configuration says (see the module comment). */
export function mayReadMetrics(config: Pick<Config, "METRICS_PORT" | "METRICS_TOKEN">, req: Pick<IncomingMessage, "socket" | "headers">): boolean {
  if (config.METRICS_PORT !== undefined) return false;
  if (config.METRICS_TOKEN !== undefined) {
    const given = bearerToken(req.headers.authorization);
    return given !== undefined && safeEqual(given, config.METRICS_TOKEN);
  }
  return isDirectLocalRequest(req);
}

/**
 * The guard of `/metrics` on the public port: a request that may not read it goes on to the routes after it, which
 * answer 404 as for any path that does not exist (no 401 or 403 to say there is something here).
 */
export function metricsAccess(config: Pick<Config, "METRICS_PORT" | "METRICS_TOKEN">): RequestHandler {
  return (req, _res, next) => {
    if (mayReadMetrics(config, req)) next();
    else next("route");
  };
}
