/**
 * The retention job (docs/privacy.md) on both stores, with an injected clock and fake interval timers: nothing is
 * reduced before `retentionDays` after the campaign's end; then, at the next interval, the campaign's stored posts
 * lose text, author names and media while counters stay, its audit log says so once, a campaign without retention
 * keeps everything, and two nodes on one Redis do the run once.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import type { Campaign } from "@pulse/shared";
import { RetentionJob, RETENTION_ACTOR } from "../../src/campaigns/retention-job.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import type { Store } from "../../src/store/store.js";
import { post } from "../store/store-contract.js";
import { salonCampaign } from "../support/salon-campaign.js";

const HOUR = 3_600_000;
const redisUrl = inject("redisUrl");
const runPrefix = `pulse-test:${randomUUID()}:`;
afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

/** Makes the store of `campaign`; the same `shared` name on Redis gives two nodes' stores of one campaign. */
const backings: { name: string; make: (campaign: string, shared: string) => Promise<Store> }[] = [
  {
    name: "embedded store",
    make: async (campaign) => {
      const store = new MemoryStore(campaign);
      await store.start();
      return store;
    },
  },
  {
    name: "Redis",
    make: async (campaign, shared) => {
      const store = new RedisStore({ url: redisUrl, campaignId: campaign, keyPrefix: `${runPrefix}${shared}:` });
      await store.start();
      return store;
    },
  },
];

describe.each(backings)("the retention job on the $name", ({ name, make }) => {
  const open: Store[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  it("reduces a campaign's posts once its retention days have passed, at the next interval, keeping the counts", async () => {
    const shared = `${name === "Redis" ? "r" : "m"}-${randomUUID().slice(0, 8)}`;
    const kept: Campaign = salonCampaign({ id: "kept" });
    const reduced: Campaign = salonCampaign({ id: "reduced", end: "2026-03-01T19:00:00+01:00", retentionDays: 30 });
    const stores = { kept: await make("kept", shared), reduced: await make("reduced", shared) };
    open.push(stores.kept, stores.reduced);
    const named = { id: "u1", handle: "Jeanne", name: "Jeanne Dupont" };
    for (const store of Object.values(stores)) {
      await store.apply([
        { type: "post", post: post("p1", { author: named, text: "Nous recrutons", media: [{ type: "photo", url: "https://pbs.twimg.com/media/p1.jpg" }] }) },
        { type: "post", post: post("p2", { author: named, text: "Encore", kind: "reply" }) },
      ]);
    }
    const before = (await stores.reduced.snapshot()).snapshot;
    // A second node's store of the same campaign: on Redis, the same keys.
    const second = name === "Redis" ? await make("reduced", shared) : stores.reduced;
    if (second !== stores.reduced) open.push(second);

    let now = Date.parse("2026-03-31T17:00:00Z"); // 29 days 23 hours after the end
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const jobs = [stores.reduced, second].map(
      (store) =>
        new RetentionJob({
          campaigns: async () => [
            { campaign: kept, store: async () => stores.kept },
            { campaign: reduced, store: async () => store },
          ],
          now: () => now,
          intervalMs: HOUR,
        }),
    );
    for (const job of jobs) job.start();

    await vi.advanceTimersByTimeAsync(HOUR);
    await Promise.all(jobs.map((job) => job.settled()));
    expect((await stores.reduced.post("x:p1"))?.post.text).toBe("Nous recrutons");

    // The 30 days are past: the next interval reduces.
    now += 2 * HOUR;
    await vi.advanceTimersByTimeAsync(HOUR);
    await Promise.all(jobs.map((job) => job.settled()));
    const p1 = (await stores.reduced.post("x:p1"))?.post;
    expect(p1).toMatchObject({ id: "p1", text: "", author: { id: "u1", handle: "Jeanne" } });
    expect(p1?.author).not.toHaveProperty("name");
    expect(p1).not.toHaveProperty("media");
    const after = (await stores.reduced.snapshot()).snapshot;
    expect(after.totals).toEqual(before.totals);
    expect(after.byCountry).toEqual(before.byCountry);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.recent.map((p) => p.text)).toEqual(["", ""]);
    // Logged once, whichever node claimed the run.
    const logged = (await stores.reduced.moderationLog()).filter((entry) => entry.action.type === "retention");
    expect(logged).toEqual([expect.objectContaining({ actor: RETENTION_ACTOR, action: { type: "retention", posts: 2, days: 30 } })]);
    // The campaign without retention keeps everything.
    expect((await stores.kept.post("x:p1"))?.post).toMatchObject({ text: "Nous recrutons", author: { name: "Jeanne Dupont" } });

    // Later intervals find nothing more to do and log nothing.
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    await Promise.all(jobs.map((job) => job.settled()));
    expect((await stores.reduced.moderationLog()).filter((entry) => entry.action.type === "retention")).toHaveLength(1);
    await Promise.all(jobs.map((job) => job.stop()));
  });
});
