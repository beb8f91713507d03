import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { deleteKeysByPrefix, sparePort, startRedisServer } from "@pulse/testkit/redis";
import { FEED_BURST, minuteOf } from "@pulse/shared";
import {
  APPLY_SCRIPT,
  ERASE_SCRIPT,
  MODERATE_SCRIPT,
  REDUCE_SCRIPT,
  MODERATION_STATE_SCRIPT,
  PAGE_SCRIPT,
  POST_SCRIPT,
  INSIGHT_FIELDS,
  RECORD_FIELDS,
  SNAPSHOT_SCRIPT,
} from "../../src/store/redis-scripts.js";
import { RedisStore, RedisStoreConnection, type RedisStoreOptions } from "../../src/store/redis-store.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { CONTRACT_CAMPAIGN, Feed, post, runStoreContract } from "./store-contract.js";

const redisUrl = inject("redisUrl");
/** This run's share of Redis; every store below lives under it and afterAll deletes it. */
const runPrefix = `pulse-test:${randomUUID()}:`;
let stores = 0;

function makeRedisStore(options: Partial<RedisStoreOptions> = {}): RedisStore {
  stores += 1;
  return new RedisStore({ url: redisUrl, campaignId: CONTRACT_CAMPAIGN, keyPrefix: `${runPrefix}${stores}:`, ...options });
}

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

/** A client of the tests' Redis, not connected yet. */
const plainClient = () => createClient({ url: redisUrl });
type PlainClient = ReturnType<typeof plainClient>;

/**
 * Runs `body` on a started store under its own prefix `name` and a plain client of the same Redis, to read or plant
 * keys beside the store; `key("records")` is the full name of one of the campaign's keys. Closes both.
 */
async function withStoreAndClient(
  name: string,
  options: Partial<RedisStoreOptions>,
  body: (store: RedisStore, redis: PlainClient, key: (name: string) => string) => Promise<void>,
): Promise<void> {
  const keyPrefix = `${runPrefix}${name}:`;
  const store = makeRedisStore({ keyPrefix, ...options });
  await store.start();
  const redis = plainClient();
  await redis.connect();
  try {
    await body(store, redis, (key) => `${keyPrefix}{${CONTRACT_CAMPAIGN}}:${key}`);
  } finally {
    redis.destroy();
    await store.close();
  }
}

