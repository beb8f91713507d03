/**
 * Staff accounts (issue 18): what the accounts API takes and answers. An account signs in to the console with its
 * username and password and acts with its role (`STAFF_ROLES`); `STAFF_TOKEN` stays the bootstrap admin, which
 * creates the first accounts. The stored record (with the password's hash) is the server's own and never answered.
 */
import { z } from "zod";
import { STAFF_ROLES } from "./endpoints.js";

/** A username: lower-case letters, digits, `.`, `_` and `-`, 2 to 40 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
/** The shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 10;
/** The longest password accepted, in UTF-8 bytes: bcrypt reads no further, so a longer one would be cut unseen. */
export const PASSWORD_MAX_BYTES = 72;

/** The length of a string in UTF-8 bytes (the shared package runs in browsers too, without Node's Buffer). */
function utf8Length(s: string): number {
  let bytes = 0;
  for (const char of s) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A staff role: `admin`, `moderator` or `viewer`. */
export const StaffRoleSchema = z.enum(STAFF_ROLES, { error: `expected one of the roles ${STAFF_ROLES.join(", ")}` });

/** A username as sent: trimmed and lower-cased, then checked. */
export const UsernameSchema = z
  .string({ error: "expected a username" })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(USERNAME_PATTERN, "expected a username of 2 to 40 lower-case letters, digits, '.', '_' or '-', such as zoe.martin"));

/** A new password: long enough to resist guessing, short enough for bcrypt to read whole. */
export const PasswordSchema = z
  .string({ error: "expected a password" })
  .min(PASSWORD_MIN_LENGTH, `expected a password of at least ${PASSWORD_MIN_LENGTH} characters`)
  .refine((s) => utf8Length(s) <= PASSWORD_MAX_BYTES, `expected a password of at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`);

/** A display name, shown in the console and the audit log's details. */
const DisplayNameSchema = z.string().trim().min(1, "expected a display name").max(80, "expected a display name of at most 80 characters");

/** One account as the accounts API answers it: never its password or its hash. */
export const StaffAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A staff account, as listed. */
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

/** The body of `POST /api/staff/accounts`. */
export const CreateAccountBodySchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema.optional(),
  role: StaffRoleSchema,
  password: PasswordSchema,
});

/** The body of `PUT /api/staff/accounts/:id`: the fields to change, at least one. */
export const UpdateAccountBodySchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    role: StaffRoleSchema.optional(),
    disabled: z.boolean({ error: "expected true or false" }).optional(),
    password: PasswordSchema.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: "expected at least one of displayName, role, disabled, password" });
