import request from "supertest";
import { describe, expect, inject, it, vi } from "vitest";
import { LiveClient, makePost, useTwoNodesOnRedis, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, ingest, keys, postAction, STAFF_ENV, STAFF_TOKEN } from "./staff-support.js";

/** Long enough that "within a tick or two" is measurable, short enough for a quick test. */
const TICK_MS = 200;

describe("staff actions on two nodes sharing one Redis", () => {
  const redisUrl = inject("redisUrl");
  let a: RunningPulse;
  let b: RunningPulse;
  useTwoNodesOnRedis(redisUrl, { ...STAFF_ENV, TICK_MS: String(TICK_MS) }, (nodeA, nodeB) => ([a, b] = [nodeA, nodeB]));

  it("takes a post hidden on node A off a client of node B within a tick or two, counters unchanged", async () => {
    const client = new LiveClient({ urls: [b.url] });
    try {
      await client.ready();
      const [target, other] = [makePost(), makePost()];
      await ingest(a, [target!, other!]);
      await waitFor(() => keys([target!, other!]).every((k) => keys(client.state?.recent).includes(k)), 5_000, "both posts on B's client");
      const before = client.state?.totals;

      const started = Date.now();
      const hide = await asStaff(a).post(postAction(target!.network, target!.id, "hide"));
      expect(hide.body.outcome).toBe("changed");
      await waitFor(() => !keys(client.state?.recent).includes(keys([target!])[0] as string), 2 * TICK_MS + 1_000, "the hide on B's client");
      const elapsed = Date.now() - started;
      // One tick of B's relay, plus the round trips; two ticks at most with some slack for a busy machine.
      expect(elapsed).toBeLessThanOrEqual(2 * TICK_MS + 150);
      expect(client.state?.totals).toEqual(before);
      expect(keys((await request(b.url).get("/api/snapshot")).body.recent)).not.toContain(keys([target!])[0]);
    } finally {
      client.close();
    }
  });

  it("shares a session, the audit log, hires and the blocklist between nodes", async () => {
    const login = await request(a.url).post("/api/staff/login").send({ token: STAFF_TOKEN, name: "Node A" });
    const cookie = String(([] as string[]).concat(login.headers["set-cookie"] ?? [])[0]).split(";")[0] as string;
    // A session signed on A is valid on B: it is stateless, keyed from STAFF_TOKEN.
    expect((await request(b.url).get("/api/staff/session").set("Cookie", cookie)).body).toMatchObject({ via: "session", name: "Node A" });
    const audit = await asStaff(b).get("/api/moderation/audit?limit=1");
    expect(audit.body.entries[0]).toMatchObject({ actor: "staff:bearer", action: { type: "hide" } });

    await asStaff(a).put("/api/organizations/axa/hires").send({ hires: 9 });
    const board = await asStaff(b).get("/api/staff/organizations");
    expect(board.body.organizations.find((o: { id: string }) => o.id === "axa").hires).toBe(9);
    // The edit is in the shared audit log, read on the other node.
    const edited = await asStaff(b).get("/api/moderation/audit?limit=1");
    expect(edited.body.entries[0]).toMatchObject({ actor: "staff:bearer", action: { type: "setHires", orgId: "axa", hires: 9, previous: null } });

    // The list's cache time is read from Date.now(): the test holds that clock, then moves it on.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // B reads the list once (the default) when it ingests, and keeps it for its cache time.
      await ingest(b, [makePost({ text: "Bonne arnaque à tous #VotreJob" })]);
      await asStaff(a).put("/api/moderation/blocklist").send({ words: ["arnaque"] });
      expect((await asStaff(b).get("/api/moderation/blocklist")).body.words).toEqual(["arnaque"]);
      const early = makePost({ text: "Encore une arnaque #VotreJob" });
      await ingest(b, [early]);
      expect((await asStaff(a).get(`/api/moderation/posts/other/${encodeURIComponent(early.id)}`)).body.state).toBe("visible");
      // Node B re-reads the list once its cache time (2 s) has passed.
      vi.advanceTimersByTime(2_000);
      const spam = makePost({ text: "Quelle arnaque #VotreJob" });
      await ingest(b, [spam]);
      expect((await asStaff(a).get(`/api/moderation/posts/other/${encodeURIComponent(spam.id)}`)).body.state).toBe("hidden");
    } finally {
      vi.useRealTimers();
    }
  });
});
