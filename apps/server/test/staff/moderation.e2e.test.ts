import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Post, Snapshot } from "@pulse/shared";
import { LiveClient, makePost, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, authorAction, ingest, keys, postAction, STAFF_ENV } from "./staff-support.js";

/** What moderation must never touch. */
function counters(s: Snapshot | undefined) {
  return s && { totals: s.totals, byCountry: s.byCountry, byOrganization: s.byOrganization, timeline: s.timeline };
}

describe("moderation end to end (memory store)", () => {
  let node: RunningPulse;
  let client: LiveClient;

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
  });
  afterAll(async () => {
    await node.close();
  });
  beforeEach(async () => {
    client = new LiveClient({ urls: [node.url] });
    await client.ready();
  });
  afterEach(async () => {
    client.close();
    // Every test leaves the mode as it found it.
    await asStaff(node).put("/api/moderation/mode").send({ mode: "auto" });
  });

  async function snapshot(): Promise<Snapshot> {
    return (await request(node.url).get("/api/snapshot")).body as Snapshot;
  }

  /** Ingests posts and waits until the client shows all of them (or counts them, when `shown` is false). */
  async function arrive(posts: Post[], shown = true): Promise<void> {
    const before = client.state?.totals.posts ?? 0;
    await ingest(node, posts);
    await waitFor(() => client.state?.totals.posts === before + posts.length, 5_000, "the posts counted on the client");
    if (shown) {
      await waitFor(() => keys(posts).every((k) => keys(client.state?.recent).includes(k)), 5_000, "the posts on screen");
    }
  }

  it("hides a post from a connected client and from /api/snapshot, counters unchanged; unhide brings it back", async () => {
    const [target, other] = [makePost({ text: "à cacher" }), makePost()] as [Post, Post];
    await arrive([target, other]);
    const before = counters(client.state);

    const hide = await asStaff(node).post(postAction(target.network, target.id, "hide"));
    expect(hide.status).toBe(200);
    expect(hide.body).toEqual({ outcome: "changed", rev: expect.any(Number) });
    await waitFor(() => !keys(client.state?.recent).includes(keys([target])[0] as string), 2_000, "the hidden post to leave the client");
    expect(client.deltas.at(-1)?.removed).toContain(keys([target])[0]);
    expect(keys(client.state?.recent)).toContain(keys([other])[0]);
    expect(counters(client.state)).toEqual(before);
    const snap = await snapshot();
    expect(keys(snap.recent)).not.toContain(keys([target])[0]);
    expect(counters(snap)).toEqual(before);

    // Hiding again changes nothing.
    expect((await asStaff(node).post(postAction(target.network, target.id, "hide"))).body.outcome).toBe("unchanged");
    expect((await asStaff(node).get(postAction(target.network, target.id, "").slice(0, -1))).body).toMatchObject({ state: "hidden" });

    const unhide = await asStaff(node).post(postAction(target.network, target.id, "unhide"));
    expect(unhide.body.outcome).toBe("changed");
    await waitFor(() => keys(client.state?.recent).includes(keys([target])[0] as string), 2_000, "the post back on the client");
    expect(counters(client.state)).toEqual(before);
    expect(keys((await snapshot()).recent)).toContain(keys([target])[0]);
  });

  it("decodes ids that hold / and : (a Bluesky AT URI, a Mastodon URI)", async () => {
    const bsky = makePost({ network: "bluesky", id: "at://did:plc:abc123/app.bsky.feed.post/3kxyz", author: { id: "did:plc:abc123", handle: "someone.bsky.social" } });
    const masto = makePost({ network: "mastodon", id: "https://mastodon.social/users/bob/statuses/1100?x=1#y", author: { id: "109", handle: "bob@mastodon.social" } });
    await arrive([bsky, masto]);
    for (const post of [bsky, masto]) {
      const res = await asStaff(node).post(postAction(post.network, post.id, "hide"));
      expect(res.status, post.id).toBe(200);
      expect(res.body.outcome).toBe("changed");
      expect((await asStaff(node).get(`/api/moderation/posts/${post.network}/${encodeURIComponent(post.id)}`)).body).toMatchObject({
        post: { id: post.id },
        state: "hidden",
      });
    }
    await waitFor(() => !keys(client.state?.recent).some((k) => k.startsWith("bluesky:") || k.startsWith("mastodon:")), 2_000, "both hidden");
    // An AT URI sent without encoding still reaches the post: the segments are joined back.
    const raw = await asStaff(node).post(`/api/moderation/posts/bluesky/${bsky.id}/unhide`);
    expect(raw.body.outcome).toBe("changed");
    await asStaff(node).post(postAction("bluesky", bsky.id, "hide"));
    const encoded = await asStaff(node).post(postAction("bluesky", bsky.id, "unhide"));
    expect(encoded.body.outcome).toBe("changed");
  });

  it("answers 404 for a post that is not stored, 404 for an unknown action, 400 for an unknown network", async () => {
    const missing = await asStaff(node).post(postAction("x", "no-such-post", "hide"));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ outcome: "not_found", error: expect.stringMatching(/no stored post x:no-such-post/) });
    const action = await asStaff(node).post(postAction("x", "1", "delete"));
    expect(action.status).toBe(404);
    expect(action.body.error).toMatch(/expected hide, unhide, pin, unpin, approve/);
    const network = await asStaff(node).post(postAction("myspace", "1", "hide"));
    expect(network.status).toBe(400);
    expect(network.body.error).toMatch(/expected x, mastodon, bluesky or other/);
    const author = await asStaff(node).post(authorAction("x", "1", "ban"));
    expect(author.status).toBe(404);
    expect(author.body.error).toMatch(/expected block, unblock/);
  });

  it("pins a post: it shows in `pinned` on the client and in the snapshot; unpin takes it off", async () => {
    const post = makePost({ text: "Épinglé" });
    await arrive([post]);
    const before = counters(client.state);
    expect((await asStaff(node).post(postAction(post.network, post.id, "pin"))).body.outcome).toBe("changed");
    await waitFor(() => keys(client.state?.pinned).includes(keys([post])[0] as string), 2_000, "the pin on the client");
    expect(keys((await snapshot()).pinned)).toContain(keys([post])[0]);
    expect((await asStaff(node).get("/api/moderation/state")).body.pinned).toContain(keys([post])[0]);
    expect(counters(client.state)).toEqual(before);

    expect((await asStaff(node).post(postAction(post.network, post.id, "unpin"))).body.outcome).toBe("changed");
    await waitFor(() => !keys(client.state?.pinned).includes(keys([post])[0] as string), 2_000, "the pin gone");
    expect(keys((await snapshot()).pinned)).not.toContain(keys([post])[0]);
  });

  it("blocks an author: past and future posts are hidden, still counted; unblock shows them again", async () => {
    const author = { id: "troll-42", handle: "troll42" };
    const past = [makePost({ author }), makePost({ author })];
    const bystander = makePost();
    await arrive([...past, bystander]);

    const block = await asStaff(node).post(authorAction("other", author.id, "block"));
    expect(block.body.outcome).toBe("changed");
    await waitFor(() => !keys(client.state?.recent).some((k) => keys(past).includes(k)), 2_000, "past posts off screen");
    expect(keys(client.state?.recent)).toContain(keys([bystander])[0]);
    expect((await asStaff(node).get("/api/moderation/state")).body.blockedAuthors).toContain("other:troll-42");

    const before = client.state?.totals.posts ?? 0;
    const future = makePost({ author });
    await arrive([future], false);
    expect(client.state?.totals.posts).toBe(before + 1);
    expect(keys(client.state?.recent)).not.toContain(keys([future])[0]);
    expect(keys((await snapshot()).recent)).not.toContain(keys([future])[0]);
    expect((await asStaff(node).get(postAction("other", future.id, "").slice(0, -1))).body.state).toBe("blocked");

    expect((await asStaff(node).post(authorAction("other", author.id, "unblock"))).body.outcome).toBe("changed");
    await waitFor(() => [...past, future].every((p) => keys(client.state?.recent).includes(keys([p])[0] as string)), 2_000, "all back");
    expect(client.state?.totals.posts).toBe(before + 1);
  });

  it("holds posts in approve mode until approved; the queue lists them", async () => {
    const mode = await asStaff(node).put("/api/moderation/mode").send({ mode: "approve" });
    expect(mode.body.outcome).toBe("changed");
    const [first, second] = [makePost({ text: "premier" }), makePost({ text: "second" })] as [Post, Post];
    await arrive([first, second], false);
    expect(keys(client.state?.recent)).not.toContain(keys([first])[0]);

    const queue = await asStaff(node).get("/api/moderation/queue");
    expect(queue.status).toBe(200);
    expect(queue.body.mode).toBe("approve");
    expect(keys(queue.body.queue).slice(-2)).toEqual(keys([first, second]));
    expect(queue.body.queued).toBeGreaterThanOrEqual(2);

    const before = counters(client.state);
    expect((await asStaff(node).post(postAction(first.network, first.id, "approve"))).body.outcome).toBe("changed");
    await waitFor(() => keys(client.state?.recent).includes(keys([first])[0] as string), 2_000, "the approved post on screen");
    expect(keys(client.state?.recent)).not.toContain(keys([second])[0]);
    expect(counters(client.state)).toEqual(before);
    expect(keys((await asStaff(node).get("/api/moderation/queue")).body.queue)).not.toContain(keys([first])[0]);

    // `h` in the queue: hiding a pending post takes it out of the queue for good.
    expect((await asStaff(node).post(postAction(second.network, second.id, "hide"))).body.outcome).toBe("changed");
    expect(keys((await asStaff(node).get("/api/moderation/queue")).body.queue)).not.toContain(keys([second])[0]);
  });

  it("refuses a bad mode body with a 400 that says what was expected", async () => {
    for (const body of [{ mode: "manual" }, {}, ["approve"]]) {
      const res = await asStaff(node).put("/api/moderation/mode").send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/expected a body such as \{ "mode": "auto" \}/);
    }
    const none = await asStaff(node).put("/api/moderation/mode");
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/expected a JSON body/);
  });

  it("leaving approve mode releases the held posts, or keeps them off screen, as the body asks", async () => {
    await asStaff(node).put("/api/moderation/mode").send({ mode: "approve" });
    const kept = makePost({ text: "gardé" });
    await arrive([kept], false);
    const keep = await asStaff(node).put("/api/moderation/mode").send({ mode: "auto", held: "keep" });
    expect(keep.status).toBe(200);
    expect(keep.body.outcome).toBe("changed");
    expect((await asStaff(node).get("/api/moderation/queue")).body).toMatchObject({ mode: "auto" });
    expect(keys((await asStaff(node).get("/api/moderation/queue")).body.queue)).toContain(keys([kept])[0]);
    expect(keys((await snapshot()).recent)).not.toContain(keys([kept])[0]);

    await asStaff(node).put("/api/moderation/mode").send({ mode: "approve" });
    const held = [makePost({ text: "libéré 1" }), makePost({ text: "libéré 2" })];
    await arrive(held, false);
    const before = counters(client.state);
    const release = await asStaff(node).put("/api/moderation/mode").send({ mode: "auto", held: "release" });
    expect(release.body.outcome).toBe("changed");
    await waitFor(() => [kept, ...held].every((p) => keys(client.state?.recent).includes(keys([p])[0] as string)), 2_000, "released");
    expect(counters(client.state)).toEqual(before);
    expect((await asStaff(node).get("/api/moderation/queue")).body).toMatchObject({ mode: "auto", queued: 0 });
    const [entry] = (await asStaff(node).get("/api/moderation/audit?limit=1")).body.entries;
    expect(entry.action).toEqual({ type: "setMode", mode: "auto", held: "release" });

    for (const body of [{ mode: "approve", held: "release" }, { mode: "auto", held: "all" }]) {
      const bad = await asStaff(node).put("/api/moderation/mode").send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/^held: /);
    }
  });

  it("names the author and quotes the post in the audit log and the blocked list, as they were when acted on", async () => {
    const author = { id: "1008395062", handle: "jeanne_d", name: "Jeanne Dupont" };
    const target = makePost({ author, text: `Un message\nsur deux lignes ${"très ".repeat(40)}long #VotreJob` });
    const other = makePost({ author: { id: "570065", handle: "paul", name: "Paul" }, text: "Bonjour #VotreJob" });
    await arrive([target, other]);
    await asStaff(node).post(postAction(target.network, target.id, "hide"));
    // The block names the post it was made from; one without names the author's newest post.
    await asStaff(node).post(authorAction("other", author.id, "block")).send({ post: keys([target])[0] });
    await asStaff(node).post(authorAction("other", "570065", "block"));
    await asStaff(node).post(authorAction("other", "never-posted", "block"));

    const state = (await asStaff(node).get("/api/moderation/state")).body;
    const excerpt = state.blockedProfiles["other:1008395062"].excerpt as string;
    expect(state.blockedProfiles["other:1008395062"]).toMatchObject({ handle: "jeanne_d", name: "Jeanne Dupont" });
    expect(excerpt.startsWith("Un message sur deux lignes très")).toBe(true);
    expect([...excerpt]).toHaveLength(140);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(state.blockedProfiles["other:570065"]).toEqual({ handle: "paul", name: "Paul", excerpt: "Bonjour #VotreJob" });
    expect(state.blockedProfiles["other:never-posted"]).toBeUndefined();

    await asStaff(node).post(authorAction("other", "570065", "unblock"));
    const entries = (await asStaff(node).get("/api/moderation/audit?limit=5")).body.entries;
    expect(entries.map((e: { action: { type: string }; about?: { handle: string } }) => [e.action.type, e.about?.handle])).toEqual([
      ["unblock", "paul"],
      ["block", undefined],
      ["block", "paul"],
      ["block", "jeanne_d"],
      ["hide", "jeanne_d"],
    ]);
    expect(entries[4].about.excerpt).toBe(excerpt);
    expect((await asStaff(node).post(authorAction("other", "x", "block")).send({ post: 12 })).status).toBe(400);
    await asStaff(node).post(authorAction("other", author.id, "unblock"));
  });

  it("lists stored posts by moderation state, newest first", async () => {
    const posts = [makePost(), makePost(), makePost()];
    await arrive(posts);
    await asStaff(node).post(postAction("other", posts[0]!.id, "hide"));
    await asStaff(node).post(postAction("other", posts[2]!.id, "hide"));
    const hidden = await asStaff(node).get("/api/moderation/posts?state=hidden&limit=2");
    expect(hidden.status).toBe(200);
    expect(hidden.body.posts.map((p: { post: Post }) => p.post.id)).toEqual([posts[2]!.id, posts[0]!.id]);
    expect(hidden.body.posts[0]).toMatchObject({ state: "hidden", hidden: true });
    const bad = await asStaff(node).get("/api/moderation/posts?state=gone");
    expect(bad.status).toBe(400);
    expect((await asStaff(node).get("/api/moderation/posts?limit=0")).status).toBe(400);
  });

  it("keeps an audit log of who did what, newest first, bounded by ?limit", async () => {
    const post = makePost();
    await arrive([post]);
    await asStaff(node).post(postAction(post.network, post.id, "pin")).set("X-Pulse-Actor", "Léa");
    await asStaff(node).post(postAction(post.network, post.id, "unpin"));
    const audit = await asStaff(node).get("/api/moderation/audit?limit=2");
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toHaveLength(2);
    const [unpin, pin] = audit.body.entries;
    expect(unpin).toMatchObject({ actor: "staff:bearer", via: "bearer", action: { type: "unpin", key: keys([post])[0] } });
    // Non-ASCII names travel percent-encoded; a plain Latin-1 header is taken as it is.
    expect(pin).toMatchObject({ actor: "staff:bearer:Léa", via: "bearer", name: "Léa", action: { type: "pin" } });
    expect(Date.parse(pin.at)).toBeLessThanOrEqual(Date.parse(unpin.at));
    expect(unpin.rev).toBeGreaterThan(pin.rev);
    expect((await asStaff(node).get("/api/moderation/audit?limit=abc")).status).toBe(400);
    expect((await asStaff(node).get("/api/moderation/audit?limit=5001")).status).toBe(400);
  });
});

