import { createServer, type Server } from "node:http";
import { builtInCampaign, createCampaignIndex, type Campaign, type IngestResult, type Post } from "@pulse/shared";
import { waitFor } from "@pulse/testkit/wait";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { IngestService } from "../../src/ingest/ingest-service.js";
import {
  BLUESKY_BACKOFF,
  BlueskySource,
  JETSTREAM_COLLECTIONS,
  RESUME_OVERLAP_US,
  jetstreamUrl,
} from "../../src/sources/bluesky-source.js";
import type { IngestOptions, IngestSink, SourceLogger } from "../../src/sources/source.js";
import { fixedTerms } from "../../src/sources/subscription-terms.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { FakeAppView, deadAppViewUrl, type AppViewMode } from "../support/fake-appview.js";
import { ChangingTerms } from "../support/changing-terms.js";
import { closeServer, listenLocally } from "../support/local-server.js";

const SECOND_US = 1_000_000;
const T = 1_779_719_000_000_000;

/** One subscribe request the fake server saw. */
interface Connection {
  cursor: string | null;
  collections: string[];
  refused: boolean;
}

/**
 * A local Jetstream: answers `GET /subscribe` upgrades, records each request's query, can refuse the next
 * upgrade with a 503, and hands each accepted socket to the test's `onConnection`.
 */
class FakeJetstream {
  readonly connections: Connection[] = [];
  readonly sockets: WebSocket[] = [];
  refuseNext = false;
  onConnection: (ws: WebSocket, connection: Connection) => void = () => {};
  private readonly http: Server = createServer((_req, res) => res.writeHead(404).end());
  private readonly wss: WebSocketServer;

  constructor(options: { autoPong?: boolean } = {}) {
    this.wss = new WebSocketServer({ noServer: true, autoPong: options.autoPong ?? true });
    this.http.on("upgrade", (req, socket, head) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const connection: Connection = {
        cursor: url.searchParams.get("cursor"),
        collections: url.searchParams.getAll("wantedCollections"),
        refused: this.refuseNext,
      };
      this.connections.push(connection);
      if (url.pathname !== "/subscribe") {
        socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      if (this.refuseNext) {
        this.refuseNext = false;
        socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\nConnection: close\r\n\r\nunavailable");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        this.onConnection(ws, connection);
      });
    });
  }

  async listen(): Promise<string> {
    return `ws://127.0.0.1:${await listenLocally(this.http)}/subscribe`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await closeServer(this.http);
  }
}

/** A Jetstream commit event of `did` at `timeUs`; its rev, and a record's cid, are named after that time. */
function commit(
  did: string,
  timeUs: number,
  fields: { operation: "create" | "update" | "delete"; collection: string; rkey: string; record?: Record<string, unknown> },
): Record<string, unknown> {
  const cid = fields.record ? { cid: `cid${timeUs}` } : {};
  return { did, time_us: timeUs, kind: "commit", commit: { rev: `rev${timeUs}`, ...fields, ...cid } };
}

/** A Jetstream commit event creating (or updating) a post. */
function post(
  did: string,
  rkey: string,
  timeUs: number,
  text: string,
  extra: Record<string, unknown> = {},
  operation: "create" | "update" = "create",
): Record<string, unknown> {
  const facets = [...text.matchAll(/#(\p{L}+)/gu)].map((m) => {
    const byteStart = Buffer.byteLength(text.slice(0, m.index), "utf8");
    return {
      index: { byteStart, byteEnd: byteStart + Buffer.byteLength(m[0], "utf8") },
      features: [{ $type: "app.bsky.richtext.facet#tag", tag: m[1] }],
    };
  });
  const record = { $type: "app.bsky.feed.post", createdAt: new Date(timeUs / 1000).toISOString(), langs: ["fr"], text, facets, ...extra };
  return commit(did, timeUs, { operation, collection: "app.bsky.feed.post", rkey, record });
}

