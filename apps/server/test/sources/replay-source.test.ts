import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { builtInCampaign, createCampaignIndex } from "@pulse/shared";
import { IngestService } from "../../src/ingest/ingest-service.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { ReplaySource } from "../../src/sources/replay-source.js";
import { makePost, startPulse, waitFor } from "../support/start-pulse.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = Date.parse("2015-02-24T09:00:00Z");

/** An archive of mixed formats: normalized posts 60 s apart, an X v2 message, a broken line and a delete. */
function writeArchive(name: string): { file: string; ids: string[] } {
  const posts = Array.from({ length: 6 }, (_, i) =>
    makePost({ id: `${name}-${i}`, createdAt: new Date(BASE + i * 60_000).toISOString() }),
  );
  const xMessage = {
    data: {
      id: `${name}-x1`,
      text: "Nous recrutons #VotreJob",
      author_id: "42",
      created_at: new Date(BASE + 6 * 60_000).toISOString(),
      edit_history_tweet_ids: [`${name}-x1`],
      entities: { hashtags: [{ start: 14, end: 23, tag: "VotreJob" }] },
    },
    includes: { users: [{ id: "42", username: "recruteur", name: "Recruteur" }] },
  };
  const lines = [
    ...posts.slice(0, 3).map((p) => JSON.stringify(p)),
    "{this is not json",
    "",
    ...posts.slice(3).map((p) => JSON.stringify(p)),
    JSON.stringify(xMessage),
    JSON.stringify({ delete: { status: { id: 999, id_str: "999", user_id: 1, user_id_str: "1" } } }),
  ];
  const file = path.join(dir, `${name}.ndjson`);
  writeFileSync(file, lines.join("\n") + "\n");
  return { file, ids: [...posts.map((p) => p.id), `${name}-x1`] };
}

describe("SOURCE=replay:<file>", () => {
  it("starts at once, spaces posts by createdAt / speed, counts them exactly and reports the broken line", async () => {
    const { file } = writeArchive("a");
    const store = new MemoryStore(builtInCampaign.id);
    await store.start();
    const ingest = new IngestService({ store, index: createCampaignIndex(builtInCampaign) });
    // When each item reached the sink, with the time it was created: a busy machine may hand several due items over
    // in one batch, but none may come before its time.
    const arrivals: { at: number; createdAt: number | undefined }[] = [];
    const sink = {
      ingest: async (items: unknown[], source: string) => {
        const at = performance.now();
        for (const item of items as { createdAt?: string; data?: { created_at?: string } }[]) {
          const createdAt = item.createdAt ?? item.data?.created_at;
          arrivals.push({ at, createdAt: createdAt === undefined ? undefined : Date.parse(createdAt) });
        }
        return ingest.ingest(items, source);
      },
    };
    // 6 minutes of archive at 1,800× is 200 ms.
    const source = new ReplaySource({ file, speed: 1800 });
    const started = performance.now();
    source.start(sink);
    await waitFor(() => source.status().state === "finished", 5_000, "the replay to finish");
    expect(arrivals[0]!.at - started).toBeLessThan(150);
    expect(arrivals.at(-1)!.at - started).toBeGreaterThanOrEqual(195);
    // Spaced by createdAt / speed: each post comes no earlier than its minute of the archive, 33 ms apart at 1,800×
    // (1 ms of slack for timer rounding).
    const early = arrivals.filter((a) => a.createdAt !== undefined && a.at - started < (a.createdAt - BASE) / 1800 - 1);
    expect(early).toEqual([]);
    expect(arrivals.filter((a) => a.createdAt !== undefined)).toHaveLength(7);
    const { snapshot } = await store.snapshot();
    expect(snapshot.totals.posts).toBe(7);
    expect(snapshot.byCountry.FR).toBe(7);
    const status = source.status();
    expect(status).toMatchObject({ name: `replay:${file}`, state: "finished", posts: 7, errors: 1 });
    expect(status.lastError).toMatch(/line 4: line is not valid JSON/);
    // The replayed clock stands still once the file is played, about where its last post was.
    const clock = source.clock();
    expect(clock).toMatchObject({ speed: 0, simulated: true });
    expect(Math.abs(clock!.now - (BASE + 6 * 60_000))).toBeLessThan(60_000);
    await source.stop();
    await store.close();
  });

  it("retries a batch the store could not take, so nothing is lost", async () => {
    const { file } = writeArchive("b");
    const store = new MemoryStore(builtInCampaign.id);
    await store.start();
    const ingest = new IngestService({ store, index: createCampaignIndex(builtInCampaign) });
    let failures = 2;
    const sink = {
      ingest: async (items: unknown[], source: string) => {
        if (failures-- > 0) throw new Error("store unavailable");
        return ingest.ingest(items, source);
      },
    };
    const source = new ReplaySource({ file, speed: 100_000, retryMs: 10 });
    source.start(sink);
    await waitFor(() => source.status().state === "finished", 5_000, "the replay to finish");
    expect((await store.snapshot()).snapshot.totals.posts).toBe(7);
    expect(source.status().errors).toBeGreaterThanOrEqual(3);
  });

  it("can be stopped midway", async () => {
    const { file } = writeArchive("c");
    const store = new MemoryStore(builtInCampaign.id);
    await store.start();
    const ingest = new IngestService({ store, index: createCampaignIndex(builtInCampaign) });
    const source = new ReplaySource({ file, speed: 1 });
    source.start(ingest);
    await waitFor(() => source.status().posts >= 1, 2_000, "the first post");
    await source.stop();
    expect(source.status().state).toBe("stopped");
    expect((await store.snapshot()).snapshot.totals.posts).toBeLessThan(7);
  });

  it("runs from the environment: SOURCE=replay:<file> on a node", async () => {
    const { file } = writeArchive("d");
    const node = await startPulse({ SOURCE: `replay:${file}`, SIM_SPEED: "100000" });
    try {
      await waitFor(() => node.pulse.relay.snapshot().totals.posts === 7, 5_000, "7 replayed posts");
      const health = await request(node.url).get("/healthz");
      expect(health.body.sources[0]).toMatchObject({ name: `replay:${file}`, state: "finished", posts: 7 });
    } finally {
      await node.close();
    }
  });
});

describe("npm run replay", () => {
  it("replays an archive into a running node over HTTP and shows its progress", async () => {
    const { file } = writeArchive("e");
    const node = await startPulse({ INGEST_TOKEN: "replay-ingest-token" });
    try {
      const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/cli/replay-cli.ts");
      const child = spawn(process.execPath, ["--import", "tsx", cli, file, "--speed", "100000", "--to", node.url, "--token", "replay-ingest-token"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code, err).toBe(0);
      expect(out).toMatch(/accepted 7 · duplicates 0 · deleted 1/);
      expect(out).toMatch(/100%/);
      expect(out).toMatch(/done/);
      expect(err).toMatch(/line 4: line is not valid JSON/);
      await waitFor(() => node.pulse.relay.snapshot().totals.posts === 7, 5_000, "7 posts on the node");
    } finally {
      await node.close();
    }
  });
});