describe("the keyword blocklist at ingest (memory store)", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
  });
  afterAll(async () => {
    await node.close();
  });

  it("starts with the default list, and validates edits", async () => {
    const view = await asStaff(node).get("/api/moderation/blocklist");
    expect(view.status).toBe(200);
    expect(view.body.isDefault).toBe(true);
    expect(view.body.words).toEqual(view.body.defaults);
    expect(view.body.words).toContain("free followers");
    for (const body of [{ words: "spam" }, { words: [""] }, { words: ["!!"] }, {}, { words: Array(501).fill("w") }]) {
      const res = await asStaff(node).put("/api/moderation/blocklist").send(body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body.error).toMatch(/expected/);
    }
  });

  it("hides a matching post at ingest without changing the counters", async () => {
    const saved = await asStaff(node).put("/api/moderation/blocklist").send({ words: ["arnaque", " Free followers "] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ words: ["arnaque", "Free followers"], isDefault: false });
    expect((await asStaff(node).get("/api/moderation/blocklist")).body.words).toEqual(["arnaque", "Free followers"]);

    const client = new LiveClient({ urls: [node.url] });
    try {
      const start = await client.ready();
      const clean = makePost({ text: "Nous recrutons à Lyon #VotreJob", country: "FR" });
      const spam = makePost({ text: "Une belle ARNAQUÉ, venez ! #VotreJob", country: "FR" });
      const spam2 = makePost({ text: "FREE   followers here #VotreJob", country: "BE" });
      const result = await ingest(node, [clean, spam, spam2]);
      expect(result.accepted).toBe(3);
      await waitFor(() => client.state?.totals.posts === start.totals.posts + 3, 5_000, "all three counted");
      await waitFor(() => keys(client.state?.recent).includes(keys([clean])[0] as string), 2_000, "the clean post shown");
      expect(keys(client.state?.recent)).not.toContain(keys([spam])[0]);
      expect(keys(client.state?.recent)).not.toContain(keys([spam2])[0]);
      expect(client.deltas.flatMap((d) => keys(d.posts))).not.toContain(keys([spam])[0]);
      expect(client.state?.byCountry).toMatchObject({ FR: (start.byCountry.FR ?? 0) + 2, BE: (start.byCountry.BE ?? 0) + 1 });
      const snap = (await request(node.url).get("/api/snapshot")).body as Snapshot;
      expect(snap.totals).toEqual(client.state?.totals);
      expect(keys(snap.recent)).not.toContain(keys([spam])[0]);
      const state = await asStaff(node).get(postAction("other", spam.id, "").slice(0, -1));
      expect(state.body).toMatchObject({ state: "hidden" });
      // Staff can still let a false positive through.
      expect((await asStaff(node).post(postAction("other", spam.id, "unhide"))).body.outcome).toBe("changed");
      await waitFor(() => keys(client.state?.recent).includes(keys([spam])[0] as string), 2_000, "the unhidden post");
    } finally {
      client.close();
    }
  });

  it("hides a post whose edit newly matches, in the audit log as the blocklist", async () => {
    await asStaff(node).put("/api/moderation/blocklist").send({ words: ["arnaque"] });
    const original = makePost({ text: "Offre honnête #VotreJob", version: 1 });
    await ingest(node, [original]);
    await ingest(node, [{ ...original, text: "En fait une arnaque #VotreJob", version: 2 }]);
    expect((await asStaff(node).get(postAction("other", original.id, "").slice(0, -1))).body.state).toBe("hidden");
    const audit = await asStaff(node).get("/api/moderation/audit?limit=1");
    expect(audit.body.entries[0]).toMatchObject({ actor: "blocklist", via: "blocklist", action: { type: "hide" } });
  });

  it("logs who saved the list, and the entries added and removed", async () => {
    await asStaff(node).put("/api/moderation/blocklist").send({ words: ["arnaque", "spam"] });
    await asStaff(node).put("/api/moderation/blocklist").set("X-Pulse-Actor", encodeURIComponent("Léa")).send({ words: ["spam", "casino"] });
    // Refused, or the same list again: no entry.
    await asStaff(node).put("/api/moderation/blocklist").send({ words: ["spam", "casino"] });
    await asStaff(node).put("/api/moderation/blocklist").send({ words: [""] });
    const audit = await asStaff(node).get("/api/moderation/audit?limit=2");
    const [latest, before] = audit.body.entries;
    expect(latest).toMatchObject({
      actor: "staff:bearer:Léa",
      via: "bearer",
      name: "Léa",
      action: { type: "setBlocklist", words: 2, added: ["casino"], removed: ["arnaque"] },
    });
    expect(before).toMatchObject({ actor: "staff:bearer", via: "bearer", action: { type: "setBlocklist", words: 2, added: ["spam"], removed: [] } });
    expect(before).not.toHaveProperty("name");
  });

  it("reckons the first save of a list from the default list", async () => {
    const fresh = await startPulse(STAFF_ENV);
    try {
      const { defaults } = (await asStaff(fresh).get("/api/moderation/blocklist")).body as { defaults: string[] };
      await asStaff(fresh).put("/api/moderation/blocklist").send({ words: [...defaults.slice(1), "arnaque"] });
      const audit = await asStaff(fresh).get("/api/moderation/audit");
      expect(audit.body.entries.map((e: { action: unknown }) => e.action)).toEqual([
        { type: "setBlocklist", words: defaults.length, added: ["arnaque"], removed: [defaults[0]] },
      ]);
    } finally {
      await fresh.close();
    }
  });

  it("turns off with an empty list", async () => {
    await asStaff(node).put("/api/moderation/blocklist").send({ words: [] });
    const post = makePost({ text: "free followers #VotreJob" });
    await ingest(node, [post]);
    expect((await asStaff(node).get(postAction("other", post.id, "").slice(0, -1))).body.state).toBe("visible");
  });
});