function repost(did: string, rkey: string, timeUs: number, subject: string): Record<string, unknown> {
  const record = { $type: "app.bsky.feed.repost", createdAt: new Date(timeUs / 1000).toISOString(), subject: { cid: "c", uri: subject } };
  return commit(did, timeUs, { operation: "create", collection: "app.bsky.feed.repost", rkey, record });
}

function remove(did: string, collection: string, rkey: string, timeUs: number): Record<string, unknown> {
  return commit(did, timeUs, { operation: "delete", collection, rkey });
}

const uri = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;

/** The real pipeline over an in-process store, as the server builds it. */
function pipeline(): { store: MemoryStore; ingest: IngestService } {
  const store = new MemoryStore(builtInCampaign.id);
  return { store, ingest: new IngestService({ store, index: createCampaignIndex(builtInCampaign) }) };
}

/** What the fake records of a `probe`: an upgrade on a path it does not serve. */
const PROBE_CONNECTION: Connection = { cursor: null, collections: [], refused: false };

/**
 * Opens and ends a websocket of the test's own on the fake's `/probe` (refused with a 404). Once it is answered,
 * the fake has seen every connection the source had already started.
 */
async function probe(url: string): Promise<void> {
  const ws = new WebSocket(url.replace(/\/subscribe$/, "/probe"));
  ws.on("error", () => {});
  await new Promise<void>((resolve) => ws.once("close", () => resolve()));
}

/**
 * Lets a reconnect timer the source might have left (of at most `backoffMs`) fire, then probes: a connection it
 * started would reach the fake before the probe.
 */
async function pastBackoffThenProbe(fake: FakeJetstream, url: string, backoffMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, backoffMs + 5));
  await probe(url);
  expect(fake.connections.at(-1)).toEqual(PROBE_CONNECTION);
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startFake(options: { autoPong?: boolean } = {}): Promise<{ fake: FakeJetstream; url: string }> {
  const fake = new FakeJetstream(options);
  const url = await fake.listen();
  cleanup.push(() => fake.close());
  return { fake, url };
}

function startSource(source: BlueskySource, sink: IngestSink): BlueskySource {
  source.start(sink);
  cleanup.push(() => source.stop());
  return source;
}

describe("BlueskySource settings", () => {
  it("backs off exponentially from 250 ms up to 30 s by default", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map(BLUESKY_BACKOFF)).toEqual([
      250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(RESUME_OVERLAP_US).toBe(5 * SECOND_US);
  });

  it("asks for posts and reposts, adds the cursor, and keeps the URL's other parameters", () => {
    const url = new URL(jetstreamUrl("wss://jetstream.example/subscribe?compress=false&wantedCollections=x&cursor=1", 42));
    expect(url.searchParams.getAll("wantedCollections")).toEqual([...JETSTREAM_COLLECTIONS]);
    expect(JETSTREAM_COLLECTIONS).toEqual(["app.bsky.feed.post", "app.bsky.feed.repost"]);
    expect(url.searchParams.get("cursor")).toBe("42");
    expect(url.searchParams.get("compress")).toBe("false");
    expect(new URL(jetstreamUrl("ws://127.0.0.1:1/subscribe")).searchParams.has("cursor")).toBe(false);
  });

  it("refuses a URL that is not a websocket", () => {
    expect(() => new BlueskySource({ url: "https://jetstream.example/subscribe", terms: fixedTerms(builtInCampaign) })).toThrow(
      /JETSTREAM_URL must be a ws: or wss: URL/,
    );
  });
});

