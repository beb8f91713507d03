/**
 * Property-based fuzzing of what the outside world sends: `POST /api/ingest` bodies and Socket.IO events.
 * `npm test` runs a seeded sample; `FUZZ_RUNS=100000 npx vitest run test/fuzz` runs the long one.
 */
import fc from "fast-check";
import request from "supertest";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "@pulse/shared";
import { makePost, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";

const TOKEN = "fuzz-token";
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20150224);
/** Time for the whole property: about 2 ms a run here, with room to spare. */
const TIMEOUT_MS = Math.max(20_000, RUNS * 10);

/** JSON-ish values with the keys attackers like, and the shapes of real payloads half-filled. */
const hostileKey = fc.constantFrom("__proto__", "constructor", "prototype", "data", "includes", "network", "id", "author", "event", "payload", "did", "kind", "commit", "delete");
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ unit: "binary" })),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), tie("node"), { maxKeys: 5 }),
  ),
})).node;
const mutatedPost = fc.record({ field: fc.constantFrom("id", "network", "createdAt", "author", "hashtags", "kind", "country", "text"), replacement: value });

describe("fuzzing POST /api/ingest", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    node = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_MAX_BYTES: "200000" });
  });
  afterAll(async () => {
    await node.close();
  });

  it(`answers every body with 2xx or 4xx and keeps its counts consistent (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          value.map((v) => ({ type: "json" as const, body: JSON.stringify(v) })),
          fc.array(fc.oneof(value, mutatedPost.map(({ field, replacement }) => ({ ...makePost(), [field]: replacement }))), { maxLength: 8 }).map((items) => ({ type: "json" as const, body: JSON.stringify(items) })),
          fc.array(fc.oneof(fc.string(), value.map((v) => JSON.stringify(v))), { maxLength: 8 }).map((lines) => ({ type: "ndjson" as const, body: lines.join("\n") })),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ type: "json" as const, body: Buffer.from(bytes).toString("latin1") })),
          fc.integer({ min: 1, max: 2000 }).map((depth) => ({ type: "json" as const, body: "[".repeat(depth) + "]".repeat(depth) })),
        ),
        async ({ type, body }) => {
          const res = await request(node.url)
            .post("/api/ingest")
            .set("Authorization", `Bearer ${TOKEN}`)
            .set("Content-Type", type === "json" ? "application/json" : "application/x-ndjson")
            .send(body);
          expect(res.status === 202 || res.status === 400, `status ${res.status} for ${body.slice(0, 200)}`).toBe(true);
          expect(typeof res.body.accepted).toBe("number");
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // Nothing leaked onto shared prototypes, and the counts still add up.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    await waitFor(() => node.pulse.relay.idle(), 5_000, "the relay to settle");
    const snap = (await request(node.url).get("/api/snapshot")).body as Snapshot;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(Object.values(snap.byCountry))).toBe(snap.totals.posts);
    expect(sum(snap.timeline.map((p) => p.posts))).toBe(snap.totals.posts);
    expect((await request(node.url).get("/healthz")).body.status).toBe("ok");
  }, TIMEOUT_MS);

  it("takes prototype-pollution keys as plain data", async () => {
    const body = `[{"__proto__":{"polluted":true},"network":"other","id":"p1","createdAt":"2015-02-24T10:00:00Z","text":"x","author":{"id":"a","handle":"h","__proto__":{"polluted":true}},"hashtags":["votrejob"],"constructor":{"prototype":{"polluted":true}}}]`;
    const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).set("Content-Type", "application/json").send(body);
    expect([202, 400]).toContain(res.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("fuzzing Socket.IO events", () => {
  it(`ignores anything unexpected a client sends and keeps serving (${Math.ceil(RUNS / 3)} runs)`, async () => {
    const node = await startPulse({});
    const socket = connect(node.url, { transports: ["websocket"], forceNew: true, reconnection: false });
    const raw = socket as unknown as { emit: (...args: unknown[]) => void };
    try {
      await new Promise<void>((resolve) => socket.once("snapshot", () => resolve()));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom("resync", "delta", "snapshot", "hello", "__proto__", "constructor"), fc.array(value, { maxLength: 3 }), async (event, args) => {
          raw.emit(event, ...args);
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED },
      );
      // Still connected and still answering a proper resync.
      const snapshot = await new Promise<Snapshot>((resolve) => socket.timeout(5_000).emit("resync", (_err: Error | null, s: Snapshot) => resolve(s)));
      expect(snapshot.campaign).toBe("european-jobs-day-2015");
      expect(socket.connected).toBe(true);
    } finally {
      socket.disconnect();
      await node.close();
    }
  }, TIMEOUT_MS);
});
