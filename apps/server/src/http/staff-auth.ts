import type { Request, RequestHandler, Response } from "express";
import { parseCookie } from "cookie";
import { roleAllows, type StaffRole } from "@pulse/shared";
import { bearerToken, safeEqual } from "./bearer-auth.js";
import { isOwnOrigin } from "./own-origin.js";
import { sanitizeActorName, SESSION_COOKIE, verifySession } from "../staff/staff-session.js";

/** What every staff endpoint answers while `STAFF_TOKEN` is unset. */
export const STAFF_DISABLED = "staff disabled: set STAFF_TOKEN";

/** Who made a staff request: how they proved it, with which role, and the display name they gave, if any. */
export interface StaffIdentity {
  via: "bearer" | "session";
  /** What the request may do: `admin` for `STAFF_TOKEN` (the bootstrap admin), else the account's role. */
  role: StaffRole;
  /** The staff account the session belongs to; absent for `STAFF_TOKEN` (bearer, or a session from the token login). */
  account?: { id: string; username: string };
  name?: string;
  /**
   * What the audit log records: `account:<username>` for a staff account; for `STAFF_TOKEN`, `staff:bearer` or
   * `staff:session`, then `:<name>` when a name was given.
   */
  actor: string;
}

/** The identity `requireStaff` found; only call behind it. */
export function staffIdentity(res: Response): StaffIdentity {
  return res.locals.staff as StaffIdentity;
}

/** The display name of `X-Pulse-Actor`: UTF-8, percent-encoded when not ASCII (`encodeURIComponent`). */
function headerName(req: Request): string | undefined {
  const raw = req.get("x-pulse-actor");
  if (raw === undefined) return undefined;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: taken as it is.
  }
  return sanitizeActorName(decoded);
}