describe("BlueskySource against a local Jetstream", () => {
  it("counts campaign posts once through a drop, a 503 and a resume that resends events", async () => {
    const { fake, url } = await startFake();
    const { store, ingest } = pipeline();
    const attempts: number[] = [];

    const alice = "did:plc:alice";
    const bruno = "did:plc:bruno";
    const chloe = "did:plc:chloe";
    const dan = "did:plc:dan";
    // What the server has stored, in time order; a resume replays from the cursor.
    const log: { timeUs: number; event: Record<string, unknown> }[] = [];
    const add = (event: Record<string, unknown>) => log.push({ timeUs: event.time_us as number, event });
    add(post(bruno, "b1", T + 1 * SECOND_US, "Bonjour à tous #hello")); // not a campaign post
    add(post(alice, "a1", T + 3 * SECOND_US, "Grande journée 👩🏽‍💻 #VotreJob"));
    add({ did: bruno, time_us: T + 3.5 * SECOND_US, kind: "commit", commit: { operation: "create", collection: "app.bsky.feed.like", rkey: "l1", record: { subject: { uri: uri(alice, "a1") } } } });
    add({ did: chloe, time_us: T + 4 * SECOND_US, kind: "identity", identity: { did: chloe, handle: "chloe.bsky.social", seq: 1 } });
    add(post(chloe, "c1", T + 5 * SECOND_US, "Neue Stellen", { tags: ["DeinJob"] }));
    add(repost(bruno, "r1", T + 6 * SECOND_US, uri(alice, "a1"))); // a repost of a campaign post
    add(repost(alice, "r2", T + 7 * SECOND_US, uri(bruno, "b1"))); // a repost of a non-campaign post
    const firstBatch = log.length;
    add(post(dan, "d1", T + 8 * SECOND_US, "Apply now #YourJobUK", { reply: { root: { uri: "at://x" }, parent: { uri: "at://x" } } }));
    add(remove(chloe, "app.bsky.feed.post", "c1", T + 9 * SECOND_US));
    add(post(alice, "a1", T + 10 * SECOND_US, "Grande journée, mise à jour #VotreJob", {}, "update"));
    add(remove(bruno, "app.bsky.feed.post", "b1", T + 11 * SECOND_US)); // a delete of a post never counted

    const send = (ws: WebSocket, from: number, to: number, cursor: number) => {
      for (const { timeUs, event } of log.slice(from, to)) if (timeUs >= cursor) ws.send(JSON.stringify(event));
    };
    fake.onConnection = (ws, connection) => {
      const keepAlive = setInterval(() => ws.ping(), 20);
      ws.on("close", () => clearInterval(keepAlive));
      if (connection.cursor === null) {
        send(ws, 0, 2, 0);
        ws.send('{"did":"did:plc:broken","time_us":'); // a malformed message mid-stream
        send(ws, 2, firstBatch, 0);
        // Drop the connection without a close frame once the pipeline has the first posts.
        void waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 3, 10_000, "the first posts").then(() => {
          fake.refuseNext = true;
          ws.terminate();
        });
      } else {
        send(ws, 0, log.length, Number(connection.cursor));
      }
    };

    const source = startSource(
      new BlueskySource({
        url,
        terms: fixedTerms(builtInCampaign),
        backoff: (attempt) => {
          attempts.push(attempt);
          return 20;
        },
        batchMs: 10,
      }),
      ingest,
    );

    // Applied up to the last event resent (Bruno's delete, at T + 11 s) with nothing left to deliver: a double
    // count would already show.
    await waitFor(
      async () => {
        const { snapshot } = await store.snapshot();
        const status = source.status();
        return (
          status.posts === 5 &&
          snapshot.recent.some((p) => p.text.includes("mise à jour")) &&
          status.detail?.includes(`last time_us ${T + 11 * SECOND_US};`) === true &&
          status.waiting === 0
        );
      },
      10_000,
      "the resumed stream to be applied",
    );

    // The connector asked for posts and reposts every time, resumed 5 s before the last event it saw, after a 503.
    const cursor = String(T + 7 * SECOND_US - RESUME_OVERLAP_US);
    expect(fake.connections).toEqual([
      { cursor: null, collections: [...JETSTREAM_COLLECTIONS], refused: false },
      { cursor, collections: [...JETSTREAM_COLLECTIONS], refused: true },
      { cursor, collections: [...JETSTREAM_COLLECTIONS], refused: false },
    ]);
    expect(attempts).toEqual([1, 2]);

    const { snapshot } = await store.snapshot();
    // Alice's post (edited), Bruno's repost of it and Dan's reply; Chloe's post was counted, then deleted.
    expect(snapshot.totals).toEqual({ posts: 3, authors: 4, originals: 1, retweets: 1, replies: 1, quotes: 0 });
    expect(snapshot.byCountry).toMatchObject({ FR: 2, GB: 1 });
    expect(snapshot.byCountry.DE ?? 0).toBe(0);
    expect(snapshot.timeline.reduce((sum, point) => sum + point.posts, 0)).toBe(3);
    expect(snapshot.recent.map((p) => p.id).sort()).toEqual(
      [uri(alice, "a1"), `at://${bruno}/app.bsky.feed.repost/r1`, uri(dan, "d1")].sort(),
    );
    const edited = snapshot.recent.find((p) => p.id === uri(alice, "a1"));
    expect(edited?.text).toBe("Grande journée, mise à jour #VotreJob");
    const reposted = snapshot.recent.find((p) => p.kind === "retweet");
    expect(reposted).toMatchObject({ author: { id: bruno }, hashtags: ["votrejob"], country: "FR" });

    const status = source.status();
    expect(status).toMatchObject({ name: "bluesky", state: "connected", posts: 5, reconnects: 2, errors: 3 });
    expect(status.lastError).toContain("503");
    expect(status.lastPostAt).toBeDefined();
    expect(status.detail).toContain(`last time_us ${T + 11 * SECOND_US}`);

    await source.stop();
    expect(source.status().state).toBe("stopped");
    const seen = fake.connections.length;
    await pastBackoffThenProbe(fake, url, 20);
    expect(fake.connections.slice(seen)).toEqual([PROBE_CONNECTION]);
  });

  it("follows the campaigns' hashtags on the open connection, without reconnecting", async () => {
    const { fake, url } = await startFake();
    let socket: WebSocket | undefined;
    fake.onConnection = (ws) => (socket = ws);
    const handed: string[] = [];
    const sink: IngestSink = {
      async ingest(items: unknown[]): Promise<IngestResult> {
        for (const item of items) handed.push((item as Post).text);
        return { accepted: items.length, duplicates: 0, deleted: 0, ignored: 0, rejected: [] };
      },
    };
    const jobs: Campaign = { ...builtInCampaign, id: "jobs", hashtags: [{ tag: "VotreJob", country: "FR" }] };
    const terms = new ChangingTerms(jobs);
    const source = startSource(new BlueskySource({ url, appviewUrl: "", terms, batchMs: 5 }), sink);
    await waitFor(() => socket !== undefined, 5_000, "the connection");
    const send = (rkey: string, text: string, at: number) => socket?.send(JSON.stringify(post("did:plc:ann", rkey, T + at * SECOND_US, text)));

    send("a1", "Au Salon #SalonAgri", 1);
    send("a2", "On recrute #VotreJob", 2);
    await waitFor(() => handed.length === 1, 5_000, "the #VotreJob post");
    // A second campaign brings #SalonAgri; the first one drops #VotreJob.
    terms.set({ ...jobs, hashtags: [] }, { ...jobs, id: "salon", hashtags: [{ tag: "SalonAgri", country: "FR" }] });
    send("a3", "Encore le Salon #SalonAgri", 3);
    send("a4", "Toujours #VotreJob", 4);
    send("a5", "La fin #SalonAgri", 5);
    await waitFor(() => handed.length === 3, 5_000, "the #SalonAgri posts");
    expect(handed).toEqual(["On recrute #VotreJob", "Encore le Salon #SalonAgri", "La fin #SalonAgri"]);
    expect(source.status().detail).toMatch(/^last time_us \d+; skipped 2 event\(s\) that no campaign needs;/);
    // One connection all along, subscribed to the same collections: Jetstream cannot filter by hashtag.
    expect(fake.connections).toHaveLength(1);
    expect(source.status()).toMatchObject({ state: "connected", reconnects: 0 });
  });

  it("keeps a batch the store refused and retries it, one ingest call at a time", async () => {
    const { fake, url } = await startFake();
    const { store, ingest } = pipeline();
    let calls = 0;
    let active = 0;
    let maxActive = 0;
    const handed: number[] = [];
    /** What the source's status said was waiting, at each call. */
    const waiting: (number | undefined)[] = [];
    const flaky: IngestSink = {
      async ingest(items: unknown[], source: string, options?: IngestOptions): Promise<IngestResult> {
        expect(source).toBe("bluesky");
        expect(options).toEqual({ campaignOnly: true });
        calls += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        try {
          handed.push(items.length);
          waiting.push(bluesky.status().waiting);
          if (calls === 1) {
            // Two more posts arrive while the first call is in flight, whatever the machine's timing.
            socket?.send(JSON.stringify(post("did:plc:eve", "e2", T + 2 * SECOND_US, "Nog een #JouwBaan")));
            socket?.send(JSON.stringify(post("did:plc:eve", "e3", T + 3 * SECOND_US, "Off topic")));
          }
          await new Promise((r) => setTimeout(r, 30));
          if (calls === 1) throw new StoreUnavailableError("store unreachable (test)");
          return await ingest.ingest(items, source, options);
        } finally {
          active -= 1;
        }
      },
    };
    let socket: { send(data: string): void } | undefined;
    fake.onConnection = (ws) => {
      socket = ws;
      ws.send(JSON.stringify(post("did:plc:eve", "e1", T + SECOND_US, "Vacature #JouwBaan")));
    };
    const bluesky = new BlueskySource({ url, terms: fixedTerms(builtInCampaign), batchMs: 5, ingestRetryMs: 20 });
    const source = startSource(bluesky, flaky);

    // Both posts stored, the off-topic one (the last event sent, at T + 3 s) read, and nothing left to deliver.
    await waitFor(
      async () =>
        (await store.snapshot()).snapshot.totals.posts === 2 &&
        source.status().detail?.includes(`last time_us ${T + 3 * SECOND_US};`) === true &&
        source.status().waiting === 0 &&
        active === 0,
      10_000,
      "both posts",
    );
    expect((await store.snapshot()).snapshot.totals.posts).toBe(2);
    expect((await store.snapshot()).snapshot.byCountry).toEqual({ NL: 2 });
    expect(maxActive).toBe(1);
    expect(handed[0]).toBe(1);
    // The refused post came back in a later call, with the one that arrived meanwhile; the off-topic one never did.
    expect(handed.slice(1).reduce((a, b) => a + b, 0)).toBe(2);
    // The status counted the refused post as waiting while it was in the sink's hands and again at its retry.
    expect(waiting[0]).toBe(1);
    expect(waiting[1]).toBeGreaterThanOrEqual(1);
    expect(source.status()).toMatchObject({ posts: 2, errors: 1, lastError: "store unreachable (test)", waiting: 0 });
  });

  it("pings a silent server and reconnects when nothing comes back", async () => {
    const { fake, url } = await startFake({ autoPong: false });
    const { ingest } = pipeline();
    const source = startSource(
      new BlueskySource({ url, terms: fixedTerms(builtInCampaign), idleTimeoutMs: 40, backoff: () => 10 }),
      ingest,
    );
    let pings = 0;
    fake.onConnection = (ws) => ws.on("ping", () => (pings += 1));
    await waitFor(() => fake.connections.length >= 2, 10_000, "a second connection");
    expect(pings).toBeGreaterThan(0);
    expect(source.status().lastError).toMatch(/no data from Jetstream/);
    // No event was seen yet, so the resume has no cursor: it tails live.
    expect(fake.connections[1]?.cursor).toBeNull();
  });

  it("stops while a connection is refused over and over, and settles", async () => {
    const { fake, url } = await startFake();
    fake.onConnection = (ws) => ws.terminate();
    const { ingest } = pipeline();
    const source = startSource(new BlueskySource({ url, terms: fixedTerms(builtInCampaign), backoff: () => 5 }), ingest);
    await waitFor(() => (source.status().reconnects ?? 0) >= 3, 10_000, "a few reconnects");
    await source.stop();
    // An attempt already on the wire when stop() ran may still reach the server; after that, none may follow.
    await probe(url);
    const seen = fake.connections.length;
    await pastBackoffThenProbe(fake, url, 5);
    expect(fake.connections.slice(seen)).toEqual([PROBE_CONNECTION]);
    expect(source.status().state).toBe("stopped");
  });
});

