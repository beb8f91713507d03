/**
 * The server as operators run it: `node apps/server/dist/index.js` as separate processes, configured only by
 * environment variables, as `npm start` does after its build.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { poll } from "@pulse/testkit/wait";
import { LiveClient } from "./faults/support/live-client.js";
import { snapshotOf } from "./support/snapshot.js";
import { startServerProcess as startServer, stopServerProcesses } from "./faults/support/server-process.js";

afterEach(async () => {
  await stopServerProcesses();
});

describe("npm start's defaults: embedded store and simulator", () => {
  it("serves the dashboard and its numbers move within 10 seconds, with no Redis configured", async () => {
    const server = await startServer({});
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", store: "memory", sources: [{ name: "simulator" }] });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const first = (await snapshotOf(server.url)).totals.posts;
    const later = await poll(() => snapshotOf(server.url), (s) => s.totals.posts > first, 10_000, "the simulator's posts");
    expect(later.totals.posts).toBeGreaterThan(first);
  });

  it("refuses a bad variable with a one-line error that names it", async () => {
    await expect(startServer({ SIM_SPEED: "fast" })).rejects.toThrow(/invalid SIM_SPEED="fast"/);
    await expect(startServer({ REDIS_URL: "localhost:6379" })).rejects.toThrow(/invalid REDIS_URL/);
  });
});

describe("two server processes on one Redis", () => {
  const redisUrl = inject("redisUrl");
  const token = randomUUID();
  const prefix = `pulse-e2e:${token}:`;

  afterAll(async () => {
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  it("gives equal snapshots, relays a post from one to a client of the other, and loses no count on restart", async () => {
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, SOURCE: "none", INGEST_TOKEN: token, TICK_MS: "50" };
    const a = await startServer(env);
    let b = await startServer(env);
    const start = (await snapshotOf(a.url)).totals.posts;
    expect(start).toBe(0);

    const client = new LiveClient({ urls: [b.url] });
    try {
      await client.ready();
      const posts = Array.from({ length: 40 }, (_, i) => ({
        network: "other",
        id: `${token}-${i}`,
        createdAt: "2015-02-24T12:00:00Z",
        text: "Nous recrutons #VotreJob",
        author: { id: `${token}-author-${i % 7}`, handle: `p${i}` },
        hashtags: ["VotreJob"],
      }));
      const res = await fetch(`${a.url}/api/ingest`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(posts),
      });
      expect(await res.json()).toMatchObject({ accepted: 40, duplicates: 0 });
      await poll(() => client.state, (s) => s?.totals.posts === start + 40, 5_000, "node B's client to see 40 more posts");

      // Each node's mirror moves on its own tick, so node A may still be one tick behind B's client: wait for it,
      // then the two must agree in every figure.
      const snapA = await poll(() => snapshotOf(a.url), (s) => s.totals.posts === start + 40, 5_000, "node A to show 40 more posts");
      const snapB = await snapshotOf(b.url);
      for (const field of ["totals", "byCountry", "byOrganization", "timeline"] as const) expect(snapA[field]).toEqual(snapB[field]);

      await b.stop();
      b = await startServer(env);
      const restarted = await snapshotOf(b.url);
      expect(restarted.totals).toEqual(snapA.totals);
      expect(restarted.timeline).toEqual(snapA.timeline);
    } finally {
      client.close();
    }
  });
});
