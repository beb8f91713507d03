import { builtInCampaign, createCampaignIndex, type Campaign, type IngestResult, type SourceStatus } from "@pulse/shared";
import { readFixture } from "@pulse/testkit/fixtures";
import { sparePort } from "@pulse/testkit/redis";
import { waitFor } from "@pulse/testkit/wait";
import { afterEach, describe, expect, it } from "vitest";
import { IngestService } from "../../src/ingest/ingest-service.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { StoreUnavailableError, type Store } from "../../src/store/store.js";
import { HttpStatusError, NetworkError } from "../../src/sources/http-error.js";
import type { IngestOptions, IngestSink, SourceLogger } from "../../src/sources/source.js";
import {
  X_BACKOFF,
  XSource,
  classifyXFailure,
  type XBackoffSchedules,
  type XFailureKind,
} from "../../src/sources/x-source.js";
import { fixedTerms } from "../../src/sources/subscription-terms.js";
import { ruleTag, wantedRules, type XRule } from "../../src/sources/x-stream-rules.js";
import { ChangingTerms } from "../support/changing-terms.js";
import { FakeXApi, PROBE_REQUEST, type StreamScript } from "../support/fake-x-api.js";

const TOKEN = "test-bearer-token";
const CAMPAIGN = builtInCampaign;
const TERMS = fixedTerms(CAMPAIGN);
const TAG = ruleTag(CAMPAIGN.id);
/** The campaign's hashtag rule. */
const HASHTAG_RULE = "#deinjob OR #jouwbaan OR #votrejob OR #yourjobie OR #yourjobuk";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** How long a write to the test's store takes (`FlakyStore`). */
const STORE_LATENCY_MS = 50;

// ---------------------------------------------------------------------------------------------------------------
// X v2 messages, shaped like the real filtered stream's (see ../shared/fixtures/x-v2).

interface TweetSpec {
  id: string;
  text: string;
  /** Hashtags as written in the text, without `#`. */
  tags: string[];
  author: { id: string; username: string; name: string; followers: number };
  createdAt?: string;
  lang?: string;
  place?: { id: string; country_code: string; full_name: string };
  referenced?: { type: "retweeted" | "quoted" | "replied_to"; tweet: { id: string; text: string; author_id: string } };
  editHistory?: string[];
  /** Full text of a long post; `text` is then its truncated start. */
  note?: { text: string; tags: string[] };
}

function hashtagEntities(text: string, tags: string[]): { start: number; end: number; tag: string }[] {
  return tags.map((tag) => {
    const start = text.indexOf(`#${tag}`);
    return { start, end: start + tag.length + 1, tag };
  });
}

function xMessage(spec: TweetSpec): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: spec.id,
    text: spec.text,
    author_id: spec.author.id,
    created_at: spec.createdAt ?? "2015-02-24T09:30:00.000Z",
    lang: spec.lang ?? "fr",
    edit_history_tweet_ids: spec.editHistory ?? [spec.id],
    public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 },
  };
  if (spec.tags.length > 0) data.entities = { hashtags: hashtagEntities(spec.text, spec.tags) };
  if (spec.note) data.note_tweet = { text: spec.note.text, entities: { hashtags: hashtagEntities(spec.note.text, spec.note.tags) } };
  if (spec.place) data.geo = { place_id: spec.place.id };
  const includes: Record<string, unknown[]> = {
    users: [
      {
        id: spec.author.id,
        username: spec.author.username,
        name: spec.author.name,
        verified: false,
        public_metrics: { followers_count: spec.author.followers, following_count: 12, tweet_count: 3400, listed_count: 2 },
      },
    ],
  };
  if (spec.referenced) {
    data.referenced_tweets = [{ type: spec.referenced.type, id: spec.referenced.tweet.id }];
    includes.tweets = [{ ...spec.referenced.tweet, created_at: "2015-02-24T08:00:00.000Z", edit_history_tweet_ids: [spec.referenced.tweet.id] }];
  }
  if (spec.place) includes.places = [{ ...spec.place, name: spec.place.full_name.split(",")[0] }];
  const tags = spec.note?.tags ?? spec.tags;
  return {
    data,
    includes,
    matching_rules: tags.length > 0 ? [{ id: "1700000000000000001", tag: TAG }] : [],
  };
}

