/**
 * Property-based fuzzing of what the outside world sends, against a node in this process: `POST /api/ingest`
 * requests and Socket.IO input, from `@pulse/testkit/fuzz-inputs` (the out-of-process run in
 * apps/e2e/test/fuzz draws the same). In process, the test can look at the server's own `Object.prototype` after the
 * run. Ids range freely here, so posts keep being accepted; the memory bound lives in the out-of-process test, and
 * so does the one on items over the limits of one item (this file checks that each of them is refused by name).
 * `npm test` runs a seeded sample; `FUZZ_RUNS=100000 npx vitest run test/fuzz` runs the long one.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "@pulse/shared";
import { ingestAnswerProblem, sendIngest, SocketFuzzer } from "@pulse/testkit/fuzz-client";
import { encodeJson, ingestRequestArbitrary, OVERSIZED_CASES, oversizedFor, oversizedItem, socketInputArbitrary } from "@pulse/testkit/fuzz-inputs";
import { startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";

const TOKEN = "fuzz-ingest-token";
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20150224);
/** Small, so that bodies around the limit stay quick to send in process. */
const MAX_BYTES = 200_000;
/** Time for the whole property: a few ms a run here, with room to spare. */
const TIMEOUT_MS = Math.max(30_000, RUNS * 20);

/** No key the fuzz inputs use as a prototype payload may show up on a plain object of this process. */
function expectNoPollution(): void {
  for (const key of ["polluted", "isAdmin", "network", "country", "id"]) {
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, key), `Object.prototype.${key}`).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(Array.prototype, key), `Array.prototype.${key}`).toBe(false);
  }
}

describe("fuzzing POST /api/ingest in process", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    // The fuzzer sends thousands of requests a minute from one address: no rate limit (it has tests of its own).
    node = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_MAX_BYTES: String(MAX_BYTES), INGEST_RATE_LIMIT: "0" });
  });
  afterAll(async () => {
    await node.close();
  });

  it(`answers every request as the contract says and keeps its counts consistent (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(ingestRequestArbitrary({ maxBytes: MAX_BYTES }), async (request) => {
        const answer = await sendIngest(node.url, TOKEN, request);
        expect(ingestAnswerProblem(request, answer)).toBeUndefined();
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expectNoPollution();
    await waitFor(() => node.pulse.relay.idle(), 5_000, "the relay to settle");
    const snap = (await (await fetch(`${node.url}/api/snapshot`)).json()) as Snapshot;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(snap.totals.posts).toBeGreaterThan(0);
    expect(sum(Object.values(snap.byCountry))).toBe(snap.totals.posts);
    expect(sum(snap.timeline.map((p) => p.posts))).toBe(snap.totals.posts);
    expect(((await (await fetch(`${node.url}/healthz`)).json()) as { status: string }).status).toBe("ok");
  }, TIMEOUT_MS);
});

describe("items over the limits of one item, in process", () => {
  it("rejects a huge string or a long list in any field of any format, naming the field, and counts nothing", async () => {
    const node = await startPulse({ INGEST_TOKEN: TOKEN, INGEST_MAX_BYTES: String(MAX_BYTES), INGEST_RATE_LIMIT: "0" });
    try {
      // As big as a body of MAX_BYTES takes: 160 KB strings, 6,666-entry lists; far over every limit still.
      const size = oversizedFor(MAX_BYTES);
      for (const [n, oversized] of OVERSIZED_CASES.entries()) {
        const request = {
          label: `${oversized.format} ${oversized.field}`,
          contentType: "application/json",
          auth: "valid" as const,
          body: encodeJson([oversizedItem(oversized, 2_000_000 + n, size)]),
          expected: [400],
        };
        const answer = await sendIngest(node.url, TOKEN, request);
        expect(ingestAnswerProblem(request, answer)).toBeUndefined();
        expect((answer.body as { rejected: { error: string }[] }).rejected[0]?.error, request.label).toMatch(
          new RegExp(`^over the limits of one item: ${oversized.field.replace(".", "\\.")}: (too long|\\d+ entries); expected `),
        );
      }
      expect(((await (await fetch(`${node.url}/api/snapshot`)).json()) as Snapshot).totals.posts).toBe(0);
    } finally {
      await node.close();
    }
  });
});

describe("fuzzing Socket.IO in process", () => {
  it(`ignores anything unexpected a client sends and keeps serving (${Math.ceil(RUNS / 3)} runs)`, async () => {
    const node = await startPulse({});
    const fuzzer = new SocketFuzzer(node.url, "european-jobs-day-2015");
    try {
      await fc.assert(
        fc.asyncProperty(socketInputArbitrary, async (input) => {
          expect((await fuzzer.send(input)).problem).toBeUndefined();
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED },
      );
      expectNoPollution();
    } finally {
      fuzzer.close();
      await node.close();
    }
  }, TIMEOUT_MS);
});
