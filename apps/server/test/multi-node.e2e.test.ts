import request from "supertest";
import { describe, expect, inject, it } from "vitest";
import { LiveClient, makePost, useTwoNodesOnRedis, waitFor, type RunningPulse } from "./support/start-pulse.js";

const TOKEN = "multi-node-token";

describe("two nodes on one Redis", () => {
  const redisUrl = inject("redisUrl");
  let a: RunningPulse;
  let b: RunningPulse;
  const { restart } = useTwoNodesOnRedis(redisUrl, { INGEST_TOKEN: TOKEN }, (nodeA, nodeB) => ([a, b] = [nodeA, nodeB]));

  it("relays a post ingested on one node to a client of the other, with equal snapshots", async () => {
    const client = new LiveClient({ urls: [b.url] });
    try {
      await client.ready();
      const posts = Array.from({ length: 25 }, () => makePost());
      const res = await request(a.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(posts);
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(25);
      // The same batch on the other node is all duplicates.
      const again = await request(b.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send(posts);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 25 });

      await waitFor(() => client.state?.totals.posts === 25, 5_000, "25 posts on a client of node B");
      expect(client.state?.recent.map((p) => p.id)).toContain(posts[24]?.id);
      await waitFor(() => a.pulse.relay.snapshot().totals.posts === 25, 5_000, "node A to catch up");
      const snapA = (await request(a.url).get("/api/snapshot")).body;
      const snapB = (await request(b.url).get("/api/snapshot")).body;
      for (const field of ["totals", "byCountry", "byOrganization", "timeline"]) expect(snapA[field]).toEqual(snapB[field]);
      expect((await request(a.url).get("/healthz")).body).toMatchObject({ status: "ok", store: "redis" });
    } finally {
      client.close();
    }
  });

  it("loses no count when a node restarts", async () => {
    const before = (await request(b.url).get("/api/snapshot")).body.totals.posts;
    a = await restart(a);
    const fresh = new LiveClient({ urls: [a.url] });
    try {
      const snapshot = await fresh.ready();
      expect(snapshot.totals.posts).toBe(before);
      const res = await request(a.url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`).send([makePost()]);
      expect(res.body.accepted).toBe(1);
      await waitFor(() => fresh.state?.totals.posts === before + 1, 5_000, "the new post on the restarted node");
      await waitFor(() => b.pulse.relay.snapshot().totals.posts === before + 1, 5_000, "the new post on node B");
    } finally {
      fresh.close();
    }
  });
});
