import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as pace } from "node:timers/promises";
import { brotliCompressSync, gzipSync } from "node:zlib";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll } from "@pulse/testkit/wait";
import { builtInCampaign, createCampaignIndex, type IngestResult } from "@pulse/shared";
import { IngestService } from "../src/ingest/ingest-service.js";
import { MAX_INGEST_ITEMS } from "../src/ingest/parse-body.js";
import { ReplaySource } from "../src/sources/replay-source.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { LiveClient, makePost, startPulse, usePulse, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "test-ingest-token";

describe("HTTP ingest to Socket.IO clients (memory store)", () => {
  let node: RunningPulse;
  usePulse({ INGEST_TOKEN: TOKEN, INGEST_MAX_BYTES: "20000" }, (n) => (node = n));

  it("sends a snapshot on connect, then deltas with consecutive seq whose sum is exact", async () => {
    const client = new LiveClient({ urls: [node.url] });
    try {
      const first = await client.ready();
      const before = first.totals.posts;
      const posts = Array.from({ length: 30 }, (_, i) =>
        makePost({ kind: i % 3 === 0 ? "retweet" : "original", hashtags: i % 2 === 0 ? ["VotreJob"] : ["#YourJobUK"] }),
      );
      const batch = [...posts.slice(0, 20), posts[0], posts[1]];
      const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(batch);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: 20, duplicates: 2, deleted: 0, ignored: 0, rejected: [] } satisfies IngestResult);
      const ndjson = posts.slice(20).map((p) => JSON.stringify(p)).join("\n");
      const res2 = await request(node.url)
        .post("/api/ingest")
        .set("Authorization", `Bearer ${TOKEN}`)
        .set("Content-Type", "application/x-ndjson")
        .send(ndjson);
      expect(res2.status).toBe(202);
      expect(res2.body.accepted).toBe(10);

      await waitFor(() => client.state?.totals.posts === before + 30, 5_000, "30 more posts on the client");
      const seqs = [first.seq, ...client.deltas.map((d) => d.seq)];
      seqs.forEach((seq, i) => expect(seq).toBe(first.seq + i));
      const snap = (await request(node.url).get("/api/snapshot")).body;
      expect(client.state?.totals).toEqual(snap.totals);
      expect(client.state?.byCountry).toEqual(snap.byCountry);
      expect(client.state?.timeline).toEqual(snap.timeline);
      expect(snap.totals.retweets - first.totals.retweets).toBe(10);
      const sumCountries = Object.values(snap.byCountry as Record<string, number>).reduce((a, b) => a + b, 0);
      const sumTimeline = (snap.timeline as { posts: number }[]).reduce((a, p) => a + p.posts, 0);
      expect(sumCountries).toBe(snap.totals.posts);
      expect(sumTimeline).toBe(snap.totals.posts);
      expect(client.state?.recent[0]?.id).toBe(posts[29]?.id);
    } finally {
      client.close();
    }
  });

  it("answers resync with a fresh snapshot and ignores malformed client events", async () => {
    const client = new LiveClient({ urls: [node.url] });
    try {
      await client.ready();
      // Junk a client might send: no ack, a non-function ack, unknown events.
      (client.socket as unknown as { emit: (...a: unknown[]) => void }).emit("resync");
      (client.socket as unknown as { emit: (...a: unknown[]) => void }).emit("resync", { not: "a function" });
      (client.socket as unknown as { emit: (...a: unknown[]) => void }).emit("nonsense", "x".repeat(1000));
      const fresh = await client.resync();
      expect(fresh.campaign).toBe("european-jobs-day-2015");
      expect(fresh.totals).toEqual((await request(node.url).get("/api/snapshot")).body.totals);
      expect((await request(node.url).get("/healthz")).body.status).toBe("ok");
    } finally {
      client.close();
    }
  });

  it("attributes country and organization by the contract's rules", async () => {
    const campaign = (await request(node.url).get("/api/campaign")).body;
    const org = campaign.organizations.find((o: { handles: { x?: string } }) => o.handles.x);
    const posts = [
      makePost({ country: "BE", hashtags: ["votrejob"] }),
      makePost({ network: "x", author: { id: "org-1", handle: `@${String(org.handles.x).toUpperCase()}` }, hashtags: [] }),
      makePost({ hashtags: ["unrelated"] }),
    ];
    const before = (await request(node.url).get("/api/snapshot")).body;
    const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(posts);
    expect(res.status).toBe(202);
    const after = await poll(
      async () => (await request(node.url).get("/api/snapshot")).body,
      (snapshot) => snapshot.totals.posts === before.totals.posts + posts.length,
      5_000,
      "the three posts in the snapshot",
    );
    expect((after.byCountry.BE ?? 0) - (before.byCountry.BE ?? 0)).toBe(1);
    expect((after.byCountry[org.country] ?? 0) - (before.byCountry[org.country] ?? 0)).toBe(1);
    expect((after.byOrganization[org.id] ?? 0) - (before.byOrganization[org.id] ?? 0)).toBe(1);
    expect((after.byCountry.unknown ?? 0) - (before.byCountry.unknown ?? 0)).toBe(1);
  });

  it("refuses a missing or wrong token with 401 and WWW-Authenticate", async () => {
    const missing = await request(node.url).post("/api/ingest").send([makePost()]);
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(missing.body.error).toMatch(/bearer/i);
    const wrong = await request(node.url).post("/api/ingest").set("Authorization", "Bearer nope").send([makePost()]);
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("answers 400 naming the first problem when nothing is usable", async () => {
    const res = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .send([{ hello: "world" }, makePost({ createdAt: "yesterday" })]);
    expect(res.status).toBe(400);
    expect(res.body.accepted).toBe(0);
    expect(res.body.rejected).toHaveLength(2);
    expect(res.body.rejected[1].index).toBe(1);
    expect(res.body.error).toMatch(/expected/);
    const broken = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/json")
      .send("{not json");
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/not valid JSON.*expected/);
  });

  it("keeps line numbers in NDJSON, skipping blank lines and keep-alives", async () => {
    const good = makePost();
    const body = ["", "\r", JSON.stringify(good), "{broken", "\r", JSON.stringify({ what: 1 })].join("\n");
    const res = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/x-ndjson")
      .send(body);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([3, 5]);
  });

  it("answers 413 above INGEST_MAX_BYTES and 415 for other content types", async () => {
    const big = Array.from({ length: 200 }, () => makePost({ text: "x".repeat(200) }));
    const tooBig = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/INGEST_MAX_BYTES/);
    const wrongType = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "text/plain")
      .send("hello");
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error).toMatch(/application\/json/);
  });

  it("reads a compressed body, holding its decompressed size to INGEST_MAX_BYTES", async () => {
    // fetch, as supertest would send a Buffer with a JSON type as JSON.
    const post = async (body: Buffer, encoding: string) => {
      const res = await fetch(`${node.url}/api/ingest`, {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "content-encoding": encoding },
      });
      return { status: res.status, body: (await res.json()) as { accepted?: number; error?: string } };
    };
    const gzip = await post(gzipSync(JSON.stringify([makePost()])), "gzip");
    expect(gzip.status, JSON.stringify(gzip.body)).toBe(202);
    expect(gzip.body.accepted).toBe(1);
    expect((await post(brotliCompressSync(JSON.stringify([makePost()])), "br")).body.accepted).toBe(1);
    // 30 KB once inflated, from well under 1 KB on the wire.
    const bomb = await post(gzipSync(JSON.stringify([makePost({ text: " ".repeat(30_000) })])), "gzip");
    expect(bomb.status).toBe(413);
    const broken = await post(Buffer.from("not gzip at all"), "gzip");
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/could not read the body/);
    const unknown = await post(Buffer.from("[]"), "compress");
    expect(unknown.status).toBe(415);
    expect(unknown.body.error).toBe('unsupported Content-Encoding "compress": expected gzip, deflate, br or none');
  });

  it("serves health, campaign and metrics", async () => {
    const health = await request(node.url).get("/healthz");
    expect(health.body).toEqual({ status: "ok", store: "memory", sources: [] });
    const campaign = await request(node.url).get("/api/campaign");
    expect(campaign.body.id).toBe("european-jobs-day-2015");
    const metrics = await request(node.url).get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/pulse_ingest_items_total\{source="http",outcome="accepted",campaign="european-jobs-day-2015"\}/);
  });
});