const line = (message: unknown) => `${JSON.stringify(message)}\r\n`;

const axa = { id: "2900000001", username: "AXA_Recrute", name: "AXA Recrute", followers: 21_000 };
const TWEET_A = xMessage({
  id: "569783921210000001",
  text: "C'est aujourd'hui : 1 000 offres à pourvoir chez AXA #VotreJob",
  tags: ["VotreJob"],
  author: axa,
});
/** An edit of A: same first id in the history, a new id and text. Counts once, and replaces A's text. */
const TWEET_A_EDIT = xMessage({
  id: "569783921210000009",
  text: "C'est aujourd'hui : 1 200 offres à pourvoir chez AXA #VotreJob",
  tags: ["VotreJob"],
  author: axa,
  editHistory: ["569783921210000001", "569783921210000009"],
});
const TWEET_B_OFF_CAMPAIGN = xMessage({
  id: "569783921210000002",
  text: "Regardez mon chien #dogs",
  tags: ["dogs"],
  author: { id: "2900000002", username: "someone", name: "Someone", followers: 10 },
});
const TWEET_C_RETWEET = xMessage({
  id: "569783921210000003",
  text: "RT @werkplein: Honderden vacatures vandaag #JouwBaan",
  tags: ["JouwBaan"],
  lang: "nl",
  author: { id: "2900000003", username: "jan_nl", name: "Jan", followers: 120 },
  referenced: { type: "retweeted", tweet: { id: "569780000000000001", text: "Honderden vacatures vandaag #JouwBaan", author_id: "2900000099" } },
});
const TWEET_D_PLACE = xMessage({
  id: "569783921210000004",
  text: "Jobs fair in Dublin today #YourJobIE",
  tags: ["YourJobIE"],
  lang: "en",
  author: { id: "2900000004", username: "dublin_jobs", name: "Dublin Jobs", followers: 800 },
  place: { id: "7dde0febc9ef245b", country_code: "IE", full_name: "Dublin City, Ireland" },
});
/** A long post: its hashtag is only in `note_tweet`, beyond the truncated `text`. */
const TWEET_E_REPLY_NOTE = xMessage({
  id: "569783921210000005",
  text: "@hiring_uk Thanks! Here is everything you need to know about applying to our graduate scheme, from the…",
  tags: [],
  lang: "en",
  author: { id: "2900000005", username: "uk_grad", name: "UK Grad", followers: 45 },
  referenced: { type: "replied_to", tweet: { id: "569780000000000002", text: "Ask us anything #YourJobUK", author_id: "2900000098" } },
  note: {
    text: "@hiring_uk Thanks! Here is everything you need to know about applying to our graduate scheme, from the first form to the final interview. #YourJobUK",
    tags: ["YourJobUK"],
  },
});
const TWEET_F_QUOTE = xMessage({
  id: "569783921210000006",
  text: "Schaut mal, wir stellen ein #DeinJob",
  tags: ["DeinJob"],
  lang: "de",
  author: { id: "2900000006", username: "berlin_hr", name: "Berlin HR", followers: 300 },
  referenced: { type: "quoted", tweet: { id: "569780000000000003", text: "Neue Stellen", author_id: "2900000097" } },
});
/** What X sends before it closes a stream for maintenance. */
const OPERATIONAL_DISCONNECT = {
  errors: [
    {
      title: "operational-disconnect",
      disconnect_type: "UpstreamOperationalDisconnect",
      detail: "This stream has been disconnected upstream for operational reasons.",
      type: "https://api.twitter.com/2/problems/operational-disconnect",
    },
  ],
};
const TOO_MANY_CONNECTIONS = {
  title: "ConnectionException",
  detail: "This stream is currently at the maximum allowed connection limit.",
  connection_issue: "TooManyConnections",
  type: "https://api.twitter.com/2/problems/streaming-connection",
};
const SERVICE_UNAVAILABLE = { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 };

// ---------------------------------------------------------------------------------------------------------------
// The real pipeline, with a store that can refuse its first batches and a sink that watches for overlap.

/**
 * A MemoryStore that is unreachable for its first `failFirst` batches, and slow: a write takes longer than the
 * delivery's batch time and the spacing of the stream's messages, so overlapping calls would show.
 */
