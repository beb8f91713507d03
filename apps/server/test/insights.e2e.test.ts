/**
 * Insights end to end (contract v2, "Insights"): posts go in over HTTP ingest, `GET /api/insights` answers the exact
 * counts, a Socket.IO client that asks for insights (`auth.insights: true`) follows them live while one that does
 * not never gets them, and staff export them as CSV. The counting rules are the store contract's ("insights").
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointPath, type Insights, type Post, type Snapshot } from "@pulse/shared";
import { poll } from "@pulse/testkit/wait";
import { LiveClient, makePost, startPulse, waitFor, type RunningPulse } from "./support/start-pulse.js";
import { asStaff, ingest, INGEST_TOKEN, STAFF_ENV } from "./staff/staff-support.js";

/** An X post of the built-in campaign (#VotreJob), numbered so a v1.1 delete notice can name it. */
function xPost(n: number, overrides: Partial<Post> = {}): Post {
  return makePost({ network: "x", id: String(9_000_000 + n), author: { id: `u${n}`, handle: `User${n}`, name: `User ${n}` }, ...overrides });
}

describe("insights over HTTP and Socket.IO", () => {
  let node: RunningPulse;

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
  });
  afterAll(async () => {
    await node.close();
  });

  /** The insights once `done` holds: the route answers what clients hold, a relay tick after the store. */
  const insightsWhen = (done: (insights: Insights) => boolean, what: string) => poll(insights, done, 5_000, what);
  const insights = async () => {
    const res = await request(node.url).get(endpointPath("insights"));
    expect(res.status).toBe(200);
    return res.body as Insights;
  };

  it("counts hashtags, mentions, posters, domains, languages and rising terms exactly, live for clients that ask", async () => {
    const asking = new LiveClient({ urls: [node.url], auth: { insights: true } });
    const plain = new LiveClient({ urls: [node.url] });
    await Promise.all([asking.ready(), plain.ready()]);
    expect(asking.state?.insights?.hashtags).toEqual([]);

    const posts = [
      xPost(1, {
        text: "Nous recrutons des ingénieurs #VotreJob #CDI avec @OrangeRecrute https://t.co/a",
        hashtags: ["VotreJob", "CDI"],
        mentions: ["OrangeRecrute"],
        urls: ["https://www.orange.com/jobs/123"],
        lang: "fr",
      }),
      xPost(2, { text: "Ingénieurs wanted #VotreJob #CDI", hashtags: ["votrejob", "cdi"], lang: "en", urls: ["https://orange.com/x"] }),
      xPost(3, { text: "#VotreJob #Alternance", hashtags: ["votrejob", "alternance"], mentions: ["@orangerecrute", "axa"] }),
    ];
    await ingest(node, posts);
    const counted = await insightsWhen((i) => i.languages.unknown === 1, "the three posts counted");
    expect(counted).toMatchObject({
      campaign: node.pulse.campaign.id,
      // The campaign's own #VotreJob is left out; most first, ties by tag.
      hashtags: [
        { tag: "cdi", posts: 2 },
        { tag: "alternance", posts: 1 },
      ],
      mentions: [
        { handle: "orangerecrute", posts: 2 },
        { handle: "axa", posts: 1 },
      ],
      domains: [{ domain: "orange.com", posts: 2 }],
      languages: { fr: 1, en: 1, unknown: 1 },
      // Orange's handle is mentioned by two posts of others.
      mentionsByOrganization: { orange: 2 },
    });
    expect(counted.authors).toEqual([
      { handle: "User1", name: "User 1", network: "x", posts: 1 },
      { handle: "User2", name: "User 2", network: "x", posts: 1 },
      { handle: "User3", name: "User 3", network: "x", posts: 1 },
    ]);
    expect(counted.rising.find((r) => r.term === "ingénieurs")).toEqual({ term: "ingénieurs", lastHour: 2, previousHour: 0 });
    // "des", "avec" are stop words, and the campaign's own hashtag is no rising term.
    expect(counted.rising.map((r) => r.term)).not.toContain("votrejob");
    expect(counted.rising.map((r) => r.term)).not.toContain("avec");

    // The asking client gets the same, live; the other one never gets insights.
    await waitFor(() => asking.state?.insights?.hashtags.length === 2, 5_000, "the insights on the asking client");
    const { campaign: _campaign, ...state } = counted;
    expect(asking.state?.insights).toEqual(state);
    await waitFor(() => plain.state?.totals.posts === asking.state?.totals.posts, 5_000, "the counters on the plain client");
    expect(plain.state?.insights).toBeUndefined();
    expect(plain.deltas.every((delta) => delta.insights === undefined)).toBe(true);
    expect(asking.deltas.some((delta) => delta.insights?.hashtags !== undefined)).toBe(true);
    // The v1 snapshot keeps its shape.
    expect(((await request(node.url).get("/api/snapshot")).body as Snapshot).insights).toBeUndefined();

    // Moderation changes nothing; a delete takes its post out again.
    expect((await asStaff(node).post(endpointPath("postAction", { params: { network: "x", id: posts[0]!.id, action: "hide" } }))).status).toBe(200);
    expect(await insights()).toEqual(counted);
    const deleted = await request(node.url)
      .post("/api/ingest")
      .set("Authorization", `Bearer ${INGEST_TOKEN}`)
      .send([{ delete: { status: { id_str: posts[0]!.id, user_id_str: "u1" } } }]);
    expect(deleted.body).toMatchObject({ deleted: 1 });
    const after = await insightsWhen((i) => i.languages.fr === undefined, "the delete counted");
    expect(after.hashtags).toEqual([
      { tag: "alternance", posts: 1 },
      { tag: "cdi", posts: 1 },
    ]);
    expect(after.languages).toEqual({ en: 1, unknown: 1 });
    expect(after.mentionsByOrganization).toEqual({ orange: 1 });
    expect(after.authors.map((a) => a.handle)).toEqual(["User2", "User3"]);
    await waitFor(() => asking.state?.insights?.hashtags[0]?.tag === "alternance", 5_000, "the delete on the asking client");
    const { campaign: _c, ...afterState } = after;
    // A map entry that fell to 0 reaches the client as 0: the same numbers, with `fr: 0`.
    expect({ ...asking.state?.insights, languages: { ...asking.state?.insights?.languages, fr: undefined } }).toEqual({
      ...afterState,
      languages: { ...afterState.languages, fr: undefined },
    });
    asking.close();
    plain.close();
  });

  it("counts an organization's job offers, answers per campaign, 404 for an unknown one, and exports CSV", async () => {
    const offer = xPost(10, {
      author: { id: "orange-x", handle: "OrangeRecrute" },
      text: "Nous recrutons ! Poste à pourvoir en CDI à Lyon #VotreJob",
      lang: "fr",
    });
    await ingest(node, [offer]);
    expect((await insightsWhen((i) => i.offersByOrganization.orange !== undefined, "the offer counted")).offersByOrganization).toEqual({ orange: 1 });
    const byId = await request(node.url).get(endpointPath("campaignInsights", { params: { id: node.pulse.campaign.id } }));
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(await insights());
    const unknown = await request(node.url).get(endpointPath("campaignInsights", { params: { id: "no-such-campaign" } }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no-such-campaign/);

    const csv = await asStaff(node).get(endpointPath("exportInsights"));
    expect(csv.status).toBe(200);
    expect(csv.type).toBe("text/csv");
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe("section,rank,key,name,organization_id,posts,last_hour,previous_hour");
    expect(lines).toContain("organization_offers,1,orange,,,1,,");
    expect(lines).toContain("author,1,OrangeRecrute,,orange,1,,");
    expect(lines.filter((line) => line.startsWith("language,"))).toHaveLength(Object.keys((await insights()).languages).length);
  });
});
