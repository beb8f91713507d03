/**
 * One differential test of the two stores: fast-check builds random sequences of ingest, delete, edit, flood,
 * moderation, recount, erasure and retention steps, runs each step on a `MemoryStore` and on a `RedisStore` (a real Redis, under a key prefix of
 * this file's own), and after every step holds everything the two show to be equal: what the step returned, the
 * snapshot and its `rev`, the changes they published, what staff decided, the stored posts and the audit log.
 * The contract suite checks each store against rules written by hand; this finds what the rules forgot.
 *
 * What legitimately differs is kept out: the audit log's `at` (each store reads its own clock), and the feed's
 * pace clock (Node's against Redis's `TIME`): a paced run sets so slow a pace (one place in 1,000 s) that no place
 * is refilled while it runs, so both buckets hold the same whole number of places whatever either clock says.
 * Authors come from a small pool, where the HyperLogLog of the Redis store counts exactly.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { applyInsightsChange, emptyInsights, FEED_BURST, type ModeratedPost, type ModerationAction, type ModerationLogEntry, type ModerationSubject, type Post, type PostKind } from "@pulse/shared";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import type { ErasureTarget, Reattribution, Store, StoreOp } from "../../src/store/store.js";
import { CONTRACT_CAMPAIGN, Feed, post } from "./store-contract.js";

const redisUrl = inject("redisUrl");
/** This file's share of Redis; every store below lives under it and afterAll deletes it. */
const runPrefix = `pulse-test:${randomUUID()}:`;
let runs = 0;

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

/** One place in the feed every 1,000 s: nothing refills while a run lasts (see the file's comment). */
const SLOW_PACE = 0.001;

const IDS = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"];
const AUTHORS = ["a0", "a1", "a2", "a3", "a4"];
const COUNTRIES = ["FR", "BE", "DE", undefined];
const ORGS = ["acme", "axa", undefined];
const KINDS: PostKind[] = ["original", "retweet", "reply", "quote"];

/** A post op of a step: a key of the pool, in some version, maybe matched by the keyword blocklist. */
interface PostSpec {
  type: "post";
  id: string;
  author: string;
  country: string | undefined;
  orgId: string | undefined;
  kind: PostKind;
  minute: number;
  version: number;
  hidden: boolean;
  /** It carries a picture (which staff may approve). */
  media: boolean;
  /** Held for approval whatever the mode (its campaign's pictures need approval). */
  held: boolean;
  hashtags: string[];
  mentions: string[];
  urls: string[];
  lang: string | undefined;
  /** The text before its id. */
  words: string;
}

type Step =
  /** One batch of posts and deletes, applied atomically. */
  | { kind: "ingest"; ops: (PostSpec | { type: "delete"; id: string })[] }
  /** An X edit: the same key, `bump` versions above the highest sent so far (0: a duplicate), maybe new fields. */
  | { kind: "edit"; id: string; bump: number; author: string; country: string | undefined; text: string }
  /** Many new posts in one batch: fills `recent` past its limit and, paced, the feed's burst. */
  | { kind: "flood"; from: number; count: number }
  | { kind: "moderate"; action: ModerationAction; about: ModerationSubject | undefined }
  /** A recount's batch: posts moved to another country and organization. */
  | { kind: "reattribute"; moves: Reattribution[] }
  /** An erasure of an author, by id or by handle (docs/privacy.md). */
  | { kind: "erase"; target: ErasureTarget }
  /** Retention: every stored post loses its text, author name and media. */
  | { kind: "retain" };

const postSpec: fc.Arbitrary<PostSpec> = fc.record({
  type: fc.constant("post" as const),
  id: fc.constantFrom(...IDS),
  author: fc.constantFrom(...AUTHORS),
  country: fc.constantFrom(...COUNTRIES),
  orgId: fc.constantFrom(...ORGS),
  kind: fc.constantFrom(...KINDS),
  // Minutes across three hours, so the rising terms' window moves, drops minutes and meets posts that come late.
  minute: fc.constantFrom(0, 1, 2, 3, 59, 61, 125, 200),
  version: fc.integer({ min: 0, max: 2 }),
  // What the insights count: other hashtags, mentions, link domains, languages and words.
  hashtags: fc.subarray(["votrejob", "emploi", "cdi", "jobs"]),
  mentions: fc.subarray(["orange", "axa"]),
  urls: fc.subarray(["https://www.orange.com/jobs", "https://t.co/abc", "https://emploi.gouv.fr/offres"]),
  lang: fc.constantFrom(undefined, "fr", "en"),
  words: fc.constantFrom("Nous recrutons des ingénieurs", "Hiring engineers today", "ingénieurs"),
  // The keyword blocklist matches one post in six.
  hidden: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  media: fc.boolean(),
  held: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
});