class FlakyStore extends MemoryStore {
  failures = 0;
  constructor(private failFirst: number) {
    super(CAMPAIGN.id);
  }
  override async apply(...args: Parameters<Store["apply"]>): ReturnType<Store["apply"]> {
    await sleep(STORE_LATENCY_MS);
    if (this.failFirst > 0) {
      this.failFirst -= 1;
      this.failures += 1;
      throw new StoreUnavailableError("store unreachable (test)");
    }
    return super.apply(...args);
  }
}

class WatchedSink implements IngestSink {
  active = 0;
  maxActive = 0;
  /** The items of every call, refused ones included. */
  readonly batches: unknown[][] = [];
  readonly sources = new Set<string>();
  readonly campaignOnly = new Set<boolean | undefined>();
  constructor(private readonly service: IngestService) {}
  async ingest(items: unknown[], source: string, options?: IngestOptions): Promise<IngestResult> {
    this.batches.push([...items]);
    this.sources.add(source);
    this.campaignOnly.add(options?.campaignOnly);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      return await this.service.ingest(items, source, options);
    } finally {
      this.active -= 1;
    }
  }
}

function pipeline(failFirst = 0): { store: FlakyStore; sink: WatchedSink } {
  const store = new FlakyStore(failFirst);
  const sink = new WatchedSink(new IngestService({ store, index: createCampaignIndex(CAMPAIGN) }));
  return { store, sink };
}