/** Runs `body` on two started stores sharing one prefix, as two nodes of a campaign would, and closes them. */
async function withTwoStores(name: string, body: (a: RedisStore, b: RedisStore) => Promise<void>): Promise<void> {
  const keyPrefix = `${runPrefix}${name}:`;
  const a = makeRedisStore({ keyPrefix });
  const b = makeRedisStore({ keyPrefix });
  await Promise.all([a.start(), b.start()]);
  try {
    await body(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

/** `withTwoStores`, with a `Feed` subscribed to each store before `body` runs. */
async function withTwoFollowedStores(
  name: string,
  body: (a: RedisStore, b: RedisStore, feedA: Feed, feedB: Feed) => Promise<void>,
): Promise<void> {
  await withTwoStores(name, async (a, b) => {
    const feedA = new Feed();
    const feedB = new Feed();
    await a.subscribe(feedA);
    await b.subscribe(feedB);
    await body(a, b, feedA, feedB);
  });
}

runStoreContract("RedisStore", async (options) => {
  const store = makeRedisStore({ feedPerSecond: options?.feedPerSecond });
  await store.start();
  return store;
});

// As a node runs them: every store on one connection, which outlives each store the suite closes.
describe("on a connection every store shares", () => {
  const connection = new RedisStoreConnection({ url: redisUrl });
  afterAll(() => connection.close());
  runStoreContract("RedisStore", async (options) => {
    stores += 1;
    const store = new RedisStore({ connection, campaignId: CONTRACT_CAMPAIGN, keyPrefix: `${runPrefix}${stores}:`, feedPerSecond: options?.feedPerSecond });
    await store.start();
    return store;
  });
});

describe("RedisStore on Redis", () => {
  it("keeps every key of a campaign under one hash tag", async () => {
    await withStoreAndClient("tag", {}, async (store, redis) => {
      const keyPrefix = `${runPrefix}tag:`;
      await store.apply([
        { type: "post", post: post("t1", { orgId: "acme" }) },
        { type: "post", post: post("t2") },
        { type: "delete", key: "x:t2" },
      ]);
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) keys.push(...batch);
      expect(keys.length).toBeGreaterThanOrEqual(8);
      for (const key of keys) expect(key.startsWith(`${keyPrefix}{${CONTRACT_CAMPAIGN}}:`)).toBe(true);
      expect(store.channel).toBe(`${keyPrefix}{${CONTRACT_CAMPAIGN}}:changes`);
    });
  });

  it("stores records in the layout RECORD_FIELDS names, which every script reads by name, not by number", async () => {
    await withStoreAndClient("records", { feedPerSecond: 0.01 }, async (store, redis, keyOf) => {
      const burst = Array.from({ length: FEED_BURST }, (_, i) => ({ type: "post" as const, post: post(`burst${i}`) }));
      await store.apply([
        { type: "post", post: post("r1", { country: "FR", orgId: "acme", kind: "reply", version: 2, minute: 3 }) },
        { type: "delete", key: "x:gone" },
      ]);
      // The burst takes every place the feed has: the next post is passed over.
      await store.apply(burst);
      await store.apply([{ type: "post", post: post("paced") }]);
      const records = await redis.hGetAll(keyOf("records"));
      const named = (key: string) => {
        const fields = JSON.parse(records[key] as string) as unknown[];
        return Object.fromEntries(fields.map((value, i) => [RECORD_FIELDS[i], value]));
      };
      const minute = String(minuteOf(post("r1", { minute: 3 }).createdAt));
      const r1 = named("x:r1");
      expect(r1).toEqual({
        country: "FR",
        orgId: "acme",
        minute,
        kind: "reply",
        version: 2,
        deleted: 0,
        arrival: 1,
        author: "x:author-r1",
        paced: null,
        insight: expect.any(Array),
      });
      // What a delete takes out of the insights, by INSIGHT_FIELDS; cjson writes an empty array as {}.
      expect(Object.fromEntries(INSIGHT_FIELDS.map((name, i) => [name, (r1.insight as unknown[])[i]]))).toEqual({
        hashtags: ["votrejob"],
        mentions: {},
        authorKey: "x:handle_r1",
        author: "",
        domains: {},
        lang: "unknown",
        terms: ["votrejob", "post"],
        offerBy: "",
        mentionedOrgs: {},
      });
      expect(named("x:gone")).toEqual({ country: "unknown", orgId: "", minute: "0", kind: "original", version: 0, deleted: 1 });
      expect(named("x:paced")).toMatchObject({ arrival: FEED_BURST + 2, paced: 1 });
      for (const script of [APPLY_SCRIPT, MODERATE_SCRIPT, SNAPSHOT_SCRIPT, MODERATION_STATE_SCRIPT, PAGE_SCRIPT, POST_SCRIPT, ERASE_SCRIPT, REDUCE_SCRIPT]) {
        expect(script).not.toMatch(/\b(r|op|record|tombstone|ins)\[\d+\]|\)\[\d+\]/);
      }
    });
  });

  it("keeps nothing of an erased author in any key of the campaign but the block staff left; a retention claim is held", async () => {
    await withStoreAndClient("erased", {}, async (store, redis) => {
      const zoe = { id: "zoe-id", handle: "Zoe_FR", name: "Zoé Secret" };
      await store.apply([
        { type: "post", post: post("z1", { author: zoe, text: "secret one", mentions: ["ana"], media: [{ type: "photo", url: "https://pbs.twimg.com/media/z1.jpg" }] }) },
        { type: "post", post: post("z2", { author: zoe, text: "secret two" }) },
        { type: "post", post: post("a1") },
      ]);
      await store.apply([{ type: "delete", key: "x:z2" }]);
      await store.moderate({ type: "block", author: "x:zoe-id" }, "ana", { handle: zoe.handle, name: zoe.name, excerpt: "secret one" });
      expect(await store.eraseAuthor({ network: "x", authorId: "zoe-id" }, "admin", "sha256:0123")).toBe(1);
      const dump: Record<string, unknown> = {};
      for await (const batch of redis.scanIterator({ MATCH: `${runPrefix}erased:*`, COUNT: 500 })) {
        for (const key of batch) {
          const type = await redis.type(key);
          // The HyperLogLog (a string) holds registers, no ids.
          if (type === "string") dump[key] = key.endsWith(":authors") ? "(hll)" : await redis.get(key);
          else if (type === "hash") dump[key] = await redis.hGetAll(key);
          else if (type === "list") dump[key] = await redis.lRange(key, 0, -1);
          else if (type === "set") dump[key] = await redis.sMembers(key);
          else if (type === "zset") dump[key] = await redis.zRange(key, 0, -1);
        }
      }
      const { [`${runPrefix}erased:{${CONTRACT_CAMPAIGN}}:blocked`]: blocked, ...rest } = dump;
      expect(blocked).toEqual(["x:zoe-id"]);
      const text = JSON.stringify(rest);
      for (const trace of ["zoe", "Zoe", "Zoé", "secret", "z1.jpg"]) expect(text).not.toContain(trace);
      // Two nodes: one claims the retention run, the other waits for the next.
      expect(await store.claimRetention(60_000)).toBe(true);
      expect(await store.claimRetention(60_000)).toBe(false);
    });
  });

  it("lets two stores on one prefix share the state and see each other's changes", async () => {
    await withTwoFollowedStores("shared", async (a, b, feedA, feedB) => {
      expect(await a.apply([{ type: "post", post: post("from-a", { country: "FR" }) }])).toEqual(["accepted"]);
      expect(await b.apply([{ type: "post", post: post("from-a") }])).toEqual(["duplicate"]);
      expect(await b.apply([{ type: "post", post: post("from-b", { country: "BE" }) }])).toEqual(["accepted"]);
      await feedA.until(2);
      await feedB.until(2);
      expect(feedA.changes).toEqual(feedB.changes);
      expect(feedA.changes.map((c) => c.change.posts.map((p) => p.id))).toEqual([["from-a"], ["from-b"]]);
      const [snapA, snapB] = await Promise.all([a.snapshot(), b.snapshot()]);
      expect(snapA).toEqual(snapB);
      expect(snapA.rev).toBe(2);
      expect(snapA.snapshot.byCountry).toEqual({ FR: 1, BE: 1 });
    });
  });

  it("lets two stores on one prefix see each other's moderation", async () => {
    await withTwoFollowedStores("shared-moderation", async (a, b, feedA, feedB) => {
      await a.apply([
        { type: "post", post: post("m1", { author: { id: "spam", handle: "spam" } }) },
        { type: "post", post: post("m2") },
      ]);
      expect(await b.moderate({ type: "hide", key: "x:m2" }, "bob")).toEqual({ outcome: "changed", rev: 2 });
      expect(await a.moderate({ type: "hide", key: "x:m2" }, "ana")).toEqual({ outcome: "unchanged", rev: 2 });
      expect(await a.moderate({ type: "block", author: "x:spam" }, "ana")).toEqual({ outcome: "changed", rev: 3 });
      expect(await b.moderate({ type: "pin", key: "x:m1" }, "bob")).toEqual({ outcome: "changed", rev: 4 });
      expect(await b.moderate({ type: "setMode", mode: "approve" }, "bob")).toEqual({ outcome: "changed", rev: 5 });
      await a.apply([{ type: "post", post: post("m3") }]);
      await feedA.until(6);
      await feedB.until(6);
      expect(feedA.changes).toEqual(feedB.changes);
      expect(feedA.changes.map((c) => c.change.removed)).toEqual([[], ["x:m2"], ["x:m1"], [], [], []]);

      const [snapA, snapB] = await Promise.all([a.snapshot(), b.snapshot()]);
      expect(snapA).toEqual(snapB);
      expect(snapA.snapshot.recent).toEqual([]);
      expect(snapA.snapshot.totals.posts).toBe(3);
      const [stateA, stateB] = await Promise.all([a.moderationState(), b.moderationState()]);
      expect(stateA).toEqual(stateB);
      expect(stateA).toMatchObject({ mode: "approve", hidden: ["x:m2"], pinned: ["x:m1"], blockedAuthors: ["x:spam"], queued: 1 });
      expect(await b.post("x:m3")).toMatchObject({ state: "pending" });
      expect((await b.moderationLog()).map((e) => [e.actor, e.rev])).toEqual([
        ["bob", 5],
        ["bob", 4],
        ["ana", 3],
        ["bob", 2],
      ]);
      // Unblocking on one node shows the pinned post on the other's snapshot.
      await b.moderate({ type: "unblock", author: "x:spam" }, "bob");
      expect((await a.snapshot()).snapshot.pinned?.map((p) => p.id)).toEqual(["m1"]);
    });
  });

  it("logs hires edits from two stores on one prefix as one chain: each entry's previous is the value it replaced", async () => {
    await withTwoStores("shared-settings", async (a, b) => {
      // Both nodes write at once; the read of the old value and the write are one script, so none is lost.
      await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).setHires("axa", i + 1, i % 2 ? "ana" : "bob")));
      const log = await a.moderationLog();
      expect(log).toHaveLength(200);
      const edits = log.map((entry) => entry.action).reverse();
      expect(edits[0]).toMatchObject({ type: "setHires", previous: null });
      for (let i = 1; i < edits.length; i++) {
        const [before, after] = [edits[i - 1], edits[i]] as { hires: number; previous: number | null }[];
        expect(after?.previous).toBe(before?.hires);
      }
      expect(await b.hires()).toEqual({ axa: (edits.at(-1) as { hires: number }).hires });
      expect(await b.moderationLog()).toEqual(log);
    });
  });

  it("reckons a blocklist save from the defaults when the saved list is malformed", async () => {
    await withStoreAndClient("bad-blocklist", {}, async (store, redis, key) => {
      await redis.set(key("blocklist"), "not json");
      expect(await store.blocklist()).toBeUndefined();
      await store.setBlocklist(["arnaque", "spam"], "ana", ["spam", "connard"]);
      expect(await store.blocklist()).toEqual(["arnaque", "spam"]);
      expect((await store.moderationLog()).map((e) => e.action)).toEqual([
        { type: "setBlocklist", words: 2, added: ["arnaque"], removed: ["connard"] },
      ]);
    });
  });

  it("reads blocks and log entries written before who they were about was recorded", async () => {
    await withStoreAndClient("old-entries", {}, async (store, redis, key) => {
      // As the previous release wrote them: a blocked author with no profile, entries with no `about`.
      const old = { at: "2026-02-24T10:00:00.000Z", actor: "staff:bearer", action: { type: "block", author: "x:troll" }, rev: 1 };
      await redis.sAdd(key("blocked"), "x:troll");
      await redis.lPush(key("log"), JSON.stringify(old));
      expect(await store.moderationState()).toMatchObject({ blockedAuthors: ["x:troll"], blockedProfiles: {} });
      expect(await store.moderationLog()).toEqual([old]);
      // A damaged profile is skipped, not thrown.
      await redis.hSet(key("profiles"), "x:troll", "not json");
      expect((await store.moderationState()).blockedProfiles).toEqual({});
    });
  });

  it("skips a malformed message on the channel and logs it", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void lines.push(line) });
    await withStoreAndClient("malformed", { logger }, async (store, redis) => {
      const feed = new Feed();
      await store.subscribe(feed);
      await redis.publish(store.channel, "not json");
      await redis.publish(store.channel, JSON.stringify({ rev: 7, change: { totals: "nope" } }));
      await store.apply([{ type: "post", post: post("fine") }]);
      await feed.until(1);
      expect(feed.changes.map((c) => c.rev)).toEqual([1]);
      expect(lines.filter((l) => l.includes("malformed"))).toHaveLength(2);
    });
  });

  it("rejects apply at once with StoreUnavailableError when nothing listens, and reports unhealthy", async () => {
    const store = new RedisStore({
      url: `redis://127.0.0.1:${await sparePort()}`,
      campaignId: CONTRACT_CAMPAIGN,
      startTimeoutMs: 300,
    });
    try {
      await expect(store.start()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(store.isHealthy()).toBe(false);
      const began = performance.now();
      await expect(store.apply([{ type: "post", post: post("lost") }])).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.snapshot()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.moderate({ type: "hide", key: "x:lost" }, "ana")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.moderationState()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.post("x:lost")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.moderationLog()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.allPosts()[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(performance.now() - began).toBeLessThan(200);
    } finally {
      await store.close();
    }
  });

  it("fails every command waiting on a hung Redis as soon as one of them times out, not each at its own deadline", async () => {
    // A Redis of the test's own, since it is paused on purpose.
    const server = await startRedisServer();
    const store = new RedisStore({ url: server.url, campaignId: CONTRACT_CAMPAIGN, commandTimeoutMs: 1000 });
    const admin = createClient({ url: server.url });
    try {
      await store.start();
      await admin.connect();
      await admin.sendCommand(["CLIENT", "PAUSE", "3000", "ALL"]);
      const first = store.apply([{ type: "post", post: post("first") }]);
      const firstFailed = expect(first).rejects.toThrow(/did not answer within 1000 ms|does not answer$/);
      // Still healthy: nothing has timed out yet, so the second command is sent and waits like the first. (The
      // guard's own test sends it 300 ms later on a fake clock; here it follows at once, with no sleep to outlast.)
      expect(store.isHealthy()).toBe(true);
      const second = store.apply([{ type: "post", post: post("second") }]);
      // Its own deadline would say "did not answer within 1000 ms"; the first one's timeout ends it sooner.
      await expect(second).rejects.toThrow(/does not answer$/);
      await firstFailed;
      expect(store.isHealthy()).toBe(false);
      await vi.waitFor(() => expect(store.isHealthy()).toBe(true), { timeout: 10_000 });
    } finally {
      admin.destroy();
      await store.close();
      await server.stop();
    }
  });

  it("recovers after its redis-server is killed and comes back, and signals the gap", async () => {
    const server = await startRedisServer();
    let revived: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    const store = new RedisStore({ url: server.url, campaignId: CONTRACT_CAMPAIGN });
    try {
      await store.start();
      const feed = new Feed();
      await store.subscribe(feed);
      expect(await store.apply([{ type: "post", post: post("before") }])).toEqual(["accepted"]);
      await feed.until(1);

      await server.kill();
      await vi.waitFor(() => expect(store.isHealthy()).toBe(false), { timeout: 5_000 });
      await expect(store.apply([{ type: "post", post: post("during") }])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );

      revived = await startRedisServer({ port: server.port });
      await vi.waitFor(() => expect(store.isHealthy()).toBe(true), { timeout: 10_000 });
      await vi.waitFor(() => expect(feed.gaps).toBeGreaterThanOrEqual(1), { timeout: 5_000 });
      // The new server is empty (no persistence): the store works on it, and the feed flows again.
      expect(await store.apply([{ type: "post", post: post("after") }])).toEqual(["accepted"]);
      await vi.waitFor(() => expect(feed.changes.at(-1)?.change.posts.map((p) => p.id)).toEqual(["after"]), {
        timeout: 5_000,
      });
      expect((await store.snapshot()).snapshot.totals.posts).toBe(1);
    } finally {
      await store.close();
      await (revived ?? server).stop();
    }
  });
});

