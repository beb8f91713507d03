import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import type { ParsedBodyOf, StaffAccount } from "@pulse/shared";
import { conflict, notFound } from "../staff/staff-errors.js";
import { AccountRegistryError, type AccountRecord, type AccountRegistry } from "./account-registry.js";

/** bcrypt's cost: 2^12 rounds, about 0.3 s a hash on one core of a small server; slow to guess, fine for a login. */
export const BCRYPT_ROUNDS = 12;

/** What a password login comes to. */
export type PasswordCheck = { outcome: "ok"; account: AccountRecord } | { outcome: "wrong" } | { outcome: "disabled"; account: AccountRecord };

/** Options of an `AccountService`. */
export interface AccountServiceOptions {
  registry: AccountRegistry;
  /** bcrypt's cost; default {@link BCRYPT_ROUNDS}. */
  rounds?: number;
  /** The clock of `createdAt` and `updatedAt`. */
  now?: () => Date;
}

/** An account as the API answers it: without its hash, generation or version. */
export function publicAccount(record: AccountRecord): StaffAccount {
  const { id, username, displayName, role, disabled, createdAt, updatedAt } = record;
  return { id, username, displayName, role, disabled, createdAt, updatedAt };
}

/**
 * Staff accounts: created, listed and edited by admins (routes → this service → the registry), and the password
 * check of the console's login. Passwords are kept as bcrypt hashes (bcryptjs: pure JavaScript, so nothing native
 * to build, and its async hash yields to the event loop). Disabling an account or changing its password moves its
 * `sessionGen` on, which ends its sessions at their next request on any node.
 */
export class AccountService {
  readonly #registry: AccountRegistry;
  readonly #rounds: number;
  readonly #now: () => Date;
  /** A hash of nothing anyone knows, compared against for an unknown username so that it takes as long as a known one. */
  #decoy: Promise<string> | undefined;

  constructor(options: AccountServiceOptions) {
    this.#registry = options.registry;
    this.#rounds = options.rounds ?? BCRYPT_ROUNDS;
    this.#now = options.now ?? (() => new Date());
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.#registry.list()).map(publicAccount);
  }

  /** Creates an account; 409 when its username is taken. */
  async create(body: ParsedBodyOf<"createAccount">): Promise<StaffAccount> {
    const at = this.#now().toISOString();
    const record: AccountRecord = {
      id: `acc_${randomBytes(9).toString("base64url")}`,
      username: body.username,
      displayName: body.displayName ?? body.username,
      role: body.role,
      disabled: false,
      passwordHash: await bcrypt.hash(body.password, this.#rounds),
      sessionGen: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return publicAccount(await this.#registry.create(record).catch(refusal));
  }

  /**
   * Changes an account's display name, role, password or state. Disabling it, or a new password, ends its sessions
   * (`sessionGen`); a new role applies at its sessions' next request. 404 for an unknown id.
   */
  async update(id: string, body: ParsedBodyOf<"updateAccount">): Promise<StaffAccount> {
    const passwordHash = body.password === undefined ? undefined : await bcrypt.hash(body.password, this.#rounds);
    const updated = await this.#registry
      .update(id, (old) => {
        const endsSessions = passwordHash !== undefined || (body.disabled === true && !old.disabled);
        return {
          ...old,
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          sessionGen: endsSessions ? old.sessionGen + 1 : old.sessionGen,
          updatedAt: this.#now().toISOString(),
        };
      })
      .catch(refusal);
    return publicAccount(updated);
  }

  /** The account as stored now, for a session's check at each request. */
  current(id: string): Promise<AccountRecord | undefined> {
    return this.#registry.get(id);
  }

  /** Checks a username and password; an unknown username takes a hash comparison too, and says no more than a wrong password. */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const account = await this.#registry.byUsername(username.trim().toLowerCase());
    if (!account) {
      this.#decoy ??= bcrypt.hash(randomBytes(16).toString("hex"), this.#rounds);
      await bcrypt.compare(password, await this.#decoy);
      return { outcome: "wrong" };
    }
    if (!(await bcrypt.compare(password, account.passwordHash))) return { outcome: "wrong" };
    return account.disabled ? { outcome: "disabled", account } : { outcome: "ok", account };
  }
}

/** A registry refusal as the API's 404 or 409. */
function refusal(err: unknown): never {
  if (err instanceof AccountRegistryError) throw err.reason === "conflict" ? conflict(err.message) : notFound(err.message);
  throw err;
}
