import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { builtInCampaign, createCampaignIndex, type Campaign, type IngestResult, type Snapshot } from "@pulse/shared";
import { readFixture } from "@pulse/testkit/fixtures";
import { waitFor } from "@pulse/testkit/wait";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { IngestService } from "../../src/ingest/ingest-service.js";
import { MASTODON_BACKOFF, MastodonSource, compareIds } from "../../src/sources/mastodon-source.js";
import type { IngestOptions, IngestSink } from "../../src/sources/source.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { fixedTerms } from "../../src/sources/subscription-terms.js";
import { ChangingTerms } from "../support/changing-terms.js";

const TOKEN = "test-token";
/** The instance's public name; statuses' `uri`s live here, while the fake itself answers on 127.0.0.1. */
const INSTANCE = "https://mastodon.example";
const DAY = Date.parse("2015-02-24T09:00:00Z");

// ---------------------------------------------------------------------------------------------------------------
// A local Mastodon: SSE hashtag streams with heartbeats, and the hashtag timeline with min_id paging.
// ---------------------------------------------------------------------------------------------------------------

interface StreamRequest {
  tag: string;
  /** 1-based connection attempt for this tag. */
  n: number;
  at: number;
  authorization: string | undefined;
  answered: number;
}

interface TimelineRequest {
  tag: string;
  minId: string | null;
  limit: number;
  authorization: string | undefined;
  /** Ids answered, in the order sent (newest first, as Mastodon does). */
  ids: string[];
}

/** Speaks the Mastodon streaming and timeline APIs for the connector under test. */
class FakeMastodon {
  readonly streamRequests: StreamRequest[] = [];
  readonly timelineRequests: TimelineRequest[] = [];
  /** Statuses of each tag's timeline, any order. */
  readonly timelines = new Map<string, MastodonStatus[]>();
  /** Answers for the next stream requests of a tag, instead of opening the stream. */
  readonly refusals = new Map<string, { status: number; headers?: Record<string, string>; body: string }[]>();
  heartbeatMs = 100;
  private readonly open = new Map<string, { res: ServerResponse; n: number }>();
  private readonly waiters: { test: () => boolean; resolve: () => void }[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const { res } of this.open.values()) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Writes raw SSE text on the tag's open stream. */
  send(tag: string, text: string): void {
    const stream = this.open.get(tag);
    if (!stream) throw new Error(`no open stream for #${tag}`);
    stream.res.write(text);
  }

  /** Cuts the tag's stream at the TCP level, as a crashed proxy would. */
  drop(tag: string): void {
    this.open.get(tag)?.res.socket?.destroy();
    this.open.delete(tag);
  }

  /** Resolves once the tag has had `n` stream requests answered with an open stream or a refusal. */
  answered(tag: string, n: number): Promise<void> {
    return this.waitFor(() => this.streamRequests.filter((r) => r.tag === tag && r.answered > 0).length >= n);
  }

  /** Resolves once the tag's `n`-th stream request was answered with an open stream. */
  opened(tag: string, n: number): Promise<void> {
    return this.waitFor(() => this.open.get(tag)?.n === n);
  }

  /** Whether the tag's stream is open now. */
  isOpen(tag: string): boolean {
    return this.open.has(tag);
  }

  connections(tag: string): StreamRequest[] {
    return this.streamRequests.filter((r) => r.tag === tag);
  }

