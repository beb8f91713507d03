/**
 * Recounts in both stores: after a campaign's hashtags and organizations change, a recount of the posts ingested
 * under the old definition gives the counts a fresh ingest of the same posts under the new one gives, also while
 * posts and deletes keep coming; one recount at a time; its progress and audit entry are in the store.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { createCampaignIndex, parseCampaign, postKey, type Campaign, type CampaignIndex, type Post } from "@pulse/shared";
import { IngestService } from "../../src/ingest/ingest-service.js";
import { RecountService } from "../../src/campaigns/recount-service.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import type { Store } from "../../src/store/store.js";
import { StaffRequestError } from "../../src/staff/staff-errors.js";

const CAMPAIGN = "recount-day";
const redisUrl = inject("redisUrl");
const runPrefix = `pulse-test:${randomUUID()}:`;
let made = 0;

afterAll(async () => {
  await deleteKeysByPrefix(redisUrl, runPrefix);
});

/** Definition A: #VotreJob is France, #DeinJob Germany; Axa and Pôle emploi take part. */
const before: Campaign = parseCampaign({
  id: CAMPAIGN,
  name: "Recount day",
  timezone: "Europe/Paris",
  start: "2015-02-24T00:00:00+01:00",
  end: "2015-02-25T00:00:00+01:00",
  hashtags: [
    { tag: "VotreJob", country: "FR" },
    { tag: "DeinJob", country: "DE" },
  ],
  organizations: [
    { id: "axa", name: "Axa", country: "FR", kind: "company", handles: { x: "axa_fr" } },
    { id: "pole-emploi", name: "Pôle emploi", country: "FR", kind: "agency", handles: { x: "pole_emploi" } },
  ],
});

/** Definition B: #VotreJob is Belgium now, #DeinJob is gone, #TuEmpleo is Spain; Pôle emploi left, Orange came. */
const after: Campaign = {
  ...before,
  hashtags: [
    { tag: "TuEmpleo", country: "ES" },
    { tag: "VotreJob", country: "BE" },
  ],
  organizations: [
    { id: "axa", name: "Axa", country: "FR", kind: "company", handles: { x: "axa_fr" } },
    { id: "orange", name: "Orange", country: "FR", kind: "company", handles: { x: "orange" } },
  ],
};

const TAGS = [["votrejob"], ["deinjob"], ["tuempleo"], ["deinjob", "votrejob"], ["jobs"], []];
const HANDLES = ["axa_fr", "pole_emploi", "orange", "someone"];
const KINDS = ["original", "retweet", "reply", "quote"] as const;

/** Post `n`: its hashtags, author, kind and (every seventh) the country it gives itself vary with `n`. */
function post(n: number, overrides: Partial<Post> = {}): Post {
  const handle = HANDLES[n % HANDLES.length] as string;
  return {
    network: "x",
    id: String(1000 + n),
    createdAt: new Date(Date.UTC(2015, 1, 24, 8, n % 30, 5)).toISOString(),
    // Every third an offer (Axa's originals count as its offers), every fifth naming two organizations.
    text: n % 3 === 0 ? `Nous recrutons : poste ${n} en CDI à pourvoir` : `post ${n}`,
    author: { id: `${handle}-${n % 9}`, handle },
    hashtags: TAGS[n % TAGS.length] as string[],
    mentions: n % 5 === 0 ? ["orange", "pole_emploi"] : [],
    urls: [],
    kind: KINDS[n % KINDS.length] as Post["kind"],
    ...(n % 7 === 0 ? { country: "PT" } : {}),
    ...overrides,
  };
}

/** An X v1.1 delete notice for post `n`. */
function deletion(n: number): unknown {
  return { delete: { status: { id_str: String(1000 + n) } } };
}

/**
 * What the recount must make equal: every counter and insight but the zeros a move or a delete leaves, and each
 * post's attribution.
 */
async function counts(store: Store) {
  const { snapshot } = await store.snapshot();
  const nonZero = (map: Record<string, number>) => Object.fromEntries(Object.entries(map).filter(([, n]) => n !== 0));
  const insights = snapshot.insights;
  const posts: Record<string, { country?: string; orgId?: string }> = {};
  for await (const { post: p } of store.allPosts()) posts[postKey(p)] = { country: p.country, orgId: p.orgId };
  return {
    totals: snapshot.totals,
    byCountry: nonZero(snapshot.byCountry),
    byOrganization: nonZero(snapshot.byOrganization),
    timeline: snapshot.timeline.filter((point) => point.posts !== 0),
    posts,
    insights: insights && {
      ...insights,
      languages: nonZero(insights.languages),
      mentionsByOrganization: nonZero(insights.mentionsByOrganization),
      offersByOrganization: nonZero(insights.offersByOrganization),
    },
  };
}

const stores: Record<string, () => Store> = {
  MemoryStore: () => new MemoryStore(CAMPAIGN),
  RedisStore: () => new RedisStore({ url: redisUrl, campaignId: CAMPAIGN, keyPrefix: `${runPrefix}${(made += 1)}:` }),
};

