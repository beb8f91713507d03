import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestResult } from "@pulse/shared";
import { MAX_INGEST_ITEMS } from "../src/ingest/parse-body.js";
import { LiveClient, makePost, startPulse, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "test-ingest-token";

describe("HTTP ingest to Socket.IO clients (memory store)", () => {
  let node: RunningPulse;

  beforeAll(async () => {
    node = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_MAX_BYTES: "20000" });
  });
  afterAll(async () => {
    await node.close();
  });

  it("sends a snapshot on connect, then deltas with consecutive seq whose sum is exact", async () => {
    const client = new LiveClient(node.url);
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
    const client = new LiveClient(node.url);
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
    await new Promise((r) => setTimeout(r, 100));
    const after = (await request(node.url).get("/api/snapshot")).body;
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

  it("serves health, campaign and metrics", async () => {
    const health = await request(node.url).get("/healthz");
    expect(health.body).toEqual({ status: "ok", store: "memory", sources: [] });
    const campaign = await request(node.url).get("/api/campaign");
    expect(campaign.body.id).toBe("european-jobs-day-2015");
    const metrics = await request(node.url).get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/pulse_ingest_items_total\{source="http",outcome="accepted"\}/);
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
  beforeAll(async () => {
    // The default INGEST_MAX_BYTES (5 MB), so the item count, not the size, is what refuses.
    big = await startPulse({ INGEST_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await big.close();
  });

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