  private waitFor(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", this.url);
    const authorization = req.headers.authorization;
    if (url.pathname === "/api/v1/streaming/hashtag") {
      const tag = url.searchParams.get("tag") ?? "";
      const request: StreamRequest = { tag, n: this.connections(tag).length + 1, at: Date.now(), authorization, answered: 0 };
      this.streamRequests.push(request);
      const refusal = this.refusals.get(tag)?.shift();
      if (refusal) {
        res.writeHead(refusal.status, { "Content-Type": "application/json; charset=utf-8", ...refusal.headers });
        res.end(refusal.body);
      } else {
        // As Mastodon's streaming server: headers, a ":)" greeting, then ":thump" heartbeats.
        res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "private, no-store", "Transfer-Encoding": "chunked" });
        res.write(":)\n");
        const heartbeat = setInterval(() => res.write(":thump\n"), this.heartbeatMs);
        res.on("close", () => {
          clearInterval(heartbeat);
          if (this.open.get(tag)?.res === res) this.open.delete(tag);
        });
        this.open.set(tag, { res, n: request.n });
      }
      request.answered = Date.now();
      this.changed();
      return;
    }
    const timeline = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (timeline?.[1]) {
      const tag = decodeURIComponent(timeline[1]);
      const minId = url.searchParams.get("min_id");
      const limit = Math.min(40, Number(url.searchParams.get("limit") ?? 20));
      // Mastodon's min_id: the `limit` statuses right after min_id, answered newest first.
      const after = (this.timelines.get(tag) ?? [])
        .filter((s) => minId === null || compareIds(s.id, minId) > 0)
        .sort((a, b) => compareIds(a.id, b.id));
      const page = (minId === null ? after.slice(-limit) : after.slice(0, limit)).reverse();
      this.timelineRequests.push({ tag, minId, limit, authorization, ids: page.map((s) => s.id) });
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(page));
      this.changed();
      return;
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: "Not Found" }));
  }
}

