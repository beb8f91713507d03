import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDelete, applyPost, createState, toSnapshot } from "../src/aggregate.js";
import { compareKeys, HOUR_MS, RankedCounts, RisingWindow } from "../src/insight-book.js";
import { createInsightReader, linkDomain, MAX_TERMS_PER_POST, postInsight, risingWords } from "../src/post-insight.js";
import type { Campaign, Post } from "../src/models.js";

const T0 = Date.UTC(2015, 1, 24, 8, 0, 0);

function post(id: string, fields: Partial<Post> & { minute?: number } = {}): Post {
  const { minute = 0, ...rest } = fields;
  return {
    network: "x",
    id,
    createdAt: new Date(T0 + minute * 60_000).toISOString(),
    text: `post ${id}`,
    author: { id: `a-${id}`, handle: `h${id}` },
    hashtags: [],
    mentions: [],
    urls: [],
    kind: "original",
    ...rest,
  };
}

const campaign: Pick<Campaign, "hashtags" | "organizations"> = {
  hashtags: [{ tag: "VotreJob", country: "FR" }],
  organizations: [
    { id: "orange", name: "Orange", country: "FR", kind: "company", handles: { x: "OrangeRecrute", mastodon: "orange@mastodon.social" } },
    { id: "axa", name: "Axa", country: "FR", kind: "company", handles: { x: "AXA" } },
  ],
};