/** The session cookie's value, if the request has one. */
export function sessionCookie(req: Request): string | undefined {
  const header = req.get("cookie");
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Options of the session cookie; `Secure` when the request came over https (directly or through the proxy). */
export function sessionCookieOptions(req: Request, maxAgeMs?: number) {
  // Read whatever TRUST_PROXY says: X-Forwarded-Proto can only make the cookie stricter here, never looser.
  const forwarded = req.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return {
    httpOnly: true,
    sameSite: "strict" as const,
    path: "/",
    secure: req.secure || forwarded === "https",
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Why a cookie-authenticated request must be refused as cross-site, or undefined when it comes from the
 * console's own origin: `Sec-Fetch-Site: same-origin`, else an `Origin` that names this server (`isOwnOrigin`).
 * A request with neither header is refused: every browser sends `Origin` on a POST, PUT or DELETE.
 */
export function crossSiteReason(req: Request): string | undefined {
  const site = req.get("sec-fetch-site");
  if (site !== undefined) return site === "same-origin" ? undefined : `Sec-Fetch-Site is ${JSON.stringify(site)}, not "same-origin"`;
  const origin = req.get("origin");
  if (origin === undefined) return "the request has no Origin header";
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `Origin ${JSON.stringify(origin)} is not a URL`;
  }
  if (!isOwnOrigin((name) => req.get(name), url)) return `Origin ${JSON.stringify(origin)} does not match the host ${JSON.stringify(req.get("host") ?? "")}`;
  return undefined;
}

/** 403 when staff features are off (`STAFF_TOKEN` unset). */
export function requireStaffEnabled(token: string | undefined): RequestHandler {
  return (_req, res, next) => {
    if (!token) {
      res.status(403).json({ error: STAFF_DISABLED });
      return;
    }
    next();
  };
}

/** Refuses a request a browser sent from another site (login and logout, which take no credentials). */
export function refuseCrossSite(): RequestHandler {
  return (req, res, next) => {
    // Only browsers send these headers; a script without them (curl) is not a CSRF vector.
    if (req.get("sec-fetch-site") === undefined && req.get("origin") === undefined) return next();
    const reason = crossSiteReason(req);
    if (reason) {
      res.status(403).json({ error: `cross-site request refused: ${reason}` });
      return;
    }
    next();
  };
}

function unauthorized(res: Response, error: string): void {
  res.status(401).set("WWW-Authenticate", 'Bearer realm="pulse-staff"').json({ error });
}

/** What `requireStaff` reads of a staff account at each request of one of its sessions. */
export interface AccountLookup {
  current(id: string): Promise<{ username: string; displayName: string; role: StaffRole; disabled: boolean; sessionGen: number } | undefined>;
}

/** Why a session ended before its time: its account was disabled, deleted, or its password changed. */
export const SESSION_ENDED = "session ended: the account was disabled or its password changed; log in again";

/**
 * Requires staff credentials: `Authorization: Bearer <STAFF_TOKEN>` (compared in constant time), or the console's
 * session cookie. `STAFF_TOKEN` unset: 403. Missing or wrong credentials: 401 with `WWW-Authenticate: Bearer`
 * (a bad cookie is also cleared). A cookie-authenticated POST, PUT, PATCH or DELETE must come from the console's
 * own origin (`crossSiteReason`), else 403; bearer requests are exempt, since a browser never adds that header
 * by itself. An account's session is checked against the account as stored now (one registry read): disabled, or
 * signed under an older `sessionGen`, is a 401 that ends it; its role is the account's current one. Sets the
 * `StaffIdentity` for `staffIdentity(res)`.
 */
export function requireStaff(token: string | undefined, accounts?: AccountLookup): RequestHandler {
  return (req, res, next) => {
    // Staff answers (posts, audit, exports) must not sit in a shared or browser cache.
    res.set("Cache-Control", "no-store");
    if (!token) {
      res.status(403).json({ error: STAFF_DISABLED });
      return;
    }
    const given = bearerToken(req.get("authorization"));
    if (given !== undefined) {
      if (!safeEqual(given, token)) return unauthorized(res, "wrong bearer token");
      const name = headerName(req);
      res.locals.staff = { via: "bearer", role: "admin", ...(name ? { name } : {}), actor: name ? `staff:bearer:${name}` : "staff:bearer" } satisfies StaffIdentity;
      return next();
    }
    const cookie = sessionCookie(req);
    if (cookie === undefined) {
      return unauthorized(res, "missing credentials: send Authorization: Bearer <STAFF_TOKEN>, or log in at POST /api/staff/login");
    }
    const session = verifySession(token, cookie);
    if (!session) {
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      return unauthorized(res, "session expired or invalid: log in again");
    }
    if (UNSAFE_METHODS.has(req.method)) {
      const reason = crossSiteReason(req);
      if (reason) {
        res.status(403).json({ error: `cross-site request refused (CSRF): ${reason}; the console sends its own Origin` });
        return;
      }
    }
    const signed = session.account;
    if (!signed) {
      const name = headerName(req) ?? session.name;
      res.locals.staff = { via: "session", role: session.role, ...(name ? { name } : {}), actor: name ? `staff:session:${name}` : "staff:session" } satisfies StaffIdentity;
      return next();
    }
    const lookup = accounts?.current(signed.id) ?? Promise.resolve(undefined);
    lookup.then((account) => {
      if (!account || account.disabled || account.sessionGen !== signed.gen) {
        res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
        return unauthorized(res, SESSION_ENDED);
      }
      const name = sanitizeActorName(account.displayName) ?? account.username;
      res.locals.staff = {
        via: "session",
        role: account.role,
        account: { id: signed.id, username: account.username },
        name,
        // The audit log names the account by its username, which is unique and never changes.
        actor: `account:${account.username}`,
      } satisfies StaffIdentity;
      next();
    }, next);
  };
}

/** The 403 message for a role below `needed`: it names the role needed and the caller's. */
export function roleRefusal(needed: StaffRole, role: StaffRole): string {
  return `this needs the ${JSON.stringify(needed)} role; you are ${JSON.stringify(role)}`;
}

/**
 * Refuses, with 403 `{ error }` naming the role needed, a staff request whose role is below `needed` (see
 * `roleAllows`). Only behind {@link requireStaff}; each staff endpoint gets one from its `staff` in the table.
 */
export function requireRole(needed: StaffRole): RequestHandler {
  return (_req, res, next) => {
    const { role } = staffIdentity(res);
    if (roleAllows(role, needed)) return next();
    res.status(403).json({ error: roleRefusal(needed, role) });
  };
}
