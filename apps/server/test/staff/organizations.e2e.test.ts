import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrganizationEntry, Post } from "@pulse/shared";
import { makePost, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { asStaff, ingest, postAction, STAFF_ENV } from "./staff-support.js";

const person = (n: number) => ({ id: `person-${n}`, handle: `person${n}` });
const AXA = { id: "axa-x", handle: "AXA_Recrute" };
const PHILIPS = { id: "philips-x", handle: "PhilipsBanen" };

/**
 * A known day, in arrival order. Expected: Axa posts 4 (1, 2, 3, 10), offers 1 (1; the reply 3 and the
 * self-retweet 10 are not offers it posted), retweets of its posts 3 (4 by "RT @", 5 by an x.com status link,
 * 9 by a bsky.app link), mentions 3 (6 in `mentions`, 7 in the text only, 12); 4 names it too but is a retweet.
 * Orange: mentions 1 (8, a Mastodon handle). Philips: posts 1, offers 1, mentions 1 (12).
 */
const DAY: Post[] = [
  makePost({ network: "x", id: "org-1", author: AXA, kind: "original", text: "Nous recrutons 20 conseillers en CDI à Paris ! Postulez : https://careers.axa.fr/jobs/123 #VotreJob", urls: ["https://careers.axa.fr/jobs/123"], lang: "fr" }),
  makePost({ network: "x", id: "org-2", author: AXA, kind: "original", text: "Merci à tous pour cette belle journée #VotreJob", lang: "fr" }),
  makePost({ network: "x", id: "org-3", author: AXA, kind: "reply", text: "@person1 Oui, nous recrutons des alternants, postulez ici #VotreJob", mentions: ["person1"], lang: "fr" }),
  makePost({ network: "x", id: "org-4", author: person(1), kind: "retweet", text: "RT @AXA_Recrute: Nous recrutons 20 conseillers en CDI à Paris ! #VotreJob", mentions: ["axa_recrute"] }),
  makePost({ network: "x", id: "org-5", author: person(2), kind: "quote", text: "À partager autour de vous 👇 #VotreJob https://twitter.com/AXA_Recrute/status/123", urls: ["https://twitter.com/AXA_Recrute/status/123"] }),
  makePost({ network: "x", id: "org-6", author: person(3), kind: "original", text: "Merci @AXA_Recrute pour l'accueil #VotreJob", mentions: ["axa_recrute"] }),
  makePost({ network: "x", id: "org-7", author: person(4), kind: "original", text: "Super stand @axa_recrute. #VotreJob" }),
  makePost({ network: "mastodon", id: "https://mastodon.social/users/p5/statuses/1", author: { id: "5", handle: "p5@mastodon.social" }, kind: "original", text: "Bravo @orangerecrute@mastodon.social #VotreJob", mentions: ["orangerecrute@mastodon.social"] }),
  makePost({ network: "bluesky", id: "at://did:plc:p6/app.bsky.feed.post/1", author: { id: "did:plc:p6", handle: "p6.bsky.social" }, kind: "quote", text: "Belle opportunité #VotreJob", urls: ["https://bsky.app/profile/axa-recrute.bsky.social/post/3kabc"] }),
  makePost({ network: "x", id: "org-10", author: AXA, kind: "retweet", text: "RT @AXA_Recrute: Nous recrutons 20 conseillers en CDI à Paris ! #VotreJob", mentions: ["axa_recrute"] }),
  makePost({ network: "x", id: "org-11", author: PHILIPS, kind: "original", text: "Vacature: software engineer (m/v) bij Philips https://werkenbij.philips.nl/vacature/1 #JouwBaan", urls: ["https://werkenbij.philips.nl/vacature/1"], lang: "nl", hashtags: ["jouwbaan"] }),
  makePost({ network: "x", id: "org-12", author: person(7), kind: "original", text: "@PhilipsBanen en @AXA_Recrute zijn er allebei #VotreJob", mentions: ["philipsbanen", "axa_recrute"] }),
];

describe("organizations and ROI", () => {
  let node: RunningPulse;

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
    await ingest(node, DAY);
    // `posts` comes from the byOrganization counters clients have: wait until the relay has them.
    await waitFor(() => node.pulse.relay.snapshot().totals.posts === DAY.length, 5_000, "the day on the relay");
    // A hidden post still counts: moderation never changes a figure.
    expect((await asStaff(node).post(postAction("x", "org-6", "hide"))).body.outcome).toBe("changed");
  });
  afterAll(async () => {
    await node.close();
  });

  it("ranks organizations with posts, offers, mentions, retweets of their posts and engagement", async () => {
    const res = await asStaff(node).get("/api/staff/organizations");
    expect(res.status).toBe(200);
    const orgs = res.body.organizations as OrganizationEntry[];
    expect(orgs).toHaveLength(node.pulse.campaign.organizations.length);
    expect(orgs.slice(0, 3).map((o) => o.id)).toEqual(["axa", "philips", "orange"]);
    expect(orgs[0]).toEqual({
      id: "axa",
      name: "Axa",
      country: "FR",
      kind: "company",
      sector: "insurance",
      posts: 4,
      offers: 1,
      mentions: 3,
      retweetsOfItsPosts: 3,
      engagement: 6,
      hires: 0,
    });
    expect(orgs[1]).toMatchObject({ id: "philips", country: "NL", posts: 1, offers: 1, mentions: 1, retweetsOfItsPosts: 0, engagement: 1 });
    expect(orgs[2]).toMatchObject({ id: "orange", posts: 0, offers: 0, mentions: 1, retweetsOfItsPosts: 0, engagement: 1 });
    expect(orgs.slice(3).every((o) => o.engagement === 0 && o.posts === 0)).toBe(true);
    expect(res.body.rev).toEqual(expect.any(Number));
    expect(Date.parse(res.body.computedAt)).not.toBeNaN();
  });

  it("shows an organization's page: its posts, mentions, retweets and offers, newest first, with their state", async () => {
    const res = await asStaff(node).get("/api/staff/organizations/axa");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: "axa", posts: 4, engagement: 6, handles: { x: "AXA_Recrute" } });
    const ids = (list: { post: Post }[]) => list.map((item) => item.post.id);
    expect(ids(res.body.lists.posts)).toEqual(["org-10", "org-3", "org-2", "org-1"]);
    expect(ids(res.body.lists.offers)).toEqual(["org-1"]);
    expect(ids(res.body.lists.retweets)).toEqual(["at://did:plc:p6/app.bsky.feed.post/1", "org-5", "org-4"]);
    expect(ids(res.body.lists.mentions)).toEqual(["org-12", "org-7", "org-6"]);
    expect(res.body.lists.mentions[2]).toMatchObject({ state: "hidden", hidden: true });
    expect(res.body.lists.mentions[1]).toMatchObject({ state: "visible" });

    expect((await asStaff(node).get("/api/staff/organizations/no-such-org")).status).toBe(404);
  });

  it("stores the hires an organization reports, and validates them", async () => {
    expect((await asStaff(node).put("/api/organizations/axa/hires").send({ hires: 12 })).body).toEqual({ id: "axa", hires: 12 });
    expect((await asStaff(node).put("/api/organizations/philips/hires").send({ hires: 3 })).status).toBe(200);
    const unknown = await asStaff(node).put("/api/organizations/acme/hires").send({ hires: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no organization "acme"/);
    for (const body of [{ hires: -1 }, { hires: 1.5 }, { hires: "3" }, {}]) {
      const res = await asStaff(node).put("/api/organizations/axa/hires").send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(/hires.*expected a body such as \{ "hires": 12 \}/);
    }
    const board = await asStaff(node).get("/api/staff/organizations");
    expect(board.body.organizations.find((o: OrganizationEntry) => o.id === "axa").hires).toBe(12);
    expect((await asStaff(node).get("/api/staff/organizations/philips")).body.hires).toBe(3);
  });

  it("logs who changed an organization's hires, from what to what, in the audit log", async () => {
    await asStaff(node).put("/api/organizations/axa/hires").send({ hires: 12 });
    // The store's revision: a moderation action that changes nothing answers it, and logs nothing.
    const storeRev = async () => ((await asStaff(node).put("/api/moderation/mode").send({ mode: "auto" })).body as { rev: number }).rev;
    const rev = await storeRev();
    const changed = await asStaff(node).put("/api/organizations/axa/hires").set("X-Pulse-Actor", encodeURIComponent("Zoé")).send({ hires: 15 });
    expect(changed.body).toEqual({ id: "axa", hires: 15 });
    // Refused edits and the same value again leave no entry.
    await asStaff(node).put("/api/organizations/axa/hires").send({ hires: 15 });
    await asStaff(node).put("/api/organizations/axa/hires").send({ hires: -4 });
    await asStaff(node).put("/api/organizations/acme/hires").send({ hires: 4 });
    const audit = await asStaff(node).get("/api/moderation/audit?limit=1");
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual([
      {
        at: expect.any(String),
        actor: "staff:bearer:Zoé",
        via: "bearer",
        name: "Zoé",
        action: { type: "setHires", orgId: "axa", hires: 15, previous: 12 },
        rev,
      },
    ]);
    // A hires edit moves no store revision.
    expect(await storeRev()).toBe(rev);
  });

  it("sums offers, engagement and hires per organization and per country", async () => {
    await asStaff(node).put("/api/organizations/axa/hires").send({ hires: 12 });
    await asStaff(node).put("/api/organizations/philips/hires").send({ hires: 3 });
    const res = await asStaff(node).get("/api/staff/roi");
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ organizations: node.pulse.campaign.organizations.length, offers: 2, engagement: 8, hires: 15, hiresPerOffer: 7.5 });
    expect(res.body.organizations[0]).toEqual({ id: "axa", name: "Axa", country: "FR", offers: 1, engagement: 6, hires: 12, hiresPerOffer: 12 });
    const countries = Object.fromEntries((res.body.countries as { country: string }[]).map((c) => [c.country, c]));
    expect(countries.FR).toMatchObject({ offers: 1, engagement: 7, hires: 12, hiresPerOffer: 12 });
    expect(countries.NL).toMatchObject({ offers: 1, engagement: 1, hires: 3, hiresPerOffer: 3 });
    expect(countries.GB).toMatchObject({ offers: 0, engagement: 0, hires: 0, hiresPerOffer: null });
    const codes = res.body.countries.map((c: { country: string }) => c.country);
    expect(codes).toEqual([...codes].sort());
  });
});