const key = fc.constantFrom(...IDS, "nope").map((id) => `x:${id}`);
const author = fc.constantFrom(...AUTHORS, "nobody").map((id) => `x:${id}`);

/** Who a moderation action is about, as a caller may pass it (kept with a block), or nothing. */
const about = fc.option(
  fc.record({ handle: fc.constantFrom("h0", "h1"), excerpt: fc.constantFrom("some text") }, { requiredKeys: ["handle"] }),
  { nil: undefined },
);

/** Moderation in three kinds, each a step of its own, so staff act about as often as posts come in. */
const moderations: fc.Arbitrary<ModerationAction>[] = [
  fc.record({
    type: fc.constantFrom<"hide" | "unhide" | "pin" | "unpin" | "approve" | "approveMedia" | "unapproveMedia">(
      "hide",
      "unhide",
      "pin",
      "unpin",
      "approve",
      "approveMedia",
      "unapproveMedia",
    ),
    key,
  }),
  fc.record({ type: fc.constantFrom<"block" | "unblock">("block", "unblock"), author }),
  fc.record(
    {
      type: fc.constant("setMode" as const),
      mode: fc.constantFrom<"auto" | "approve">("auto", "approve"),
      held: fc.constantFrom<"release" | "keep">("release", "keep"),
    },
    { requiredKeys: ["type", "mode"] },
  ),
];

const steps: fc.Arbitrary<Step>[] = [
  fc.record({
    kind: fc.constant("ingest" as const),
    ops: fc.array(
      fc.oneof(
        { arbitrary: postSpec, weight: 4 },
        { arbitrary: fc.record({ type: fc.constant("delete" as const), id: fc.constantFrom(...IDS, "nope") }), weight: 1 },
      ),
      { minLength: 1, maxLength: 5 },
    ),
  }),
  fc.record({
    kind: fc.constant("edit" as const),
    id: fc.constantFrom(...IDS),
    bump: fc.integer({ min: 0, max: 2 }),
    author: fc.constantFrom(...AUTHORS),
    country: fc.constantFrom(...COUNTRIES),
    text: fc.constantFrom("edited", "édité ✓", ""),
  }),
  fc.record({
    kind: fc.constant("flood" as const),
    // Floods overlap now and then: their later posts are duplicates.
    from: fc.integer({ min: 0, max: 2 }).map((n) => n * 30),
    count: fc.integer({ min: 1, max: 80 }),
  }),
  ...moderations.map((action) => fc.record({ kind: fc.constant("moderate" as const), action, about })),
  fc.record({
    kind: fc.constant("reattribute" as const),
    moves: fc.array(
      fc.record(
        { key: fc.constantFrom(...IDS, "f0", "f1", "nope").map((id) => `x:${id}`), country: fc.constantFrom("FR", "ES"), orgId: fc.constantFrom("acme", "orange") },
        { requiredKeys: ["key"] },
      ),
      { minLength: 1, maxLength: 6 },
    ),
  }),
  fc.record({
    kind: fc.constant("erase" as const),
    target: fc.oneof(
      fc.constantFrom(...AUTHORS, "nobody").map((id): ErasureTarget => ({ network: "x", authorId: id })),
      // `h` is every flood post's handle; `H_…` differs from the stored `h_…` in case only.
      fc.constantFrom(...AUTHORS.map((id) => `@H_${id}`), "h").map((handle): ErasureTarget => ({ network: "x", handle })),
    ),
  }),
  fc.record({ kind: fc.constant("retain" as const) }),
];

/** The two stores under test and the feeds they publish to. */
interface Pair {
  memory: MemoryStore;
  redis: RedisStore;
  feeds: { memory: Feed; redis: Feed };
}

/** What the steps sent so far: the highest version of each key, so an edit can go one above it. */
interface Model {
  versions: Map<string, number>;
}