describe("ingest switched off", () => {
  it("answers 403 when INGEST_TOKEN is unset", async () => {
    const node = await startPulse({});
    try {
      const res = await request(node.url).post("/api/ingest").set("Authorization", "Bearer x").send([makePost()]);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("ingest disabled: set INGEST_TOKEN");
    } finally {
      await node.close();
    }
  });
});

describe("POST /api/ingest with many items", () => {
  let big: RunningPulse;
  // The default INGEST_MAX_BYTES (5 MB), so the item count, not the size, is what refuses.
  usePulse({ INGEST_TOKEN: TOKEN }, (n) => (big = n));

  it("refuses a body of more than MAX_INGEST_ITEMS items whole with 413, in JSON and NDJSON, counting nothing", async () => {
    const before = (await request(big.url).get("/api/snapshot")).body.totals.posts;
    const json = await request(big.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/json")
      .send(`[${"0,".repeat(MAX_INGEST_ITEMS)}0]`);
    expect(json.status).toBe(413);
    expect(json.body.error).toBe(`too many items: ${MAX_INGEST_ITEMS + 1} in the body; expected at most ${MAX_INGEST_ITEMS} per request, so split the batch`);
    const lines = Array.from({ length: MAX_INGEST_ITEMS + 1 }, (_, i) => JSON.stringify(makePost({ id: `many-${i}` })));
    const ndjson = await request(big.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/x-ndjson")
      .send(`${lines.join("\n")}\n\n`);
    expect(ndjson.status).toBe(413);
    // Exactly at the limit is fine; blank lines do not count.
    const atLimit = await request(big.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/x-ndjson")
      .send(`${lines.slice(0, MAX_INGEST_ITEMS).join("\n")}\n\n\n`);
    expect(atLimit.status).toBe(202);
    expect(atLimit.body.accepted).toBe(MAX_INGEST_ITEMS);
    await expect.poll(async () => (await request(big.url).get("/api/snapshot")).body.totals.posts).toBe(before + MAX_INGEST_ITEMS);
  });
});

/** What a client that streams its body saw of the answer. */
interface StreamedAnswer {
  status: number;
  body: { error?: unknown } | undefined;
  connection: string | undefined;
  /** Bytes of the body the client had handed over when the answer came. */
  sentAtAnswer: number;
  /** The error the request ended with (EPIPE, ECONNRESET...), if any. */
  error?: string;
  /** Milliseconds from the start until the connection was closed (node:http only). */
  closedAfterMs?: number;
}

/** A body sent the way a slow client sends it: `CHUNK` bytes at a time, `PACE_MS` apart. */
const CHUNK = 64 * 1024;
const PACE_MS = 4;
const MB = 1024 * 1024;

/** How a refused upload goes out. */
interface Upload {
  url: string;
  token: string;
  contentType: string;
  bytes: number;
}

/**
 * How node:http sends: chunk by chunk minding backpressure, over a keep-alive agent (Node's default) or with
 * `Connection: close` (as curl, HTTP/1.0 proxies and many clients send), or the whole body handed over at once.
 */
type NodeHttpMode = "keep-alive" | "close" | "at once";

/** Sends a body with node:http as `mode` says. */
async function uploadWithNodeHttp({ url, token, contentType, bytes }: Upload, mode: NodeHttpMode): Promise<StreamedAnswer> {
  const started = Date.now();
  const agent = mode === "keep-alive" ? new http.Agent({ keepAlive: true }) : false;
  const req = http.request(`${url}/api/ingest`, {
    method: "POST",
    agent,
    headers: { "content-type": contentType, "content-length": bytes, authorization: `Bearer ${token}` },
  });
  let sent = 0;
  let error: string | undefined;
  req.on("error", (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
  // Not events.once: it would reject on the request's error, which is recorded above instead.
  const closed = new Promise<number>((resolve) => req.once("close", () => resolve(Date.now() - started)));
  const answer = new Promise<Omit<StreamedAnswer, "error" | "closedAfterMs">>((resolve) => {
    req.on("response", (res) => {
      const sentAtAnswer = sent;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), connection: res.headers.connection, sentAtAnswer }));
    });
  });
  if (mode === "at once") {
    sent = bytes;
    req.end(Buffer.alloc(bytes, "x"));
  }
  const chunk = Buffer.alloc(CHUNK, "x");
  while (sent < bytes && !req.destroyed) {
    const n = Math.min(CHUNK, bytes - sent);
    sent += n;
    if (!req.write(chunk.subarray(0, n))) await Promise.race([new Promise((resolve) => req.once("drain", resolve)), closed]);
    await pace(PACE_MS);
  }
  if (!req.destroyed) req.end();
  const closedAfterMs = await closed;
  if (agent) agent.destroy();
  const result = await Promise.race([answer, pace(1_000).then(() => undefined)]);
  if (!result) return { status: 0, body: undefined, connection: undefined, sentAtAnswer: sent, error: error ?? "no answer", closedAfterMs };
  return { ...result, error, closedAfterMs };
}

/** Streams a body with fetch (undici) from a ReadableStream, chunk by chunk, as `duplex: "half"` asks. */
async function uploadWithFetch({ url, token, contentType, bytes }: Upload): Promise<StreamedAnswer> {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= bytes) return controller.close();
      await pace(PACE_MS);
      const n = Math.min(CHUNK, bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x78));
    },
  });
  try {
    const res = await fetch(`${url}/api/ingest`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": contentType, authorization: `Bearer ${token}` },
    } as RequestInit);
    const sentAtAnswer = sent;
    return { status: res.status, body: (await res.json()) as { error?: unknown }, connection: res.headers.get("connection") ?? undefined, sentAtAnswer };
  } catch (err) {
    const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
    return { status: 0, body: undefined, connection: undefined, sentAtAnswer: sent, error: cause?.code ?? (err as Error).message };
  }
}