describe("postInsight", () => {
  const reader = createInsightReader(campaign);

  it("leaves the campaign's own hashtags out, keeps each entry once, and reads domains after t.co's expansion", () => {
    const insight = postInsight(
      post("1", {
        hashtags: ["VotreJob", "CDI", "cdi", "#Emploi"],
        mentions: ["@AXA", "axa", "bob"],
        urls: ["https://www.Orange.com/jobs", "https://orange.com/other", "not a url", "https://t.co/abc"],
        lang: "fr",
        author: { id: "u", handle: "@Zoe", name: "Zoé" },
      }),
      reader,
    );
    expect(insight.hashtags).toEqual(["cdi", "emploi"]);
    expect(insight.mentions).toEqual(["axa", "bob"]);
    expect(insight.domains).toEqual(["orange.com", "t.co"]);
    expect(insight.author).toEqual({ key: "x:zoe", handle: "Zoe", network: "x", name: "Zoé" });
    expect(insight.lang).toBe("fr");
    expect(insight.mentionedOrgs).toEqual(["axa"]);
    expect(postInsight(post("2", { lang: "  " })).lang).toBe("unknown");
  });

  it("takes words of four letters or more outside the French, English, German and Dutch stop words, never URLs, mentions or hashtags", () => {
    expect(risingWords("Nous recrutons des Développeurs aujourd'hui avec @OrangeRecrute https://example.org/emplois #VotreJob")).toEqual([
      "recrutons",
      "développeurs",
      "aujourd",
    ]);
    expect(risingWords("We are hiring nurses because they would be great")).toEqual(["hiring", "nurses", "great"]);
    expect(risingWords("Wir suchen Pflegekräfte, weil diese Arbeit wichtig ist")).toEqual(["suchen", "pflegekräfte", "arbeit", "wichtig"]);
    expect(risingWords("Wij zoeken verpleegkundigen omdat zij werken")).toEqual(["zoeken", "verpleegkundigen", "werken"]);
  });

  it("puts hashtags first among the rising terms and keeps at most MAX_TERMS_PER_POST", () => {
    const words = Array.from({ length: 50 }, (_, i) => `mot${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const insight = postInsight(post("3", { hashtags: ["zeta"], text: words.join(" ") }), reader);
    expect(insight.terms).toHaveLength(MAX_TERMS_PER_POST);
    expect(insight.terms[0]).toBe("zeta");
  });

  it("counts an organization's own original or quote as its offer, and its own mention of itself as none", () => {
    const own = post("4", { author: { id: "o", handle: "orangerecrute" }, orgId: "orange", text: "Nous recrutons ! Poste à pourvoir en CDI", mentions: ["OrangeRecrute"] });
    expect(postInsight(own, reader)).toMatchObject({ offerBy: "orange", mentionedOrgs: [] });
    expect(postInsight({ ...own, kind: "retweet" }, reader).offerBy).toBeUndefined();
    expect(postInsight(post("5", { text: "Bravo @orange@mastodon.social" }), reader).mentionedOrgs).toEqual(["orange"]);
  });

  it("reads a link's domain, or nothing", () => {
    expect(linkDomain("HTTPS://WWW.Example.ORG./path")).toBe("example.org");
    expect(linkDomain("mailto:someone@example.org")).toBeUndefined();
    expect(linkDomain("//nohost")).toBeUndefined();
  });
});

describe("the insight counters", () => {
  it("keep the top of a count as a full sort would, under any increments and decrements", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "é", "😀", "ab", "B"), fc.constantFrom(1, 1, 1, -1)), { maxLength: 200 }), (steps) => {
        const ranked = new RankedCounts(3);
        const naive = new Map<string, number>();
        for (const [key, by] of steps) {
          // Like the stores: only what was counted is taken out.
          if (by < 0 && (naive.get(key) ?? 0) === 0) continue;
          ranked.add(key, by);
          naive.set(key, (naive.get(key) ?? 0) + by);
          const expected = [...naive]
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]))
            .slice(0, 3);
          expect(ranked.top()).toEqual(expected);
        }
      }),
    );
  });

  it("orders keys by code point, as Redis orders equal scores by their UTF-8 bytes", () => {
    const keys = ["z", "\uffff", "😀", "é", "A"];
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareKeys)).toEqual(bytes);
  });

  it("rank rising terms as counting every live post in the last two hours before the newest would", () => {
    const op = fc.oneof(
      fc.record({ add: fc.constant(true as const), minute: fc.integer({ min: 0, max: 300 }), terms: fc.subarray(["cdi", "stage", "emploi"], { minLength: 1 }) }),
      fc.record({ add: fc.constant(false as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const window = new RisingWindow();
        const live: { minute: number; terms: string[] }[] = [];
        let newest = Number.NEGATIVE_INFINITY;
        for (const step of ops) {
          if (step.add) {
            const minute = T0 + step.minute * 60_000;
            window.add(step.terms, minute, 1);
            live.push({ minute, terms: step.terms });
            newest = Math.max(newest, minute);
          } else if (live.length > 0) {
            const [gone] = live.splice(step.index % live.length, 1);
            if (gone) window.add(gone.terms, gone.minute, -1);
          }
        }
        const count = (term: string, from: number, to: number) => live.filter((p) => p.minute > from && p.minute <= to && p.terms.includes(term)).length;
        const expected = ["cdi", "stage", "emploi"]
          .map((term) => ({ term, lastHour: count(term, newest - HOUR_MS, newest), previousHour: count(term, newest - 2 * HOUR_MS, newest - HOUR_MS) }))
          .filter((r) => r.lastHour > r.previousHour)
          .sort((a, b) => b.lastHour - b.previousHour - (a.lastHour - a.previousHour) || compareKeys(a.term, b.term));
        expect(window.top()).toEqual(expected);
      }),
    );
  });

  it("languages add up to totals.posts after any posts, duplicates, edits and deletes", () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("post" as const),
        id: fc.constantFrom("1", "2", "3", "4", "5"),
        version: fc.integer({ min: 0, max: 2 }),
        lang: fc.constantFrom(undefined, "fr", "en", "de", ""),
      }),
      fc.record({ kind: fc.constant("delete" as const), id: fc.constantFrom("1", "2", "3", "4", "5", "6") }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const state = createState("c");
        for (const s of steps) {
          if (s.kind === "post") applyPost(state, post(s.id, { version: s.version, ...(s.lang === undefined ? {} : { lang: s.lang }) }));
          else applyDelete(state, `x:${s.id}`);
          const { totals, insights } = toSnapshot(state);
          const languages = Object.values(insights?.languages ?? {}).reduce((a, b) => a + b, 0);
          expect(languages).toBe(totals.posts);
          expect(Object.values(insights?.languages ?? {}).every((n) => n > 0)).toBe(true);
        }
      }),
    );
  });
});