function toPost(spec: PostSpec): Post {
  return post(spec.id, {
    author: { id: spec.author, handle: `h_${spec.author}` },
    kind: spec.kind,
    minute: spec.minute,
    hashtags: spec.hashtags,
    mentions: spec.mentions,
    urls: spec.urls,
    text: `${spec.words} ${spec.id}`,
    ...(spec.lang ? { lang: spec.lang } : {}),
    ...(spec.country ? { country: spec.country } : {}),
    ...(spec.orgId ? { orgId: spec.orgId } : {}),
    ...(spec.version > 0 ? { version: spec.version, text: `post ${spec.id} v${spec.version}` } : {}),
    ...(spec.media ? { media: [{ type: "photo" as const, url: `https://pbs.twimg.com/media/${spec.id}.jpg`, alt: "", sensitive: true }] } : {}),
  });
}

/** The ops a step sends to both stores, or the moderation action; keeps `versions` up to date. */
function opsOf(step: Step, versions: Map<string, number>): StoreOp[] {
  const sent = (p: Post) => versions.set(`x:${p.id}`, Math.max(versions.get(`x:${p.id}`) ?? 0, p.version ?? 0));
  switch (step.kind) {
    case "ingest":
      return step.ops.map((op) => {
        if (op.type === "delete") return { type: "delete", key: `x:${op.id}` };
        const p = toPost(op);
        sent(p);
        return { type: "post", post: p, ...(op.hidden ? { hidden: true } : {}), ...(op.held ? { held: true } : {}) };
      });
    case "edit": {
      const version = (versions.get(`x:${step.id}`) ?? 0) + step.bump;
      const p = post(step.id, {
        version,
        text: step.text,
        author: { id: step.author, handle: `h_${step.author}` },
        ...(step.country ? { country: step.country } : {}),
      });
      sent(p);
      return [{ type: "post", post: p }];
    }
    case "flood":
      return Array.from({ length: step.count }, (_, i) => ({
        type: "post",
        post: post(`f${step.from + i}`, { author: { id: AUTHORS[i % AUTHORS.length] as string, handle: "h" }, minute: i % 4 }),
      }));
    case "moderate":
    case "reattribute":
    case "erase":
    case "retain":
      return [];
  }
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case "ingest":
      return `ingest ${JSON.stringify(step.ops.map((op) => (op.type === "delete" ? `delete ${op.id}` : `${op.id} v${op.version} by ${op.author}${op.hidden ? " hidden" : ""}${op.held ? " held" : ""}${op.media ? " media" : ""}`)))}`;
    case "edit":
      return `edit ${step.id} +${step.bump} by ${step.author}`;
    case "flood":
      return `flood f${step.from}..f${step.from + step.count - 1}`;
    case "moderate":
      return `moderate ${JSON.stringify(step.action)}${step.about ? " about " + step.about.handle : ""}`;
    case "reattribute":
      return `reattribute ${JSON.stringify(step.moves)}`;
    case "erase":
      return `erase ${JSON.stringify(step.target)}`;
    case "retain":
      return "retain";
  }
}

/** The audit log without `at`, which each store stamps from its own clock. */
function logOf(entries: ModerationLogEntry[]): Omit<ModerationLogEntry, "at">[] {
  return entries.map(({ at: _at, ...rest }) => rest);
}

async function postsOf(store: Store): Promise<ModeratedPost[]> {
  const out: ModeratedPost[] = [];
  for await (const stored of store.allPosts()) out.push(stored);
  return out;
}

/** Everything a store shows, for the comparison after a step: `changes` are those it published from `from` on. */
async function view(store: Store, feed: Feed, from: number) {
  const snapshot = await store.snapshot();
  await feed.until(snapshot.rev);
  const state = await store.moderationState();
  // Insight changes are compared by what they fold into: a store may send a ranked list that did not end up moving.
  const folded = feed.changes.reduce((insights, { change }) => (change.insights ? applyInsightsChange(insights, change.insights) : insights), emptyInsights());
  expect(folded, `the ${store.kind} store's feed folds into its snapshot's insights`).toEqual(snapshot.snapshot.insights);
  const languages = Object.values(snapshot.snapshot.insights?.languages ?? {}).reduce((a, b) => a + b, 0);
  expect(languages, `the ${store.kind} store's languages add up to totals.posts`).toBe(snapshot.snapshot.totals.posts);
  return {
    snapshot,
    changes: feed.changes.slice(from).map(({ rev, change: { insights: _insights, ...change } }) => ({ rev, change })),
    moderation: { ...state, hidden: [...state.hidden].sort(), blockedAuthors: [...state.blockedAuthors].sort() },
    log: logOf(await store.moderationLog()),
    // Every stored post with its flags, in arrival order: what exports and the staff console read.
    posts: await postsOf(store),
  };
}