/** One SSE message. */
function sse(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Real-looking statuses (the shape of Mastodon 4.x's REST and streaming answers).
// ---------------------------------------------------------------------------------------------------------------

interface MastodonStatus {
  id: string;
  uri: string;
  created_at: string;
  edited_at: string | null;
  content: string;
  tags: { name: string; url: string }[];
  [field: string]: unknown;
}

/** A snowflake id as Mastodon makes them: milliseconds shifted 16 bits, plus a sequence. */
function snowflake(ms: number, seq: number): string {
  return ((BigInt(ms) << 16n) + BigInt(seq)).toString();
}

function account(username: string, domain?: string): Record<string, unknown> {
  const host = domain ?? "mastodon.example";
  return {
    id: snowflake(DAY - 86_400_000 * 400, username.length),
    username,
    acct: domain ? `${username}@${domain}` : username,
    display_name: username[0]?.toUpperCase() + username.slice(1),
    locked: false,
    bot: false,
    discoverable: true,
    group: false,
    created_at: "2014-01-10T00:00:00.000Z",
    note: "",
    url: `https://${host}/@${username}`,
    uri: `https://${host}/users/${username}`,
    avatar: `https://${host}/avatars/original/missing.png`,
    avatar_static: `https://${host}/avatars/original/missing.png`,
    header: `https://${host}/headers/original/missing.png`,
    header_static: `https://${host}/headers/original/missing.png`,
    followers_count: 120,
    following_count: 80,
    statuses_count: 900,
    last_status_at: "2015-02-24",
    emojis: [],
    fields: [],
  };
}

/** A public status; `#tags` in `text` become Mastodon's hashtag links, and its `uri` differs from its local id. */
function makeStatus(seq: number, text: string, options: { user?: string; domain?: string; lang?: string } = {}): MastodonStatus {
  const createdAt = DAY + seq * 60_000;
  const id = snowflake(createdAt, seq);
  const user = options.user ?? `user${seq}`;
  const host = options.domain ?? "mastodon.example";
  const tags = [...text.matchAll(/#(\w+)/g)].map((m) => (m[1] ?? "").toLowerCase());
  const html = text
    .replace(/&/g, "&amp;")
    .replace(/'/g, "&#39;")
    .replace(/#(\w+)/g, (_, tag: string) => `<a href="${INSTANCE}/tags/${tag.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`);
  return {
    id,
    created_at: new Date(createdAt).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: "",
    visibility: "public",
    language: options.lang ?? "fr",
    // A remote status keeps its home instance's URI; the local id is this instance's own.
    uri: `https://${host}/users/${user}/statuses/${snowflake(createdAt, seq + 7)}`,
    url: `https://${host}/@${user}/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: `<p>${html}</p>`,
    reblog: null,
    application: null,
    account: account(user, options.domain),
    media_attachments: [],
    mentions: [],
    tags: [...new Set(tags)].map((name) => ({ name, url: `${INSTANCE}/tags/${name}` })),
    emojis: [],
    card: null,
    poll: null,
  };
}

/** The same status after an edit: new text and tags, `edited_at` set. */
function edited(status: MastodonStatus, text: string, minutesLater: number): MastodonStatus {
  const next = makeStatus(0, text);
  return {
    ...status,
    content: next.content,
    tags: next.tags,
    edited_at: new Date(Date.parse(status.created_at) + minutesLater * 60_000).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The real pipeline, seen through a sink that records calls and can fail on purpose.
// ---------------------------------------------------------------------------------------------------------------

class RecordingSink implements IngestSink {
  readonly calls: { items: unknown[]; source: string; options: IngestOptions | undefined; failed: boolean; waiting: number | undefined }[] = [];
  readonly results: IngestResult[] = [];
  active = 0;
  maxActive = 0;
  failNext = 0;
  /** Read at each call, to record what the source says is waiting. */
  waiting: () => number | undefined = () => undefined;

  constructor(private readonly inner: IngestService) {}

  async ingest(items: unknown[], source: string, options?: IngestOptions): Promise<IngestResult> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const failed = this.failNext > 0;
      this.calls.push({ items: [...items], source, options, failed, waiting: this.waiting() });
      if (failed) {
        this.failNext--;
        throw new StoreUnavailableError("store unreachable (test)");
      }
      const result = await this.inner.ingest(items, source, options);
      this.results.push(result);
      return result;
    } finally {
      this.active--;
    }
  }

  /** Every item of the calls that succeeded, in order. */
  delivered(): unknown[] {
    return this.calls.filter((c) => !c.failed).flatMap((c) => c.items);
  }

  /** Resolves once an item matching `test` was delivered successfully. */
  async deliveredWhere(test: (item: unknown) => boolean, what: string): Promise<void> {
    await waitFor(() => this.delivered().some(test), 8_000, what);
  }

  total(field: "accepted" | "duplicates" | "deleted" | "ignored"): number {
    return this.results.reduce((sum, r) => sum + r[field], 0);
  }
}

function pipeline(campaign: Campaign = builtInCampaign): { store: MemoryStore; sink: RecordingSink } {
  const store = new MemoryStore(campaign.id);
  const sink = new RecordingSink(new IngestService({ store, index: createCampaignIndex(campaign) }));
  return { store, sink };
}

async function snapshot(store: MemoryStore): Promise<Snapshot> {
  return (await store.snapshot()).snapshot;
}

const isEvent = (event: string, payload?: string) => (item: unknown) =>
  typeof item === "object" && item !== null && (item as { event?: unknown }).event === event && (payload === undefined || (item as { payload?: unknown }).payload === payload);
const isStatusPayload = (event: string, id: string) => (item: unknown) =>
  isEvent(event)(item) && (JSON.parse((item as { payload: string }).payload) as { id: string }).id === id;
const isPlainStatus = (id: string) => (item: unknown) =>
  typeof item === "object" && item !== null && !("event" in item) && (item as { id?: unknown }).id === id;

// ---------------------------------------------------------------------------------------------------------------

let fake: FakeMastodon | undefined;
let source: MastodonSource | undefined;

afterEach(async () => {
  await source?.stop();
  await fake?.close();
  source = undefined;
  fake = undefined;
});

async function startFake(): Promise<FakeMastodon> {
  fake = new FakeMastodon();
  await fake.start();
  return fake;
}

describe("MastodonSource against a local Mastodon", () => {
  it("counts each post once across a drop, a 429, a reconnect and the gap fill; edits replace, deletes decrement", async () => {
    const server = await startFake();
    const { store, sink } = pipeline();
    // The store is away for the first call: the connector must hand over the very same items again.
    sink.failNext = 1;
    source = new MastodonSource({
      url: server.url,
      token: TOKEN,
      terms: fixedTerms(builtInCampaign),
      backoff: () => 20,
      silenceMs: 400,
      batchMs: 20,
      ingestRetryMs: 50,
      gapPageSize: 2,
    });
    sink.waiting = () => source?.status().waiting;
    source.start(sink);

    const tags = ["votrejob", "jouwbaan", "yourjobuk", "yourjobie", "deinjob"];
    await Promise.all(tags.map((tag) => server.opened(tag, 1)));
    await waitFor(() => source?.status().state === "connected", 8_000, "state connected");

    const s1 = makeStatus(1, "Nous recrutons 40 alternants en Île-de-France #VotreJob", { user: "alice" });
    const s2 = makeStatus(2, "Job dating à Lyon & Berlin #VotreJob #DeinJob", { user: "bruno", domain: "mastodon.social" });
    const n1 = makeStatus(3, "Le café du matin #hoot", { user: "chloe" });
    const s3 = makeStatus(4, "Oups, mauvais lien #VotreJob", { user: "david" });
    const d1 = makeStatus(5, "Wir stellen ein! #DeinJob", { user: "erika", domain: "chaos.social", lang: "de" });

    server.send("votrejob", sse("update", JSON.stringify(s1)));
    server.send("votrejob", ":thump\n");
    server.send("votrejob", sse("update", JSON.stringify(s2)));
    server.send("votrejob", sse("update", JSON.stringify(n1)));
    // A malformed data line: skipped and counted as an error, the stream goes on.
    server.send("votrejob", `event: update\ndata: {"id":"${snowflake(DAY, 99)}","content":\n\n`);
    // An event split across two writes must still arrive whole.
    const s3Event = sse("update", JSON.stringify(s3));
    server.send("votrejob", s3Event.slice(0, 40));
    server.send("votrejob", s3Event.slice(40));
    server.send("deinjob", sse("update", JSON.stringify(s2)));
    server.send("deinjob", sse("update", JSON.stringify(d1)));

    await sink.deliveredWhere(isStatusPayload("update", s3.id), "s3 delivered");
    await sink.deliveredWhere(isStatusPayload("update", d1.id), "d1 delivered");
    // s1, s2 (streamed on two tags, counted once), s3 and d1; n1 carries no campaign hashtag.
    await waitFor(async () => (await snapshot(store)).totals.posts === 4, 8_000, "4 posts counted");

    const s1Edit = edited(s1, "Nous recrutons 45 alternants en Île-de-France #VotreJob", 3);
    server.send("votrejob", sse("status.update", JSON.stringify(s1Edit)));
    // Mastodon's delete carries the instance-local id only; the connector turns it into the uri.
    server.send("votrejob", sse("delete", s3.id));
    await sink.deliveredWhere(isEvent("delete", s3.uri), "the delete, rewritten to s3's uri");
    await waitFor(async () => (await snapshot(store)).totals.posts === 3, 8_000, "the delete decrements");
    let snap = await snapshot(store);
    const recentS1 = snap.recent.find((p) => p.id === s1.uri);
    expect(recentS1?.text).toContain("45 alternants");
    expect(snap.recent.map((p) => p.id)).not.toContain(s3.uri);
    expect(snap.totals.posts).toBe(3);

    // Half an event, then the connection dies: the half must never be delivered.
    const cutOff = makeStatus(6, "Jamais reçu en entier #VotreJob", { user: "fanny" });
    server.send("votrejob", `event: update\ndata: ${JSON.stringify(cutOff)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Posted while the stream is down, and one posted right after it comes back (also streamed).
    const s4 = makeStatus(7, "Forum emploi à Lille cet après-midi #VotreJob", { user: "gael" });
    const s5 = makeStatus(8, "Stage en data science, Paris #votrejob", { user: "hana" });
    const s6 = makeStatus(9, "Dernière chance pour postuler #VotreJob", { user: "ines" });
    server.timelines.set("votrejob", [s1Edit, s2, n1, s4, s5, s6]);
    server.refusals.set("votrejob", [{ status: 429, headers: { "Retry-After": "1" }, body: JSON.stringify({ error: "Too many requests" }) }]);
    server.drop("votrejob");

    // The reconnect is refused with 429 + Retry-After: 1, which wins over the 20 ms schedule.
    await server.answered("votrejob", 2);
    await waitFor(() => source?.status().state === "backing-off" && source.status().lastError?.includes("429") === true, 8_000, "backing off after 429");
    const backingOff = source.status();
    const retryIn = Date.parse(backingOff.nextRetryAt ?? "") - Date.now();
    expect(retryIn).toBeGreaterThan(700);
    expect(retryIn).toBeLessThanOrEqual(1_000);

    await server.opened("votrejob", 3);
    server.send("votrejob", sse("update", JSON.stringify(s6)));
    await sink.deliveredWhere(isPlainStatus(s6.id), "gap fill reached s6");
    await sink.deliveredWhere(isStatusPayload("update", s6.id), "s6 streamed");
    await waitFor(() => source?.status().state === "connected", 8_000, "connected again");
    // Nothing left in the connector's or the sink's hands: anything late would already be counted.
    await waitFor(
      async () => (await snapshot(store)).totals.posts === 6 && source?.status().waiting === 0 && sink.active === 0,
      8_000,
      "6 posts counted",
    );

    snap = await snapshot(store);
    expect(snap.totals.posts).toBe(6);
    expect(snap.byCountry).toEqual({ FR: 5, DE: 1 });
    expect(snap.timeline.reduce((sum, b) => sum + b.posts, 0)).toBe(6);
    expect(new Set(snap.recent.map((p) => p.id))).toEqual(new Set([s1.uri, s2.uri, d1.uri, s4.uri, s5.uri, s6.uri]));
    expect(snap.recent.find((p) => p.id === s1.uri)?.text).toContain("45 alternants");
    expect(snap.recent.map((p) => p.id)).not.toContain(cutOff.uri);
    expect(sink.delivered().some((item) => JSON.stringify(item).includes(cutOff.id))).toBe(false);
    // s2 twice (two tags) and s6 twice (stream and gap fill) were reported as duplicates.
    expect(sink.total("duplicates")).toBeGreaterThanOrEqual(2);

    // The reconnect: drop → 429 → open, waiting out Retry-After; the other streams stayed up on heartbeats alone.
    const votrejob = server.connections("votrejob");
    expect(votrejob.map((r) => r.n)).toEqual([1, 2, 3]);
    const secondAt = votrejob[1]?.at ?? 0;
    expect((votrejob[2]?.at ?? 0) - secondAt).toBeGreaterThanOrEqual(950);
    for (const tag of tags.filter((t) => t !== "votrejob")) expect(server.connections(tag)).toHaveLength(1);
    expect(server.streamRequests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // The gap fill started at the last id seen before the drop and paged with min_id until a short page.
    expect(server.timelineRequests.map((r) => [r.tag, r.minId, r.limit])).toEqual([
      ["votrejob", s3.id, 2],
      ["votrejob", s5.id, 2],
    ]);
    expect(server.timelineRequests.flatMap((r) => r.ids)).toEqual([s5.id, s4.id, s6.id]);
    expect(server.timelineRequests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // Every call was marked campaign-only, none overlapped, and the failed first batch came back unchanged.
    expect(sink.calls.every((c) => c.source === "mastodon" && c.options?.campaignOnly === true)).toBe(true);
    expect(sink.maxActive).toBe(1);
    expect(sink.calls[0]?.failed).toBe(true);
    expect(sink.calls[1]?.items).toEqual(sink.calls[0]?.items);
    // The source's status counted the refused batch as waiting, from its first call to the retry.
    expect(sink.calls[0]?.waiting).toBeGreaterThanOrEqual(sink.calls[0]!.items.length);
    expect(sink.calls[1]?.waiting).toBeGreaterThanOrEqual(sink.calls[0]!.items.length);

    const status = source.status();
    expect(status.state).toBe("connected");
    expect(status.reconnects).toBe(2);
    // The failed ingest call, the malformed line, the drop and the 429 at least.
    expect(status.errors).toBeGreaterThanOrEqual(4);
    expect(status.posts).toBeGreaterThanOrEqual(6);
    expect(status.lastPostAt).toBeDefined();
    expect(status.waiting).toBe(0);

    await source.stop();
    expect(source.status().state).toBe("stopped");
  });

  it("reconnects a stream that goes silent, and fills the gap by time when no status was seen yet", async () => {
    const server = await startFake();
    server.heartbeatMs = 60_000;
    const campaign: Campaign = { ...builtInCampaign, hashtags: [{ tag: "VotreJob", country: "FR" }] };
    const { store, sink } = pipeline(campaign);
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (obj: { err?: string }) => void warnings.push(obj.err ?? "") };
    source = new MastodonSource({ url: server.url, terms: fixedTerms(campaign), backoff: () => 10, silenceMs: 150, batchMs: 10, logger: logger as never });
    source.start(sink);
    await server.opened("votrejob", 1);
    // Posted after the stream first opened: the gap fill by time must find it. Older ones must stay out.
    const old = { ...makeStatus(1, "Hier déjà #VotreJob"), created_at: new Date(Date.now() - 3_600_000).toISOString() };
    const missed = { ...makeStatus(2, "Pendant le silence #VotreJob"), created_at: new Date(Date.now() + 50).toISOString() };
    server.timelines.set("votrejob", [old, missed]);

    await server.opened("votrejob", 2);
    await waitFor(() => server.timelineRequests.length > 0, 8_000, "a gap fill");
    expect(server.timelineRequests[0]?.minId).toBeNull();
    expect(server.streamRequests.every((r) => r.authorization === undefined)).toBe(true);
    await sink.deliveredWhere(isPlainStatus(missed.id), "the status missed during the silence");
    expect(sink.delivered().some(isPlainStatus(old.id))).toBe(false);
    expect(warnings).toContainEqual(expect.stringMatching(/#votrejob: no data or heartbeat for 150 ms/));
    expect(source.status().reconnects).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await snapshot(store)).totals.posts === 1, 8_000, "the missed status counted");
  });

  it("opens a stream for a hashtag a campaign gained and closes the one no campaign wants, leaving the others open", async () => {
    const server = await startFake();
    const jobs: Campaign = { ...builtInCampaign, id: "jobs", hashtags: [{ tag: "VotreJob", country: "FR" }, { tag: "DeinJob", country: "DE" }] };
    const salon: Campaign = { ...builtInCampaign, id: "salon", hashtags: [{ tag: "VotreJob", country: "FR" }] };
    const terms = new ChangingTerms(jobs, salon);
    const { store, sink } = pipeline({ ...jobs, hashtags: [...jobs.hashtags, { tag: "SalonAgri", country: "BE" }] });
    source = new MastodonSource({ url: server.url, terms, batchMs: 10 });
    source.start(sink);
    await Promise.all([server.opened("votrejob", 1), server.opened("deinjob", 1)]);

    // jobs drops #DeinJob, salon adds #SalonAgri (#VotreJob, still wanted by both, stays as it is).
    terms.set({ ...jobs, hashtags: jobs.hashtags.slice(0, 1) }, { ...salon, hashtags: [...salon.hashtags, { tag: "SalonAgri", country: "BE" }] });
    await server.opened("salonagri", 1);
    await waitFor(() => !server.isOpen("deinjob"), 5_000, "the #deinjob stream closed");
    expect(server.isOpen("votrejob")).toBe(true);
    expect(server.connections("votrejob")).toHaveLength(1);
    expect(server.connections("deinjob")).toHaveLength(1);

    const status = makeStatus(1, "Au Salon #SalonAgri");
    server.send("salonagri", sse("update", JSON.stringify(status)));
    await waitFor(async () => (await snapshot(store)).totals.posts === 1, 5_000, "the #SalonAgri post stored");
    expect((await snapshot(store)).byCountry).toEqual({ BE: 1 });
    // The closed stream is not reopened, and nothing was retried.
    expect(server.connections("deinjob")).toHaveLength(1);
    expect(source.status()).toMatchObject({ state: "connected", detail: "2 hashtag stream(s)", reconnects: 0 });
  });

  it("gives up on a refused token instead of retrying", async () => {
    const server = await startFake();
    const campaign: Campaign = { ...builtInCampaign, hashtags: [{ tag: "VotreJob", country: "FR" }] };
    server.refusals.set("votrejob", [
      { status: 401, body: JSON.stringify({ error: "The access token is invalid" }) },
      { status: 401, body: JSON.stringify({ error: "The access token is invalid" }) },
    ]);
    const { sink } = pipeline(campaign);
    const backoffs: number[] = [];
    const backoff = (attempt: number): number => {
      backoffs.push(attempt);
      return 10;
    };
    source = new MastodonSource({ url: server.url, token: "wrong", terms: fixedTerms(campaign), backoff });
    source.start(sink);
    await waitFor(() => source?.status().state === "failed", 8_000, "state failed");
    // stop() resolves once every stream's loop has ended, so no attempt can follow; a retry would have asked the
    // backoff schedule first.
    await source.stop();
    expect(backoffs).toEqual([]);
    expect(server.connections("votrejob")).toHaveLength(1);
    expect(source.status().lastError).toContain("HTTP 401");
    expect(source.status().lastError).toContain("The access token is invalid");
  });

  it("streams the real recorded SSE body and the real hashtag status, and deletes it by its local id", async (ctx) => {
    const streamCassette = parseYaml(readFixture(ctx, "mastodon/test_stream_user_local.yaml")) as Cassette;
    const tagCassette = parseYaml(readFixture(ctx, "mastodon/test_hashtag_tl.yaml")) as Cassette;
    const streamed = streamCassette.interactions.find((i) => i.request.uri.includes("/api/v1/streaming/"));
    const timeline = tagCassette.interactions.find((i) => i.request.uri.includes("/api/v1/timelines/tag/"));
    const deleted = tagCassette.interactions.find((i) => i.request.method === "DELETE");
    if (!streamed || !timeline || !deleted) throw new Error("the Mastodon cassettes no longer hold the expected interactions");
    const body = streamed.response.body.string;
    const realData = /^data: (.*)$/m.exec(body)?.[1];
    expect(realData).toBeDefined();
    // The real #hoot status, moved to a campaign hashtag so the pipeline keeps it.
    const [hoot] = JSON.parse(timeline.response.body.string) as MastodonStatus[];
    if (!hoot) throw new Error("the hashtag timeline cassette holds no status");
    const retagged = JSON.stringify(hoot).replaceAll("hoot", "votrejob");
    const deletedId = /\/api\/v1\/statuses\/(\d+)$/.exec(deleted.request.uri)?.[1];
    expect(deletedId).toBe(hoot.id);

    const server = await startFake();
    const campaign: Campaign = { ...builtInCampaign, hashtags: [{ tag: "VotreJob", country: "FR" }] };
    const { store, sink } = pipeline(campaign);
    source = new MastodonSource({ url: server.url, token: TOKEN, terms: fixedTerms(campaign), batchMs: 10 });
    source.start(sink);
    await server.opened("votrejob", 1);
    // The recorded body verbatim: a ":)" comment, then one update (a status without a campaign hashtag).
    server.send("votrejob", body);
    server.send("votrejob", sse("update", retagged));
    await sink.deliveredWhere(isEvent("update", realData), "the recorded update, payload untouched");
    await waitFor(async () => (await snapshot(store)).totals.posts === 1, 8_000, "the retagged real status counted");
    expect(sink.total("ignored")).toBeGreaterThanOrEqual(1);
    const post = (await snapshot(store)).recent[0];
    expect(post?.id).toBe(hoot.uri);
    expect(post?.network).toBe("mastodon");

    server.send("votrejob", sse("delete", hoot.id));
    await sink.deliveredWhere(isEvent("delete", hoot.uri), "the real delete, rewritten to the uri");
    await waitFor(async () => (await snapshot(store)).totals.posts === 0, 8_000, "the real status deleted");
  });
});

interface Cassette {
  interactions: { request: { method: string; uri: string }; response: { body: { string: string } } }[];
}

describe("MastodonSource schedules", () => {
  it("backs off from 1 s, doubling, up to 60 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(MASTODON_BACKOFF)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("orders snowflake ids numerically, not as text", () => {
    expect(compareIds("117020593741189701", "99999999999999999")).toBeGreaterThan(0);
    expect(compareIds("117020593741189701", "117020593741189702")).toBeLessThan(0);
    expect(compareIds("1", "1")).toBe(0);
  });
});
