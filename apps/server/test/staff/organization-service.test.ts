import { afterEach, describe, expect, it, vi } from "vitest";
import { europeanJobsDay2015, type Post } from "@pulse/shared";
import { MemoryStore } from "../../src/store/memory-store.js";
import { OrganizationService } from "../../src/staff/organization-service.js";
import { CampaignTally } from "../../src/staff/organization-stats.js";

let n = 0;
function post(overrides: Partial<Post>): Post {
  n += 1;
  return {
    network: "x",
    id: `s-${n}`,
    createdAt: "2015-02-24T10:00:00.000Z",
    text: "#VotreJob",
    author: { id: `a-${n}`, handle: `someone${n}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
    ...overrides,
  };
}

function tallyOf(posts: Post[]): CampaignTally {
  const tally = new CampaignTally(europeanJobsDay2015);
  for (const p of posts) tally.add({ post: p, state: "visible", hidden: false, blocked: false, pending: false, pinned: false });
  return tally;
}

describe("CampaignTally", () => {
  it("tells retweets and quotes of an organization's posts by RT prefix or status link, on each network", () => {
    const tally = tallyOf([
      post({ kind: "retweet", text: "RT @OrangeRecrute: Nous recrutons" }),
      post({ kind: "quote", text: "À voir", urls: ["https://x.com/orangerecrute/status/99"] }),
      post({ kind: "quote", text: "Top https://mastodon.social/@orangerecrute/1234 #VotreJob" }),
      post({ kind: "quote", text: "Top", urls: ["https://mastodon.social/users/orangerecrute/statuses/55"] }),
      post({ kind: "quote", text: "Top", urls: ["https://bsky.app/profile/orange-recrute.bsky.social/post/3k"] }),
      // Not retweets of Orange: an original linking to its post, a retweet of someone else, another instance.
      post({ kind: "original", text: "Lien", urls: ["https://x.com/OrangeRecrute/status/1"] }),
      post({ kind: "retweet", text: "RT @someone: Orange? #VotreJob" }),
      post({ kind: "quote", text: "Top", urls: ["https://other.social/@orangerecrute/1"] }),
    ]);
    const orange = tally.organizations.get("orange");
    expect(orange?.retweetsOfItsPosts).toBe(5);
    expect(orange?.mentions).toBe(0);
  });

  it("counts a mention once per post and organization, never the author's own", () => {
    const tally = tallyOf([
      post({ text: "@OrangeRecrute @orangerecrute!", mentions: ["orangerecrute"] }),
      post({ text: "Écrivez à jobs@orangerecrute.example" }),
      post({ author: { id: "o", handle: "OrangeRecrute" }, orgId: "orange", text: "Merci @OrangeRecrute" }),
    ]);
    expect(tally.organizations.get("orange")).toMatchObject({ mentions: 1, posts: 1 });
  });

  it("counts posts per minute and country", () => {
    const tally = tallyOf([
      post({ country: "FR", createdAt: "2015-02-24T10:00:59.000Z" }),
      post({ country: "FR", createdAt: "2015-02-24T10:00:01.000Z" }),
      post({ createdAt: "2015-02-24T10:01:00.000Z" }),
    ]);
    const t = Date.parse("2015-02-24T10:00:00.000Z");
    expect([...tally.minuteCountry].map(([m, c]) => [m, Object.fromEntries(c)])).toEqual([
      [t, { FR: 2 }],
      [t + 60_000, { unknown: 1 }],
    ]);
  });
});

describe("OrganizationService caching", () => {
  const stores: MemoryStore[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it("reuses a tally while the revision holds, and computes anew after it moved (no more than every freshMs)", async () => {
    // The cache's age is read from Date.now(): a fake clock moves it exactly, however busy the machine.
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = new MemoryStore(europeanJobsDay2015.id);
    stores.push(store);
    await store.start();
    let rev = 1;
    const service = new OrganizationService({
      campaign: europeanJobsDay2015,
      store,
      revision: () => rev,
      byOrganization: () => ({}),
      freshMs: 50,
    });
    const mention = () => post({ text: "Merci @OrangeRecrute" });
    await store.apply([{ type: "post", post: mention() }]);
    const first = await service.tally();
    expect(first.tally.organizations.get("orange")?.mentions).toBe(1);

    await store.apply([{ type: "post", post: mention() }]);
    // Same revision: the same pass, even past freshMs.
    vi.advanceTimersByTime(60);
    expect(await service.tally()).toBe(first);
    // A new revision past freshMs: a new pass.
    rev = 2;
    const second = await service.tally();
    expect(second.tally.organizations.get("orange")?.mentions).toBe(2);
    await store.apply([{ type: "post", post: mention() }]);
    // A new revision, but within freshMs of the last pass: still the same.
    rev = 3;
    expect(await service.tally()).toBe(second);
    vi.advanceTimersByTime(60);
    expect((await service.tally()).tally.organizations.get("orange")?.mentions).toBe(3);
  });

  it("shares one pass between concurrent callers", async () => {
    const store = new MemoryStore(europeanJobsDay2015.id);
    stores.push(store);
    await store.start();
    const service = new OrganizationService({ campaign: europeanJobsDay2015, store, revision: () => 1, byOrganization: () => ({}) });
    const [x, y] = await Promise.all([service.tally(), service.tally()]);
    expect(x).toBe(y);
  });
});