class StepCommand implements fc.AsyncCommand<Model, Pair> {
  constructor(readonly step: Step) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, pair: Pair): Promise<void> {
    const { step } = this;
    // The changes up to the last step were found equal already; this step's may arrive while it runs.
    const from = pair.feeds.memory.changes.length;
    if (step.kind === "moderate") {
      const [memory, redis] = await Promise.all([
        pair.memory.moderate(step.action, "staff", step.about),
        pair.redis.moderate(step.action, "staff", step.about),
      ]);
      expect(redis, "what moderate returned").toEqual(memory);
    } else if (step.kind === "erase") {
      const [memory, redis] = await Promise.all([
        pair.memory.eraseAuthor(step.target, "admin", "sha256:0123"),
        pair.redis.eraseAuthor(step.target, "admin", "sha256:0123"),
      ]);
      expect(redis, "what eraseAuthor returned").toEqual(memory);
    } else if (step.kind === "retain") {
      const [memory, redis] = await Promise.all([pair.memory.reduceForRetention(), pair.redis.reduceForRetention()]);
      expect(redis, "what reduceForRetention returned").toEqual(memory);
    } else if (step.kind === "reattribute") {
      const [memory, redis] = await Promise.all([pair.memory.reattribute(step.moves), pair.redis.reattribute(step.moves)]);
      expect(redis, "what reattribute returned").toEqual(memory);
    } else {
      const ops = opsOf(step, model.versions);
      const [memory, redis] = await Promise.all([pair.memory.apply(ops), pair.redis.apply(ops)]);
      expect(redis, "what apply returned").toEqual(memory);
    }
    const [memory, redis] = await Promise.all([
      view(pair.memory, pair.feeds.memory, from),
      view(pair.redis, pair.feeds.redis, from),
    ]);
    expect(redis, `the stores differ after ${describeStep(step)}`).toEqual(memory);
  }

  toString(): string {
    return describeStep(this.step);
  }
}

/**
 * How a run paces the feed: not at all, or at `SLOW_PACE` after `warm` posts (in one batch) spent most or all of
 * the feed's burst, so the steps reach the pace.
 */
const pace = fc.option(fc.integer({ min: FEED_BURST - 30, max: FEED_BURST }).map((warm) => ({ warm })), { nil: undefined });

describe("MemoryStore and RedisStore, step by step", () => {
  it("show the same state after every step of random ingest, delete, edit and moderation sequences", async () => {
    const commands = fc.commands(
      steps.map((arb) => arb.map((step) => new StepCommand(step))),
      { maxCommands: 30, size: "max" },
    );
    await fc.assert(
      fc.asyncProperty(pace, commands, async (paced, run) => {
        runs += 1;
        const feedPerSecond = paced ? SLOW_PACE : 0;
        const memory = new MemoryStore(CONTRACT_CAMPAIGN, undefined, undefined, feedPerSecond);
        const redis = new RedisStore({ url: redisUrl, campaignId: CONTRACT_CAMPAIGN, keyPrefix: `${runPrefix}${runs}:`, feedPerSecond });
        const feeds = { memory: new Feed(), redis: new Feed() };
        try {
          await Promise.all([memory.start(), redis.start()]);
          await Promise.all([memory.subscribe(feeds.memory), redis.subscribe(feeds.redis)]);
          if (paced) {
            const warm: StoreOp[] = Array.from({ length: paced.warm }, (_, i) => ({
              type: "post",
              post: post(`w${i}`, { author: { id: AUTHORS[i % AUTHORS.length] as string, handle: "h" } }),
            }));
            const [fromMemory, fromRedis] = await Promise.all([memory.apply(warm), redis.apply(warm)]);
            expect(fromRedis).toEqual(fromMemory);
            const [inMemory, inRedis] = await Promise.all([view(memory, feeds.memory, 0), view(redis, feeds.redis, 0)]);
            expect(inRedis, "the stores differ after the warm-up").toEqual(inMemory);
          }
          await fc.asyncModelRun(() => ({ model: { versions: new Map() }, real: { memory, redis, feeds } }), run);
        } finally {
          await Promise.all([memory.close(), redis.close()]);
          await deleteKeysByPrefix(redisUrl, `${runPrefix}${runs}:`);
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