/** Backoff schedules in milliseconds that record which kind was used, with which attempt number. */
function recordingBackoff(
  ms: Record<XFailureKind, number>,
  onWait?: () => void,
): { waits: [XFailureKind, number][]; backoff: XBackoffSchedules } {
  const waits: [XFailureKind, number][] = [];
  const make = (kind: XFailureKind) => (attempt: number) => {
    waits.push([kind, attempt]);
    onWait?.();
    return ms[kind] * attempt;
  };
  return { waits, backoff: { network: make("network"), http: make("http"), rateLimit: make("rateLimit") } };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(rules: XRule[], scripts: StreamScript[], idle?: StreamScript): Promise<FakeXApi> {
  const fake = new FakeXApi(TOKEN, rules, scripts, idle);
  await fake.listen();
  cleanups.push(() => fake.close());
  return fake;
}

function startSource(source: XSource, sink: IngestSink): XSource {
  source.start(sink);
  cleanups.push(() => source.stop());
  return source;
}

// ---------------------------------------------------------------------------------------------------------------

describe("XSource against a local X API", () => {
  it("syncs the rules, counts each post once through drops, a 429, 503s and a stall, and reports it", async () => {
    const SILENCE_MS = 400;
    let heartbeatsFrom = 0;
    const warnings: string[] = [];
    const logger: SourceLogger = { debug() {}, info() {}, error() {}, warn: (_obj, msg) => void warnings.push(msg ?? "") };
    const fake = await startFake(
      [
        { id: "1", value: HASHTAG_RULE, tag: TAG },
        { id: "2", value: "#oldtag", tag: TAG },
        { id: "3", value: "cats has:images", tag: "someone else's rule" },
        // A rule of a campaign that is gone (archived): Pulse's, and not wanted any more.
        { id: "4", value: "#votrejob lang:fr", tag: "pulse:another-campaign" },
      ],
      [
        // 0: heartbeats, posts, a non-campaign post, a malformed line, an in-stream error, half a post, then a drop.
        async (conn) => {
          conn.open();
          conn.write("\r\n");
          conn.write(line(TWEET_A) + "\r\n" + line(TWEET_B_OFF_CAMPAIGN));
          conn.write('{"data": {"id": "5697839212100000\r\n');
          // Half of D in the same write as the stream error: once the connector has logged the error, it holds the half.
          const d = line(TWEET_D_PLACE);
          conn.write(line(TWEET_C_RETWEET) + line(OPERATIONAL_DISCONNECT) + d.slice(0, d.length >> 1));
          await waitFor(() => warnings.some((w) => w.startsWith("x: stream error")), 10_000, "the connector to read the stream error");
          conn.drop();
        },
        // 1: too many connections.
        (conn) => conn.reply(429, TOO_MANY_CONNECTIONS),
        // 2, 3: the service is down twice in a row.
        (conn) => conn.reply(503, SERVICE_UNAVAILABLE),
        (conn) => conn.reply(503, SERVICE_UNAVAILABLE),
        // 4: back with a backfill that resends A (C is not resent: only the retried batch brings it), then D,
        // A's edit and E; heartbeats, then silence.
        async (conn) => {
          conn.open();
          // Spaced wider than batchMs and narrower than a store write, so overlapping ingest calls would show.
          for (const message of [TWEET_A, TWEET_D_PLACE, TWEET_A_EDIT, TWEET_E_REPLY_NOTE]) {
            conn.write(line(message) + "\r\n");
            await sleep(30);
          }
          heartbeatsFrom = Date.now();
          await conn.heartbeats(50, SILENCE_MS * 2);
        },
        // 5: a healthy stream.
        async (conn) => {
          conn.open();
          conn.write(line(TWEET_F_QUOTE));
          await conn.heartbeats(50);
        },
      ],
    );
    const { store, sink } = pipeline(1);
    const samples: { at: number; status: SourceStatus }[] = [];
    const sample = () => samples.push({ at: Date.now(), status: source.status() });
    // Each backoff is also sampled as soon as the source has reported it (it does so right after choosing the
    // wait), so a busy machine's late interval cannot miss one.
    const { waits, backoff } = recordingBackoff({ network: 10, http: 20, rateLimit: 400 }, () => setImmediate(sample));
    const source = startSource(
      new XSource({
        apiUrl: fake.url,
        bearerToken: TOKEN,
        terms: TERMS,
        backoff,
        silenceTimeoutMs: SILENCE_MS,
        backfillMinutes: 2,
        batchMs: 20,
        ingestRetryMs: 50,
        logger,
      }),
      sink,
    );

    // Sample the status often, for the waiting count below.
    const sampler = setInterval(sample, 5);
    cleanups.push(async () => clearInterval(sampler));

    await waitFor(() => fake.streams.length >= 6 && fake.streams[5]!.lastWriteAt !== undefined, 10_000, "the sixth connection");
    // Every post delivered and nothing left in the connector's hands: a wrong extra count would already show.
    await waitFor(
      async () => (await store.snapshot()).snapshot.totals.posts >= 5 && sink.active === 0 && source.status().posts >= 6 && source.status().waiting === 0,
      10_000,
      "all posts stored",
    );
    clearInterval(sampler);

    // Rules: the stale pulse rules went, the organizations' rules came, the hashtags' rule and the others stayed.
    const wanted = wantedRules(TERMS.current());
    expect(wanted[0]).toEqual({ value: HASHTAG_RULE, tag: TAG });
    expect(fake.ruleChanges).toEqual([{ delete: { ids: ["2", "4"] } }, { add: wanted.slice(1) }]);
    expect(fake.rules.map((r) => r.value).sort()).toEqual([...wanted.map((r) => r.value), "cats has:images"].sort());
    expect(fake.rules.filter((r) => r.tag === TAG)).toHaveLength(wanted.length);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
    // Rules are synced once, before the first connection.
    expect(fake.requests.filter((r) => r.path.endsWith("/rules"))).toHaveLength(3);

    // The stream asked for what the normalizer reads; backfill only on reconnects.
    const first = fake.streams[0]!.url.searchParams;
    expect(first.get("expansions")?.split(",").sort()).toEqual([
      "attachments.media_keys",
      "author_id",
      "edit_history_tweet_ids",
      "geo.place_id",
      "referenced_tweets.id",
    ]);
    expect(first.get("tweet.fields")?.split(",")).toEqual(
      expect.arrayContaining([
        "created_at",
        "lang",
        "entities",
        "note_tweet",
        "referenced_tweets",
        "geo",
        "edit_history_tweet_ids",
        "author_id",
        "attachments",
        "possibly_sensitive",
      ]),
    );
    expect(first.get("user.fields")?.split(",")).toEqual(expect.arrayContaining(["username", "name", "public_metrics", "verified"]));
    expect(first.get("place.fields")).toBe("country_code");
    // Media: the items of includes.media with what a screen needs (a video's mp4 variants, its poster, the alt text).
    expect(first.get("media.fields")?.split(",").sort()).toEqual(["alt_text", "height", "preview_image_url", "type", "url", "variants", "width"]);
    expect(first.has("backfill_minutes")).toBe(false);
    expect(fake.streams.slice(1).map((c) => c.url.searchParams.get("backfill_minutes"))).toEqual(["2", "2", "2", "2", "2"]);

    // Each kind of failure waited by its own schedule; the healthy connections reset the counts.
    expect(waits).toEqual([
      ["network", 1], // the drop
      ["rateLimit", 1], // the 429
      ["http", 1], // the first 503
      ["http", 2], // the second 503
      ["network", 1], // the stall, after a healthy connection
    ]);
    const rateLimited = samples.find((s) => s.status.state === "backing-off" && s.status.lastError?.includes("429"));
    expect(rateLimited?.status.lastError).toContain("answered HTTP 429: ConnectionException: This stream is currently at the maximum allowed connection limit.");
    expect(Date.parse(rateLimited!.status.nextRetryAt!) - rateLimited!.at).toBeGreaterThan(0);
    expect(Date.parse(rateLimited!.status.nextRetryAt!) - rateLimited!.at).toBeLessThanOrEqual(400);
    expect(samples.some((s) => s.status.state === "backing-off" && s.status.lastError?.includes("503"))).toBe(true);

    // Heartbeats kept connection 4 alive well past the timeout; silence then closed it.
    const stalled = fake.streams[4]!;
    expect(stalled.closedAt! - heartbeatsFrom).toBeGreaterThanOrEqual(SILENCE_MS * 2);
    expect(stalled.closedAt! - stalled.lastWriteAt!).toBeGreaterThanOrEqual(SILENCE_MS - 20);
    expect(stalled.closedAt! - stalled.lastWriteAt!).toBeLessThan(SILENCE_MS + 1_000);
    expect(fake.streams[5]!.isOpen).toBe(true);

    // Five campaign posts, each once: A (edited), C, D, E and F; B is not a campaign post.
    const { snapshot } = await store.snapshot();
    expect(snapshot.totals).toEqual({ posts: 5, authors: 5, originals: 2, retweets: 1, replies: 1, quotes: 1 });
    expect(snapshot.byCountry).toEqual({ FR: 1, NL: 1, IE: 1, GB: 1, DE: 1 });
    expect(snapshot.byOrganization).toEqual({ axa: 1 });
    const a = snapshot.recent.find((p) => p.id === "569783921210000001");
    expect(a?.text).toContain("1 200 offres");
    expect(snapshot.recent.find((p) => p.id === "569783921210000005")?.text).toContain("#YourJobUK");
    expect(snapshot.recent.some((p) => p.id === "569783921210000002")).toBe(false);

    // The refused batch was retried as it was, never two calls at once, always campaign-only.
    expect(store.failures).toBe(1);
    const [refused, retried] = sink.batches;
    expect(refused!.length).toBeGreaterThan(0);
    expect(retried!.slice(0, refused!.length)).toEqual(refused);
    // Its items showed as waiting in the status until the store took them.
    expect(Math.max(...samples.map((s) => s.status.waiting ?? 0))).toBeGreaterThanOrEqual(refused!.length);
    expect(sink.maxActive).toBe(1);
    expect([...sink.sources]).toEqual(["x"]);
    expect([...sink.campaignOnly]).toEqual([true]);

    const status = source.status();
    expect(status).toMatchObject({ name: "x", state: "connected", reconnects: 5, waiting: 0 });
    expect(status.nextRetryAt).toBeUndefined();
    // 6 = five new posts and A's edit.
    expect(status.posts).toBe(6);
    // drop, cut-off message, malformed line, stream error, refused batch, 429, two 503s, stall.
    expect(status.errors).toBe(9);
    expect(status.lastError).toContain(`silent for ${SILENCE_MS} ms`);
    expect(Date.parse(status.lastPostAt!)).toBeGreaterThan(Date.now() - 10_000);
  });

  it("stores the real twarc capture with a campaign hashtag, skips its broken line, and stops cleanly", async (ctx) => {
    const raw = readFixture(ctx, "x-v2/streaming_output_with_error.jsonl");
    // The 2021 capture matched other rules; give each post a campaign hashtag so the connector keeps it.
    const lines = raw.split("\n").filter((l) => l.trim().length > 0);
    const body = lines
      .map((l) => {
        try {
          const message = JSON.parse(l) as { data: { entities?: { hashtags?: unknown[] } } };
          const entities = (message.data.entities ??= {});
          entities.hashtags = [...(entities.hashtags ?? []), { start: 0, end: 9, tag: "VotreJob" }];
          return JSON.stringify(message);
        } catch {
          return l; // the broken line goes as it is
        }
      })
      .join("\r\n");
    const fake = await startFake([], [
      async (conn) => {
        conn.open();
        conn.write("\r\n");
        // In small pieces, so messages straddle reads.
        for (let at = 0; at < body.length; at += 1_000) conn.write(body.slice(at, at + 1_000));
        conn.write("\r\n");
        await conn.heartbeats(50);
      },
    ]);
    const { store, sink } = pipeline();
    const source = startSource(new XSource({ apiUrl: fake.url, bearerToken: TOKEN, terms: TERMS, batchMs: 10 }), sink);

    // Every JSON line of the capture handed to ingest, and ingest done: nothing more can be counted.
    const jsonLines = lines.filter((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    }).length;
    await waitFor(
      async () =>
        (await store.snapshot()).snapshot.totals.posts >= 7 && sink.batches.flat().length === jsonLines && sink.active === 0 && source.status().waiting === 0,
      10_000,
      "the capture stored",
    );
    const { snapshot } = await store.snapshot();
    expect(snapshot.totals.posts).toBe(7);
    expect(snapshot.byCountry).toEqual({ GB: 2, US: 4, MW: 1 });
    // The two photos of the capture's includes.media reach the store with their posts.
    expect(snapshot.recent.flatMap((p) => p.media ?? []).map((m) => m.url).sort()).toEqual([
      "https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg",
      "https://pbs.twimg.com/media/Ex5lubjXAAQm1WE.jpg",
    ]);
    expect(source.status()).toMatchObject({ state: "connected", posts: 7, errors: 1 });
    expect(source.status().lastError).toContain("not JSON");

    await source.stop();
    // The server hears of the close a moment after the client closed.
    await waitFor(() => !fake.streams[0]!.isOpen, 5_000, "the server to see the stream closed");
    expect(fake.streams[0]!.isOpen).toBe(false);
    expect(source.status().state).toBe("stopped");
    // stop() awaited the connector's loop; a request of ours answered after stopping comes after any it still sent.
    const requests = fake.requests.length;
    await fake.probe();
    expect(fake.requests.slice(requests)).toEqual([PROBE_REQUEST]);
  });

  it("syncs the rules again on the open stream when the campaigns change, retrying a refused sync", async () => {
    const fake = await startFake([], []);
    const jobs: Campaign = { ...CAMPAIGN, id: "jobs", hashtags: [{ tag: "VotreJob", country: "FR" }], organizations: [] };
    const terms = new ChangingTerms(jobs);
    const { sink } = pipeline();
    const { waits, backoff } = recordingBackoff({ network: 10, http: 20, rateLimit: 1_000 });
    const source = startSource(new XSource({ apiUrl: fake.url, bearerToken: TOKEN, terms, backoff }), sink);
    await waitFor(() => fake.openStreams().length === 1, 10_000, "the stream open");
    expect(fake.ruleChanges).toEqual([{ add: [{ value: "#votrejob", tag: "pulse:jobs" }] }]);

    // The store of rules refuses the next change once: the sync waits by the HTTP schedule and tries again.
    fake.refuseRuleChanges = 1;
    terms.set({ ...jobs, hashtags: [...jobs.hashtags, { tag: "DeinJob", country: "DE" }] }, { ...jobs, id: "salon", hashtags: [{ tag: "SalonAgri", country: "FR" }] });
    await waitFor(() => fake.ruleChanges.length === 3, 10_000, "the rules changed");
    expect(fake.ruleChanges.slice(1)).toEqual([
      { delete: { ids: ["1000"] } },
      {
        add: [
          { value: "#deinjob OR #votrejob", tag: "pulse:jobs" },
          { value: "#salonagri", tag: "pulse:salon" },
        ],
      },
    ]);
    expect(waits).toEqual([["http", 1]]);
    expect(source.status()).toMatchObject({ state: "connected", errors: 1, reconnects: 0 });
    expect(source.status().lastError).toMatch(/answered HTTP 503/);
    // The stream never closed.
    expect(fake.streams).toHaveLength(1);
    expect(fake.streams[0]!.isOpen).toBe(true);
  });

  it("fails for good on a 401 and does not retry", async () => {
    const fake = await startFake([], []);
    const { sink } = pipeline();
    const { waits, backoff } = recordingBackoff({ network: 10, http: 10, rateLimit: 10 });
    const source = startSource(new XSource({ apiUrl: fake.url, bearerToken: "not-the-token", terms: TERMS, backoff }), sink);

    await waitFor(() => source.status().state === "failed", 10_000, "state failed");
    // stop() resolves once the connector's loop has ended, so no attempt can follow; a retry would have asked the
    // backoff schedule first (`waits`).
    await source.stop();
    expect(source.status().lastError).toMatch(/answered HTTP 401: Unauthorized/);
    expect(source.status().nextRetryAt).toBeUndefined();
    expect(fake.requests).toEqual([{ method: "GET", path: "/2/tweets/search/stream/rules", authorized: false }]);
    expect(waits).toEqual([]);
    expect(source.status().state).toBe("failed");
  });

  it("backs off linearly while the connection is refused", async () => {
    // A port that was free a moment ago: nothing listens there now.
    const port = await sparePort();

    const { sink } = pipeline();
    const { waits, backoff } = recordingBackoff({ network: 15, http: 1_000, rateLimit: 1_000 });
    const source = startSource(new XSource({ apiUrl: `http://127.0.0.1:${port}`, bearerToken: TOKEN, terms: TERMS, backoff }), sink);

    await waitFor(() => waits.length >= 3, 10_000, "three retries");
    expect(waits.slice(0, 3)).toEqual([
      ["network", 1],
      ["network", 2],
      ["network", 3],
    ]);
    const status = source.status();
    expect(status.state).toBe("backing-off");
    expect(status.reconnects).toBeGreaterThanOrEqual(3);
    expect(status.lastError).toContain("ECONNREFUSED");
    expect(status.nextRetryAt).toBeDefined();
  });

  it("escalates when a stream answers 200 but closes before sending a byte", async () => {
    const fake = await startFake([], [], (conn) => {
      conn.open();
      conn.res.end();
    });
    const { sink } = pipeline();
    const { waits, backoff } = recordingBackoff({ network: 10, http: 1_000, rateLimit: 1_000 });
    startSource(new XSource({ apiUrl: fake.url, bearerToken: TOKEN, terms: TERMS, backoff }), sink);

    await waitFor(() => waits.length >= 3, 10_000, "three retries");
    // Not healthy, so the count is not reset: no hot loop against a broken server.
    expect(waits.slice(0, 3)).toEqual([
      ["network", 1],
      ["network", 2],
      ["network", 3],
    ]);
  });
});

describe("X backoff", () => {
  it("follows X's documented schedules by default", () => {
    // Network errors: +250 ms each attempt, up to 16 s.
    expect([1, 2, 3, 4, 10, 63, 64, 65, 500].map(X_BACKOFF.network)).toEqual([250, 500, 750, 1_000, 2_500, 15_750, 16_000, 16_000, 16_000]);
    // HTTP errors: from 5 s, doubling, up to 320 s.
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(X_BACKOFF.http)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
    // 429: from 60 s, doubling.
    expect([1, 2, 3, 4, 5].map(X_BACKOFF.rateLimit)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
  });

  it("chooses the schedule by the kind of failure", () => {
    expect(classifyXFailure(new HttpStatusError(429, "too many"))).toBe("rateLimit");
    expect(classifyXFailure(new HttpStatusError(503, "down"))).toBe("http");
    expect(classifyXFailure(new HttpStatusError(500, "oops"))).toBe("http");
    expect(classifyXFailure(new HttpStatusError(401, "who"))).toBe("fatal");
    expect(classifyXFailure(new HttpStatusError(403, "no access"))).toBe("fatal");
    expect(classifyXFailure(new NetworkError("stalled"))).toBe("network");
    expect(classifyXFailure(new TypeError("fetch failed"))).toBe("network");
  });
});