describe.each(Object.keys(stores))("a recount in the %s", (kind) => {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  async function started(): Promise<Store> {
    const store = (stores[kind] as () => Store)();
    open.push(store);
    await store.start();
    return store;
  }

  /** A campaign on a new store, under definition A, and the recount service of its node. */
  async function campaign(batchSize = 4) {
    const store = await started();
    let index: CampaignIndex = createCampaignIndex(before);
    const ingest = new IngestService({ store, index });
    const recounts = new RecountService({ campaign: async (id) => (id === CAMPAIGN ? { id, store, index: () => index } : undefined), batchSize });
    /** Edits the campaign to definition B, as `CampaignRuntime.setCampaign` does. */
    const edit = () => {
      index = createCampaignIndex(after);
      ingest.setIndex(index);
    };
    return { store, ingest, recounts, edit };
  }

  /** A fresh campaign under definition B, fed `items`. */
  async function fresh(items: unknown[][]): Promise<Store> {
    const store = await started();
    const ingest = new IngestService({ store, index: createCampaignIndex(after) });
    for (const batch of items) await ingest.ingest(batch, "test");
    return store;
  }

  it("gives the counts of a fresh ingest of the same posts under the new definition", async () => {
    const { store, ingest, recounts, edit } = await campaign();
    const items: unknown[][] = [
      Array.from({ length: 30 }, (_, n) => post(n)),
      // An edit that keeps its hashtags, and deletes.
      [post(3, { version: 1, text: "post 3, edited" }), deletion(4), deletion(11)],
    ];
    for (const batch of items) await ingest.ingest(batch, "test");
    const under = await counts(store);
    edit();
    const status = await recounts.start(CAMPAIGN, "staff:session:Zoé");
    expect(status).toMatchObject({ campaign: CAMPAIGN, state: "running", done: 0, total: 28, actor: "staff:session:Zoé", finishedAt: null });
    await recounts.settled();

    const recounted = await counts(store);
    expect(recounted).toEqual(await counts(await fresh(items)));
    // It did move something: the counts were not those of B before.
    expect(recounted.byCountry).not.toEqual(under.byCountry);
    expect(recounted.byOrganization).not.toEqual(under.byOrganization);
    expect(recounted.insights?.mentionsByOrganization).not.toEqual(under.insights?.mentionsByOrganization);
    expect(recounted.insights?.hashtags).not.toEqual(under.insights?.hashtags);
    // A country the post gave itself stays.
    expect(recounted.posts["x:1000"]).toEqual({ country: "PT", orgId: "axa" });

    expect(await recounts.status(CAMPAIGN)).toMatchObject({ state: "done", done: 28, total: 28, actor: "staff:session:Zoé" });
    expect((await store.moderationLog(1))[0]).toMatchObject({ actor: "staff:session:Zoé", action: { type: "recount", posts: 28 } });
    // Once more changes nothing.
    await recounts.start(CAMPAIGN, "ana");
    await recounts.settled();
    expect(await counts(store)).toEqual(recounted);
  });

  it("loses and double-counts nothing while posts and deletes keep coming", async () => {
    const { store, ingest, recounts, edit } = await campaign(3);
    const first = Array.from({ length: 40 }, (_, n) => post(n));
    await ingest.ingest(first, "test");
    edit();
    // Posts and deletes of posts already read and not yet read, batch by batch, between the recount's own batches.
    const live: unknown[][] = [];
    for (let n = 40; n < 60; n += 2) live.push([post(n), post(n + 1), deletion(n - 39), deletion(99 - n)]);
    await recounts.start(CAMPAIGN, "ana");
    const seen: number[] = [];
    for (const batch of live) {
      await ingest.ingest(batch, "test");
      seen.push((await recounts.status(CAMPAIGN)).done);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The live batches did land in the middle of the recount.
    expect(seen.filter((done) => done > 0 && done < 40).length, seen.join()).toBeGreaterThan(3);
    await recounts.settled();
    expect(await counts(store)).toEqual(await counts(await fresh([first, ...live])));
    expect((await recounts.status(CAMPAIGN)).state).toBe("done");
  });

  it("runs one recount per campaign at a time: a second start answers 409 while the first runs; 404 for another id", async () => {
    const { ingest, recounts, edit } = await campaign(2);
    await ingest.ingest(Array.from({ length: 20 }, (_, n) => post(n)), "test");
    edit();
    expect(await recounts.status(CAMPAIGN)).toEqual({
      campaign: CAMPAIGN,
      state: "idle",
      done: 0,
      total: 0,
      startedAt: null,
      finishedAt: null,
      actor: null,
    });
    await recounts.start(CAMPAIGN, "ana");
    const second = await recounts.start(CAMPAIGN, "bob").catch((err: unknown) => err);
    expect(second).toBeInstanceOf(StaffRequestError);
    expect(second).toMatchObject({ status: 409, message: expect.stringContaining("started by ana") });
    await expect(recounts.start("nope", "ana")).rejects.toMatchObject({ status: 404 });
    await recounts.settled();
    expect(await recounts.status(CAMPAIGN)).toMatchObject({ state: "done", done: 20, total: 20, actor: "ana" });
  });
});