describe("BlueskySource with a local AppView resolving authors", () => {
  async function startAppView(): Promise<{ appview: FakeAppView; appviewUrl: string }> {
    const appview = new FakeAppView();
    const appviewUrl = await appview.listen();
    cleanup.push(() => appview.close());
    return { appview, appviewUrl };
  }

  /** A logger that counts warnings. */
  function warnings(): { logger: SourceLogger; lines: string[] } {
    const lines: string[] = [];
    return { lines, logger: { debug: () => {}, info: () => {}, warn: (_obj, msg) => lines.push(msg ?? ""), error: () => {} } };
  }

  it("stores posts and reposts with the author's handle and display name, and attributes organizations by handle", async () => {
    const { fake, url } = await startFake();
    const { appview, appviewUrl } = await startAppView();
    const { store, ingest } = pipeline();
    const axa = "did:plc:axarecrute";
    const fan = "did:plc:fan";
    appview.add(axa, "axa-recrute.bsky.social", "AXA Recrute");
    appview.add(fan, "fan.bsky.social"); // no display name
    fake.onConnection = (ws) => {
      ws.send(JSON.stringify(post(axa, "x1", T + SECOND_US, "On recrute #VotreJob")));
      // A later batch, once the first is stored whatever the machine's speed: the repost's author is looked up,
      // Axa's handle comes from the cache.
      void waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 1, 10_000, "the first post").then(() =>
        ws.send(JSON.stringify(repost(fan, "r1", T + 2 * SECOND_US, uri(axa, "x1")))),
      );
    };
    const source = startSource(new BlueskySource({ url, appviewUrl, terms: fixedTerms(builtInCampaign), batchMs: 10 }), ingest);

    await waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 2, 10_000, "both posts");
    const { snapshot } = await store.snapshot();
    const original = snapshot.recent.find((p) => p.id === uri(axa, "x1"));
    expect(original?.author).toEqual({ id: axa, handle: "axa-recrute.bsky.social", name: "AXA Recrute" });
    expect(original?.orgId).toBe("axa");
    const reposted = snapshot.recent.find((p) => p.kind === "retweet");
    expect(reposted?.author).toEqual({ id: fan, handle: "fan.bsky.social" });
    expect(snapshot.byOrganization).toMatchObject({ axa: 1 });
    expect(appview.requests).toEqual([[axa], [fan]]);
    expect(source.status().detail).toContain("handle lookups: 2 resolved, 0 unresolved");
  });

  it("looks a batch's authors up 25 at a time, once each", async () => {
    const { fake, url } = await startFake();
    const { appview, appviewUrl } = await startAppView();
    const { store, ingest } = pipeline();
    const authors = Array.from({ length: 30 }, (_, i) => `did:plc:author${i}`);
    for (const did of authors) appview.add(did, `${did.slice(8)}.bsky.social`);
    fake.onConnection = (ws) => {
      // Two posts per author, in one batch, then a third round in a later one.
      authors.forEach((did, i) => ws.send(JSON.stringify(post(did, "p1", T + i, "Un #VotreJob"))));
      authors.forEach((did, i) => ws.send(JSON.stringify(post(did, "p2", T + 100 + i, "Deux #VotreJob"))));
      void waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 60, 10_000, "the first 60 posts").then(() =>
        authors.forEach((did, i) => ws.send(JSON.stringify(post(did, "p3", T + 200 + i, "Trois #VotreJob")))),
      );
    };
    startSource(new BlueskySource({ url, appviewUrl, terms: fixedTerms(builtInCampaign), batchMs: 30 }), ingest);

    await waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 90, 10_000, "90 posts");
    expect(appview.requests.every((actors) => actors.length <= 25)).toBe(true);
    expect(appview.asked().sort()).toEqual([...authors].sort());
    expect(appview.requests).toHaveLength(2);
    const { snapshot } = await store.snapshot();
    expect(snapshot.recent.every((p) => p.author.handle === `${p.author.id.slice(8)}.bsky.social`)).toBe(true);
  });

  it.each<AppViewMode | "down">(["error-500", "garbage", "not-json", "slow", "down"])(
    "lets posts through with the DID, soon, when the AppView is %s, and says so once",
    async (mode) => {
      const { fake, url } = await startFake();
      const { appview, appviewUrl: liveUrl } = await startAppView();
      const appviewUrl = mode === "down" ? await deadAppViewUrl() : liveUrl;
      if (mode !== "down") appview.mode = mode;
      appview.add("did:plc:gus", "gus.bsky.social", "Gus");
      const { store, ingest } = pipeline();
      const { logger, lines } = warnings();
      fake.onConnection = (ws) => {
        ws.send(JSON.stringify(post("did:plc:gus", "g1", T + SECOND_US, "Vacature #JouwBaan")));
        // Hal's post comes once the first lookup has failed, so it is another batch whatever the machine's speed.
        void waitFor(() => lines.some((line) => line.includes("profile lookup failed")), 3_000, "the first lookup to fail").then(() =>
          ws.send(JSON.stringify(post("did:plc:hal", "h1", T + 2 * SECOND_US, "Nog een #JouwBaan"))),
        );
      };
      const started = Date.now();
      const source = startSource(
        new BlueskySource({ url, appviewUrl, terms: fixedTerms(builtInCampaign), batchMs: 10, logger, profileLookup: { timeoutMs: 200 } }),
        ingest,
      );

      await waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 2, 3_000, "both posts");
      // One lookup timeout at most, not one per post.
      expect(Date.now() - started).toBeLessThan(1_500);
      const { snapshot } = await store.snapshot();
      expect(snapshot.recent.map((p) => p.author).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: "did:plc:gus", handle: "did:plc:gus" },
        { id: "did:plc:hal", handle: "did:plc:hal" },
      ]);
      // The failure is remembered: the second batch did not ask again.
      expect(appview.requests.length).toBeLessThanOrEqual(1);
      expect(lines.filter((line) => line.includes("profile lookup failed"))).toHaveLength(1);
      expect(source.status()).toMatchObject({ posts: 2, errors: 0 });
      expect(source.status().detail).toMatch(/AppView lookups failing since .* posts keep the DID as handle/);
    },
  );

  it("makes no lookup with an empty AppView URL", async () => {
    const { fake, url } = await startFake();
    const { appview } = await startAppView();
    const { store, ingest } = pipeline();
    fake.onConnection = (ws) => ws.send(JSON.stringify(post("did:plc:ivy", "i1", T, "Bonjour #VotreJob")));
    const source = startSource(new BlueskySource({ url, appviewUrl: "", terms: fixedTerms(builtInCampaign), batchMs: 5 }), ingest);
    await waitFor(async () => (await store.snapshot()).snapshot.totals.posts === 1, 10_000, "the post");
    expect((await store.snapshot()).snapshot.recent[0]?.author).toEqual({ id: "did:plc:ivy", handle: "did:plc:ivy" });
    expect(appview.requests).toHaveLength(0);
    expect(source.status().detail).toContain("handles not resolved");
  });
});
