import { z } from "zod";
import { StaffRoleSchema } from "@pulse/shared";

/**
 * A stored staff account: the public fields the accounts API answers, the password's bcrypt hash, `sessionGen`
 * (each session names the generation it was signed under: disabling an account or changing its password moves it
 * on, which ends every session signed before) and `version` (one more at every write).
 */
export const AccountRecordSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  disabled: z.boolean(),
  passwordHash: z.string(),
  sessionGen: z.number().int().nonnegative(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A stored staff account, with its password's hash: never answered as it is. */
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

/** Why an account write was refused; the accounts API maps `conflict` to 409 and `not_found` to 404. */
export class AccountRegistryError extends Error {
  override name = "AccountRegistryError";
  constructor(
    readonly reason: "conflict" | "not_found",
    message: string,
  ) {
    super(message);
  }

  static conflict(username: string): AccountRegistryError {
    return new AccountRegistryError("conflict", `an account with username ${username} already exists`);
  }

  static notFound(id: string): AccountRegistryError {
    return new AccountRegistryError("not_found", `no staff account has id ${id}`);
  }
}

/**
 * The staff accounts every node shares, as the campaign registry's definitions are: in memory (kept in
 * DATA_DIR/accounts.json) for a single node, in Redis for many. Both are held to one contract suite
 * (test/accounts/account-registry-contract.ts). No cache and no feed: a staff request reads its account afresh,
 * so a disabled account is refused on every node at its next request.
 */
export interface AccountRegistry {
  /** Connects (Redis) or reads the file (DATA_DIR). */
  start(): Promise<void>;
  /** Every account, oldest first. */
  list(): Promise<AccountRecord[]>;
  get(id: string): Promise<AccountRecord | undefined>;
  byUsername(username: string): Promise<AccountRecord | undefined>;
  /** Stores a new account; `conflict` when its username is taken. Atomic: one of two creating a name wins. */
  create(record: AccountRecord): Promise<AccountRecord>;
  /**
   * Replaces an account by what `change` makes of the stored one, `version` one more; `not_found` for an unknown id.
   * Atomic against other writes: `change` runs again on the newer record when another write came first.
   */
  update(id: string, change: (old: AccountRecord) => AccountRecord): Promise<AccountRecord>;
  close(): Promise<void>;
}