describe("the stores of many campaigns on one RedisStoreConnection", () => {
  // A Redis of the suite's own: it counts the connections, drops them and is killed.
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: PlainClient;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = await connectAdmin();
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.stop();
  });

  /** A plain client of the suite's Redis, which the outage test kills under it. */
  async function connectAdmin(): Promise<PlainClient> {
    const client = createClient({ url: server.url, socket: { reconnectStrategy: false } });
    client.on("error", () => undefined);
    await client.connect();
    return client;
  }

  /** The connections Redis holds besides `admin`, by type. */
  async function connections(): Promise<{ normal: number; pubsub: number }> {
    const lines = (type: string) => admin.sendCommand(["CLIENT", "LIST", "TYPE", type]).then((list) => String(list).split("\n").filter((l) => l.trim()).length);
    return { normal: (await lines("normal")) - 1, pubsub: await lines("pubsub") };
  }

  /** `count` started stores of campaigns c0, c1… on `connection`, each followed by a feed. */
  async function campaigns(connection: RedisStoreConnection, count: number, prefix: string) {
    const made = Array.from({ length: count }, (_, i) => ({ store: new RedisStore({ connection, campaignId: `c${i}`, keyPrefix: prefix }), feed: new Feed() }));
    await Promise.all(made.map(({ store }) => store.start()));
    for (const { store, feed } of made) await store.subscribe(feed);
    return made;
  }

  it("holds one command connection and one subscriber for ten campaigns, each store hearing its own channel only", async () => {
    const connection = new RedisStoreConnection({ url: server.url });
    try {
      const made = await campaigns(connection, 10, "shared:");
      expect(await connections()).toEqual({ normal: 1, pubsub: 1 });
      expect(await admin.pubSubNumSub(made.map(({ store }) => store.channel))).toEqual(Object.fromEntries(made.map(({ store }) => [store.channel, 1])));
      // Every campaign counts its own post, rev 1 each, and hears no other campaign's change.
      await Promise.all(made.map(({ store }, i) => store.apply([{ type: "post", post: post(`in-c${i}`) }])));
      for (const [i, { feed }] of made.entries()) {
        await feed.until(1);
        expect(feed.changes.map((c) => c.change.posts.map((p) => p.id))).toEqual([[`in-c${i}`]]);
      }

      // A second store of c0 on the connection shares its subscription; closing it leaves c0's first store heard.
      const again = new RedisStore({ connection, campaignId: "c0", keyPrefix: "shared:" });
      const feedAgain = new Feed();
      await again.start();
      await again.subscribe(feedAgain);
      expect(await admin.pubSubNumSub(made[0]!.store.channel)).toEqual({ [made[0]!.store.channel]: 1 });
      await again.close();
      // Closing a store closes its channel, not the connection: the others go on.
      await made[1]!.store.close();
      await vi.waitFor(async () => expect(await admin.pubSubChannels("shared:*")).toHaveLength(9));
      await made[0]!.store.apply([{ type: "post", post: post("after-close") }]);
      await made[0]!.feed.until(2);
      expect(feedAgain.changes).toEqual([]);
      expect(await connections()).toEqual({ normal: 1, pubsub: 1 });
      for (const { store } of made) await store.close();
    } finally {
      await connection.close();
    }
  });

  it("tells every store of a dropped subscriber (a gap), and of an outage: all unhealthy, then healthy again", async () => {
    const connection = new RedisStoreConnection({ url: server.url });
    try {
      const made = await campaigns(connection, 3, "outage:");
      expect(made.every(({ store }) => store.isHealthy())).toBe(true);
      expect(await admin.sendCommand(["CLIENT", "KILL", "TYPE", "pubsub"])).toBe(1);
      await vi.waitFor(() => expect(made.map(({ feed }) => feed.gaps)).toEqual([1, 1, 1]), { timeout: 5_000 });
      // Resubscribed: every channel is heard again.
      await made[2]!.store.apply([{ type: "post", post: post("after-kill") }]);
      await made[2]!.feed.until(1);

      await server.kill();
      await vi.waitFor(() => expect(made.some(({ store }) => store.isHealthy())).toBe(false), { timeout: 5_000 });
      expect(connection.isHealthy()).toBe(false);
      server = await startRedisServer({ port: server.port });
      await vi.waitFor(() => expect(made.every(({ store }) => store.isHealthy())).toBe(true), { timeout: 10_000 });
      expect(made.map(({ feed }) => feed.gaps)).toEqual([2, 2, 2]);
      admin.destroy();
      admin = await connectAdmin();
      expect(await connections()).toEqual({ normal: 1, pubsub: 1 });
      for (const { store } of made) await store.close();
    } finally {
      await connection.close();
    }
  });
});
