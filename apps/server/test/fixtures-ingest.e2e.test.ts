/**
 * The real payloads in ../shared/fixtures, posted to `POST /api/ingest` as a caller would: each file's counts
 * as its README gives them, and broken lines reported per item with a message that names the problem.
 */
import request from "supertest";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { readFixture } from "@pulse/testkit/fixtures";
import type { Snapshot } from "@pulse/shared";
import { usePulse, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "fixtures-ingest-token";

describe("ingesting the real fixtures over HTTP", () => {
  let node: RunningPulse;
  usePulse({ INGEST_TOKEN: TOKEN }, (n) => (node = n), { each: true });

  const ndjson = (body: string) =>
    request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).set("Content-Type", "application/x-ndjson").send(body);
  const json = (body: unknown) => request(node.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(body as object);
  /** The snapshot once the relay has sent out everything the store took in. */
  const snapshot = async (): Promise<Snapshot> => {
    const { rev } = await node.pulse.store.snapshot();
    await waitFor(() => node.pulse.relay.revision() >= rev && node.pulse.relay.idle(), 5_000, "the relay to catch up");
    return (await request(node.url).get("/api/snapshot")).body;
  };

  it("X API v2 stream: 7 posts (GB 2, US 4, MW 1) and the broken last line rejected by its index", async (ctx) => {
    const text = readFixture(ctx, "x-v2/streaming_output_with_error.jsonl");
    const lines = text.split("\n");
    const brokenIndex = lines.findIndex((l) => {
      try {
        if (l.trim()) JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    const res = await ndjson(text);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 7, duplicates: 0 });
    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].index).toBe(brokenIndex);
    expect(res.body.rejected[0].error).toMatch(/not valid JSON.*expected one JSON item a line/);
    const snap = await snapshot();
    expect(snap.byCountry).toEqual({ GB: 2, US: 4, MW: 1 });
    // The same file again is all duplicates.
    expect((await ndjson(text)).body).toMatchObject({ accepted: 0, duplicates: 7 });
  });

  it("X API v2 edit: the edit counts once, keyed on the first id, and the later text wins", async (ctx) => {
    const res = await ndjson(readFixture(ctx, "x-v2/edited.jsonl"));
    expect(res.status).toBe(202);
    const snap = await snapshot();
    const edited = snap.recent.filter((p) => p.id === "1576994746135764992");
    expect(edited).toHaveLength(1);
    expect(edited[0]?.version).toBe(1);
  });

  it("X API v1.1: 25 statuses, 3 retweets, countries CL 13, US 2 and 10 unknown", async (ctx) => {
    const res = await ndjson(readFixture(ctx, "x-v1.1/original_format_examples.json"));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 25, duplicates: 0, rejected: [] });
    const snap = await snapshot();
    expect(snap.totals).toMatchObject({ posts: 25, retweets: 3 });
    expect(snap.byCountry).toEqual({ CL: 13, US: 2, unknown: 10 });
  });

  it("X API v1.1: a status without its user is refused, naming the field", async (ctx) => {
    const res = await ndjson(readFixture(ctx, "x-v1.1/broken_original_format_missing_user.json"));
    expect(res.status).toBe(400);
    expect(res.body.rejected[0]).toMatchObject({ index: 0 });
    expect(res.body.error).toMatch(/user.*expected/);
  });

  it("Bluesky Jetstream: the reply and the repost count, the other events are understood and set aside", async (ctx) => {
    const res = await ndjson(readFixture(ctx, "bluesky-jetstream/golden_v1.jsonl"));
    expect(res.status).toBe(202);
    expect(res.body.rejected).toEqual([]);
    expect(res.body.accepted).toBe(2);
    expect(res.body.accepted + res.body.deleted + res.body.ignored).toBe(10);
    const snap = await snapshot();
    expect(snap.totals).toMatchObject({ posts: 2, replies: 1, retweets: 1 });
  });

  it("Mastodon: the hashtag timeline's statuses and the streamed update count once each", async (ctx) => {
    const timeline = parseYaml(readFixture(ctx, "mastodon/test_hashtag_tl.yaml")) as {
      interactions: { request: { uri: string }; response: { body: { string: string } } }[];
    };
    const statuses = timeline.interactions
      .filter((i) => i.request.uri.includes("/timelines/tag/"))
      .flatMap((i) => JSON.parse(i.response.body.string) as unknown[]);
    expect(statuses.length).toBeGreaterThan(0);
    const res = await json(statuses);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: statuses.length, rejected: [] });

    const stream = parseYaml(readFixture(ctx, "mastodon/test_stream_user_local.yaml")) as {
      interactions: { request: { uri: string }; response: { body: { string: string } } }[];
    };
    // The recorded SSE body: `event: update` then `data: {...}`, as the streaming API sends it.
    const events: { event: string; payload: string }[] = [];
    for (const interaction of stream.interactions) {
      if (!interaction.request.uri.includes("/streaming")) continue;
      let event = "";
      for (const line of interaction.response.body.string.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:") && event) events.push({ event, payload: line.slice(5).trim() });
      }
    }
    expect(events.length).toBeGreaterThan(0);
    const streamed = await json(events);
    expect(streamed.status).toBe(202);
    expect(streamed.body.rejected).toEqual([]);
    expect(streamed.body.accepted + streamed.body.duplicates + streamed.body.ignored).toBe(events.length);
  });
});
