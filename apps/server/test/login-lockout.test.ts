/**
 * The login lockout's backoff, with an injected clock, on both stores: the memory one of a single node, and the
 * Redis one every node shares (on a real Redis).
 */
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { LOCKOUT_POLICIES, lockLength, LoginLockout, MemoryLockoutStore, RedisLockoutStore, type LockoutStore } from "../src/http/login-lockout.js";

const redisUrl = inject("redisUrl");
const prefix = `pulse-test:${randomUUID()}:lockout:`;
const client = createClient({ url: redisUrl });

beforeAll(async () => {
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await deleteKeysByPrefix(redisUrl, prefix);
});

const MINUTE = 60_000;

describe("lockLength", () => {
  it("doubles from 1 min and stops at 1 h", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((level) => lockLength(LOCKOUT_POLICIES.account, level) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });
});

let stores = 0;
describe.each([
  ["memory", () => new MemoryLockoutStore()],
  ["Redis", () => new RedisLockoutStore((args) => client.sendCommand(args), `${prefix}${(stores += 1)}:`)],
] as [string, () => LockoutStore][])("LoginLockout on the %s store", (_name, makeStore) => {
  /** A lockout on a fresh store, and its clock. */
  function lockout() {
    const clock = { now: Date.parse("2026-02-24T09:00:00Z") };
    return { clock, lockout: new LoginLockout({ store: makeStore(), now: () => clock.now }) };
  }
  const zoe = { username: "zoe", ip: "203.0.113.7" };

  it("locks an account after 5 wrong passwords for 1 min, then 2, then 4, answering the seconds left", async () => {
    const { clock, lockout: l } = lockout();
    for (const [lock, minutes] of [
      [1, 1],
      [2, 2],
      [3, 4],
    ] as const) {
      for (let i = 1; i < 5; i += 1) expect(await l.failed(zoe), `failure ${i} before lock ${lock}`).toBeUndefined();
      expect(await l.check(zoe)).toBeUndefined();
      const refusal = await l.failed(zoe);
      expect(refusal).toEqual({ scope: "account", retryAfterSeconds: minutes * 60, message: `too many wrong passwords for this account: locked, try again in ${minutes * 60} s` });
      clock.now += minutes * MINUTE - 1_500;
      expect((await l.check(zoe))?.retryAfterSeconds).toBe(2);
      // Wrong passwords while locked are refused without counting.
      expect((await l.failed(zoe))?.retryAfterSeconds).toBe(2);
      clock.now += 1_500;
      expect(await l.check(zoe)).toBeUndefined();
    }
  });

  it("is per account: another account from another address goes on", async () => {
    const { lockout: l } = lockout();
    for (let i = 0; i < 5; i += 1) await l.failed(zoe);
    expect((await l.check(zoe))?.scope).toBe("account");
    expect(await l.check({ username: "ZOE ", ip: "198.51.100.1" })).toBeDefined();
    expect(await l.check({ username: "lea", ip: "198.51.100.1" })).toBeUndefined();
  });

  it("locks an address after 20 wrong passwords whatever the accounts, and a right password does not clear it", async () => {
    const { lockout: l } = lockout();
    for (let i = 0; i < 19; i += 1) expect(await l.failed({ username: `user${i}`, ip: "192.0.2.1" })).toBeUndefined();
    await l.succeeded({ username: "real", ip: "192.0.2.1" });
    const refusal = await l.failed({ username: "user19", ip: "192.0.2.1" });
    expect(refusal).toMatchObject({ scope: "ip", retryAfterSeconds: 60, message: "too many wrong passwords for this address: locked, try again in 60 s" });
    expect((await l.check({ username: "someone", ip: "192.0.2.1" }))?.scope).toBe("ip");
    expect(await l.check({ username: "someone", ip: "192.0.2.2" })).toBeUndefined();
  });

  it("forgets an account's count and backoff at a right password", async () => {
    const { clock, lockout: l } = lockout();
    for (let i = 0; i < 4; i += 1) await l.failed(zoe);
    await l.succeeded(zoe);
    for (let i = 0; i < 4; i += 1) expect(await l.failed(zoe)).toBeUndefined();
    expect((await l.failed(zoe))?.retryAfterSeconds).toBe(60);
    clock.now += MINUTE;
    await l.succeeded(zoe);
    for (let i = 0; i < 4; i += 1) await l.failed(zoe);
    // Back to the first lock's length: the backoff was forgotten.
    expect((await l.failed(zoe))?.retryAfterSeconds).toBe(60);
  });
});

describe("MemoryLockoutStore", () => {
  it("forgets a key an hour after its lock ended (Redis: the key's TTL)", async () => {
    const clock = { now: 0 };
    const l = new LoginLockout({ store: new MemoryLockoutStore(), now: () => clock.now });
    for (let i = 0; i < 5; i += 1) await l.failed({ username: "zoe", ip: undefined });
    clock.now += MINUTE;
    for (let i = 0; i < 4; i += 1) await l.failed({ username: "zoe", ip: undefined });
    clock.now += 60 * MINUTE + 1;
    for (let i = 0; i < 4; i += 1) expect(await l.failed({ username: "zoe", ip: undefined })).toBeUndefined();
    expect((await l.failed({ username: "zoe", ip: undefined }))?.retryAfterSeconds).toBe(60);
  });

  it("stays bounded under a spray of made-up usernames", async () => {
    const store = new MemoryLockoutStore();
    const l = new LoginLockout({ store, now: () => 0 });
    for (let i = 0; i < 12_000; i += 1) await l.failed({ username: `spray-${i}`, ip: undefined });
    // The oldest were dropped; the newest are still counted.
    expect(await store.lockedUntil("account:spray-0")).toBe(0);
    for (let i = 0; i < 4; i += 1) await l.failed({ username: "spray-11999", ip: undefined });
    expect(await store.lockedUntil("account:spray-11999")).toBe(60_000);
  });
});
