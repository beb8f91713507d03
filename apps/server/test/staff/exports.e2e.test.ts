import { parse } from "csv-parse/sync";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minuteOf, type Post } from "@pulse/shared";
import { makePost, startPulse, type RunningPulse } from "../support/start-pulse.js";
import { POSTS_COLUMNS, AGGREGATES_COLUMNS } from "../../src/staff/csv-export.js";
import { asStaff, ingestOnRelay, postAction, STAFF_ENV, STAFF_TOKEN } from "./staff-support.js";

const TRICKY = 'Il a dit "bonjour", puis:\nligne 2, avec virgule\r\net fin';

const POSTS: Post[] = [
  makePost({ network: "x", id: "csv-1", author: { id: "axa-x", handle: "AXA_Recrute", name: "AXA Recrute" }, createdAt: "2015-02-24T09:00:10.000Z", text: "Nous recrutons en CDI ! Postulez ici #VotreJob", lang: "fr" }),
  makePost({ network: "x", id: "csv-2", author: { id: "p1", handle: "person1" }, createdAt: "2015-02-24T09:00:40.000Z", text: TRICKY }),
  makePost({ network: "x", id: "csv-3", author: { id: "p2", handle: "person2" }, createdAt: "2015-02-24T09:01:05.000Z", text: "=HYPERLINK(\"http://evil.example\",\"clic\") #YourJobUK", hashtags: ["yourjobuk"] }),
  makePost({ network: "other", id: "csv-4", author: { id: "p3", handle: "@tricky" }, createdAt: "2015-02-24T09:01:30.000Z", text: "+33 6 12 34 56 78 @AXA_Recrute -5 #VotreJob", kind: "reply" }),
];

function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe("CSV exports", () => {
  let node: RunningPulse;

  beforeAll(async () => {
    node = await startPulse(STAFF_ENV);
    await ingestOnRelay(node, POSTS);
    await asStaff(node).post(postAction("x", "csv-2", "hide"));
    await asStaff(node).post(postAction("x", "csv-1", "pin"));
    await asStaff(node).put("/api/organizations/axa/hires").send({ hires: 4 });
  });
  afterAll(async () => {
    await node.close();
  });

  it("exports posts.csv: a header row, one row a post, quoting and formula escaping", async () => {
    const res = await asStaff(node).get("/api/export/posts.csv").buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(null, Buffer.concat(chunks).toString("utf8")));
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="?european-jobs-day-2015-posts-\d{8}-\d{4}\.csv"?$/);
    const text = res.body as string;
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...POSTS_COLUMNS]);
    expect(rows).toHaveLength(POSTS.length);
    const byId = new Map(rows.map((row) => [row[1], Object.fromEntries(header!.map((h, i) => [h, row[i]]))]));

    expect(byId.get("csv-1")).toEqual({
      network: "x",
      id: "csv-1",
      created_at: "2015-02-24T09:00:10.000Z",
      author_handle: "AXA_Recrute",
      author_id: "axa-x",
      author_name: "AXA Recrute",
      country: "FR",
      organization_id: "axa",
      organization_name: "Axa",
      kind: "original",
      moderation_state: "visible",
      pinned: "true",
      job_offer: "true",
      lang: "fr",
      text: "Nous recrutons en CDI ! Postulez ici #VotreJob",
    });
    // Commas, quotes and newlines survive a round trip.
    expect(byId.get("csv-2")).toMatchObject({ moderation_state: "hidden", pinned: "false", job_offer: "false", text: TRICKY, organization_id: "" });
    // Cells a spreadsheet would run are prefixed with a quote.
    expect(byId.get("csv-3")).toMatchObject({ country: "GB", text: `'=HYPERLINK("http://evil.example","clic") #YourJobUK` });
    expect(byId.get("csv-4")).toMatchObject({ author_handle: "'@tricky", text: "'+33 6 12 34 56 78 @AXA_Recrute -5 #VotreJob", kind: "reply" });
    // In the raw file the quote-bearing text is quoted with doubled quotes.
    expect(text).toContain('"Il a dit ""bonjour"", puis:\nligne 2, avec virgule\r\net fin"');
  });

  it("starts the file with a byte order mark for Excel when asked", async () => {
    const res = await request(node.url).get("/api/export/posts.csv?bom=1").set("Authorization", `Bearer ${STAFF_TOKEN}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(null, Buffer.concat(chunks)));
    });
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(bytes.toString("utf8"))[0]).toEqual([...POSTS_COLUMNS]);
  });

  it("exports aggregates.csv: posts per minute and country, then per organization with ROI figures", async () => {
    const res = await asStaff(node).get("/api/export/aggregates.csv");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="?european-jobs-day-2015-aggregates-\d{8}-\d{4}\.csv"?$/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...AGGREGATES_COLUMNS]);
    const objects = rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]])));
    const minutes = objects.filter((o) => o.section === "minute_country");
    const organizations = objects.filter((o) => o.section === "organization");
    expect(minutes.length + organizations.length).toBe(rows.length);
    // Minute rows come first.
    expect(objects.findIndex((o) => o.section === "organization")).toBe(minutes.length);

    const nine = minuteOf("2015-02-24T09:00:00.000Z");
    const blank = { organization_id: "", organization_name: "", offers: "", mentions: "", retweets_of_its_posts: "", engagement: "", hires: "" };
    expect(minutes).toEqual([
      { section: "minute_country", minute_utc: "2015-02-24T09:00:00Z", t: String(nine), country: "FR", posts: "2", ...blank },
      { section: "minute_country", minute_utc: "2015-02-24T09:01:00Z", t: String(nine + 60_000), country: "FR", posts: "1", ...blank },
      { section: "minute_country", minute_utc: "2015-02-24T09:01:00Z", t: String(nine + 60_000), country: "GB", posts: "1", ...blank },
    ]);
    // The minute rows add up to the timeline.
    const snapshot = node.pulse.relay.snapshot();
    expect(minutes.reduce((sum, o) => sum + Number(o.posts), 0)).toBe(snapshot.totals.posts);

    expect(organizations).toHaveLength(node.pulse.campaign.organizations.length);
    expect(organizations[0]).toEqual({
      section: "organization",
      minute_utc: "",
      t: "",
      country: "FR",
      organization_id: "axa",
      organization_name: "Axa",
      posts: "1",
      offers: "1",
      mentions: "1",
      retweets_of_its_posts: "0",
      engagement: "1",
      hires: "4",
    });
  });

  it("needs staff credentials", async () => {
    expect((await request(node.url).get("/api/export/posts.csv")).status).toBe(401);
    expect((await request(node.url).get("/api/export/aggregates.csv")).status).toBe(401);
  });
});