describe("a refused request is answered while its client is still sending the body", () => {
  // The default INGEST_MAX_BYTES (5 MB): 4 MB bodies are refused for their token, type or rate, not their size.
  let node: RunningPulse;
  let limited: RunningPulse;
  beforeAll(async () => {
    node = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_RATE_LIMIT: "0" });
    // One request per window: the first is let through, every later one is refused with 429.
    limited = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_RATE_LIMIT: "1" });
    expect((await request(limited.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()])).status).toBe(202);
  });
  afterAll(async () => {
    await Promise.all([node?.close(), limited?.close()]);
  });

  const cases: [number, () => Upload][] = [
    [401, () => ({ url: node.url, token: "wrong-token", contentType: "application/json", bytes: 4 * MB })],
    [415, () => ({ url: node.url, token: TOKEN, contentType: "text/plain", bytes: 4 * MB })],
    [429, () => ({ url: limited.url, token: TOKEN, contentType: "application/json", bytes: 4 * MB })],
    // Over the 5 MB limit: refused as soon as the Content-Length (node:http) or the bytes so far (fetch, chunked) say
    // so. 8 MB leaves the chunked upload 3 MB to go, more than loopback buffers take ahead of the server's reads.
    [413, () => ({ url: node.url, token: TOKEN, contentType: "application/json", bytes: 8 * MB })],
  ];

  /** The answer came whole, as JSON with an error, and (unless `atOnce`) before the client had sent all of its body. */
  function expectReadableRefusal(answer: StreamedAnswer, status: number, upload: Upload, atOnce = false): void {
    expect(answer.error, `the client saw ${answer.error} rather than ${status}`).toBeUndefined();
    expect(answer.status).toBe(status);
    expect(typeof answer.body?.error).toBe("string");
    if (!atOnce) expect(answer.sentAtAnswer, `answered after ${answer.sentAtAnswer} of ${upload.bytes} bytes`).toBeLessThan(upload.bytes);
  }

  it.each(cases)("%i, to node:http streaming with a keep-alive agent: answered before the end of the body, connection closed without waiting", async (status, upload) => {
    const answer = await uploadWithNodeHttp(upload(), "keep-alive");
    expectReadableRefusal(answer, status, upload());
    // Not left stalled on a connection the server no longer reads (it dropped those after its 5 s keep-alive timeout).
    expect(answer.closedAfterMs).toBeLessThan(3_000);
    // What tells the client to stop sending: the server reads and drops the rest, then closes.
    expect(answer.connection).toBe("close");
  });

  it.each(cases)("%i, to node:http streaming with Connection: close: answered before the end of the body", async (status, upload) => {
    const answer = await uploadWithNodeHttp(upload(), "close");
    expectReadableRefusal(answer, status, upload());
    expect(answer.closedAfterMs).toBeLessThan(3_000);
  });

  // The server used to close at once: the rest of the body met a closed socket, and the client got EPIPE.
  it.each(cases)("%i, to node:http handing the whole body over at once with Connection: close: answered, never EPIPE", async (status, upload) => {
    const answer = await uploadWithNodeHttp(upload(), "at once");
    expectReadableRefusal(answer, status, upload(), true);
    expect(answer.closedAfterMs).toBeLessThan(3_000);
  });

  it.each(cases)("%i, to fetch streaming a ReadableStream: answered while the stream is still being read", async (status, upload) => {
    const answer = await uploadWithFetch(upload());
    expectReadableRefusal(answer, status, upload());
    expect(answer.connection).toBe("close");
  });

  it("503 from a node shutting down, to node:http (streaming, and all at once) and fetch: answered, never EPIPE, and the node still stops", async () => {
    const stopping = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_RATE_LIMIT: "0" });
    // From here the node answers every request 503 (for a load balancer to retry elsewhere) until it closes.
    const closed = stopping.close();
    const upload = { url: stopping.url, token: TOKEN, contentType: "application/json", bytes: 4 * MB };
    const [streamed, atOnce, viaFetch] = await Promise.all([
      uploadWithNodeHttp(upload, "keep-alive"),
      uploadWithNodeHttp(upload, "at once"),
      uploadWithFetch(upload),
    ]);
    expectReadableRefusal(streamed, 503, upload);
    expectReadableRefusal(atOnce, 503, upload, true);
    expectReadableRefusal(viaFetch, 503, upload);
    await closed;
  });

  it("still counts nothing of a refused body, and serves the next request", async () => {
    const snap = (await request(node.url).get("/api/snapshot")).body;
    expect(snap.totals.posts).toBe(0);
    const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]);
    expect(res.status).toBe(202);
  });
});

