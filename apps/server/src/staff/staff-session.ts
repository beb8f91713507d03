/**
 * The staff console's session: stateless and signed, so any node behind a load balancer validates it without a
 * session store. The cookie holds `<payload>.<mac>`, both base64url: the payload is JSON `{ v: 1, exp, n, role, name?, acct? }`
 * (expiry in epoch ms, a random nonce, the role, the display name, and for an account's password login
 * `acct: { id, u: username, g: sessionGen }`) and the MAC is HMAC-SHA256 over it with a
 * key derived from `STAFF_TOKEN` (HKDF). Changing `STAFF_TOKEN` therefore ends every session at once. An
 * account's sessions also end when it is disabled or its password changes (`requireStaff` reads the account at each
 * request); logging out only clears the cookie in that browser.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { STAFF_ROLES, type StaffRole } from "@pulse/shared";
import { z } from "zod";
import { safeEqual } from "../http/bearer-auth.js";

/** The cookie's name. */
export const SESSION_COOKIE = "pulse_staff";

/** How long a session lasts after login: 12 hours, a campaign day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** What a valid session says. The HTTP answers show it as the shared `StaffSessionStatus` (`expiresAt` in ISO 8601). */
export interface StaffSession {
  /** Expiry, epoch ms. */
  exp: number;
  /** The display name given at login, sanitized. */
  name?: string;
  /** The role signed in: `admin` for the token login. */
  role: StaffRole;
  /**
   * The staff account that logged in with its password, and its `sessionGen` then; absent for the token login.
   * `requireStaff` reads the account at each request: disabled, or another generation, ends the session.
   */
  account?: { id: string; username: string; gen: number };
}

const PayloadSchema = z.object({
  v: z.literal(1),
  exp: z.number().int().positive(),
  n: z.string(),
  name: z.string().max(40).optional(),
  // Sessions signed before roles existed came from the token login: the bootstrap admin's.
  role: z.enum(STAFF_ROLES).default("admin"),
  acct: z.object({ id: z.string(), u: z.string(), g: z.number().int() }).optional(),
});

/**
 * Checks a login body `{ token, name? }` (parsed) against the staff token: a new signed session when the token is
 * right, undefined when it is wrong.
 */
export function login(staffToken: string, { token, name }: { token: string; name?: string | undefined }): { value: string; session: StaffSession } | undefined {
  if (!safeEqual(token, staffToken)) return undefined;
  const clean = sanitizeActorName(name);
  return signSession(staffToken, { role: "admin", ...(clean ? { name: clean } : {}) });
}

const keys = new Map<string, Buffer>();

/** The MAC key for a staff token, derived once per token. */
function macKey(staffToken: string): Buffer {
  let key = keys.get(staffToken);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", staffToken, "pulse", "pulse staff session v1", 32));
    // One token is in use at a time; a test that changes it keeps a handful at most.
    if (keys.size > 16) keys.clear();
    keys.set(staffToken, key);
  }
  return key;
}

function mac(staffToken: string, payload: string): Buffer {
  return createHmac("sha256", macKey(staffToken)).update(payload).digest();
}

/** A new signed session value for the cookie, valid for `SESSION_TTL_MS` from `now`. */
export function signSession(
  staffToken: string,
  session: Omit<StaffSession, "exp"> = { role: "admin" },
  now = Date.now(),
): { value: string; session: StaffSession } {
  const exp = now + SESSION_TTL_MS;
  const { role, name, account } = session;
  const payload = Buffer.from(
    JSON.stringify({
      v: 1,
      exp,
      n: randomBytes(9).toString("base64url"),
      role,
      ...(name ? { name } : {}),
      ...(account ? { acct: { id: account.id, u: account.username, g: account.gen } } : {}),
    }),
  ).toString("base64url");
  return {
    value: `${payload}.${mac(staffToken, payload).toString("base64url")}`,
    session: { exp, role, ...(name ? { name } : {}), ...(account ? { account } : {}) },
  };
}

/** The session a cookie value proves, or undefined when it is forged, damaged or expired. */
export function verifySession(staffToken: string, value: string | undefined, now = Date.now()): StaffSession | undefined {
  if (!value) return undefined;
  const dot = value.indexOf(".");
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = mac(staffToken, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = PayloadSchema.safeParse(data);
  if (!parsed.success || parsed.data.exp <= now) return undefined;
  const { exp, role, name, acct } = parsed.data;
  return { exp, role, ...(name ? { name } : {}), ...(acct ? { account: { id: acct.id, username: acct.u, gen: acct.g } } : {}) };
}

/**
 * A display name for the audit log, from the `X-Pulse-Actor` header or the login form: NFC, control and format
 * characters removed, whitespace collapsed, at most 40 characters; undefined when nothing is left.
 */
export function sanitizeActorName(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const clean = raw
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...clean].slice(0, 40).join("").trim();
  return chars.length > 0 ? chars : undefined;
}