describe("limits on one item", () => {
  let node: RunningPulse;
  usePulse({ INGEST_TOKEN: TOKEN, INGEST_RATE_LIMIT: "0" }, (n) => (node = n));

  it("rejects an item over a limit with its field and the limit, keeps the others whole, and shows none of it", async () => {
    const kept = makePost({ text: "é".repeat(25_000), author: { id: "a".repeat(256), handle: "h".repeat(256), name: "n".repeat(512) } });
    const res = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${TOKEN}`)
      .send([kept, makePost({ text: "x".repeat(1024 * 1024) }), makePost({ urls: [`https://example.org/${"p".repeat(2_100)}`] })]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 0,
      deleted: 0,
      ignored: 0,
      rejected: [
        { index: 1, error: "over the limits of one item: text: too long; expected at most 25000 characters" },
        { index: 2, error: "over the limits of one item: urls.0: too long; expected a URL of at most 2048 characters" },
      ],
    });
    const alone = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(makePost({ hashtags: Array.from({ length: 101 }, (_, i) => `t${i}`) }));
    expect(alone.status).toBe(400);
    expect(alone.body.error).toBe("item 0: over the limits of one item: hashtags: 101 entries; expected at most 100");
    await expect.poll(async () => (await request(node.url).get("/api/snapshot")).body.totals.posts).toBe(1);
    const snapshot = await request(node.url).get("/api/snapshot");
    expect(snapshot.body.recent[0].text).toBe(kept.text);
    expect(Buffer.byteLength(snapshot.text)).toBeLessThan(100_000);
  });

  it("holds a source to them too: a replayed post over a limit is not counted, and the replay says why", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pulse-limits-"));
    const store = new MemoryStore(builtInCampaign.id);
    try {
      const file = path.join(dir, "archive.ndjson");
      const posts = [makePost(), makePost({ author: { id: "u", handle: "u", name: "n".repeat(513) } }), makePost()];
      writeFileSync(file, posts.map((p) => JSON.stringify(p)).join("\n"));
      await store.start();
      const ingest = new IngestService({ store, index: createCampaignIndex(builtInCampaign) });
      const source = new ReplaySource({ file, speed: 1_000_000 });
      source.start(ingest);
      await waitFor(() => source.status().state === "finished", 5_000, "the replay to finish");
      expect((await store.snapshot()).snapshot.totals.posts).toBe(2);
      expect(source.status()).toMatchObject({ posts: 2, errors: 1 });
      expect(source.status().lastError).toMatch(/over the limits of one item: author\.name: too long; expected at most 512 characters/);
      await source.stop();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
