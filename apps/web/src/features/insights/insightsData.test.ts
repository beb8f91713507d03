import { emptyInsights } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { testPost as post } from "../../lib/testFixtures";
import {
  carriesHashtag,
  entriesWithHashtag,
  hasInsightData,
  insightRows,
  languageName,
  languageRows,
  OTHER_LANGUAGES,
  risingRows,
  UNKNOWN_LANGUAGE,
} from "./insightsData";

describe("insight lists", () => {
  it("keep the server's order up to the limit, with bars relative to the leader", () => {
    const hashtags = [
      { tag: "emploi", posts: 8 },
      { tag: "cdi", posts: 4 },
      { tag: "stage", posts: 2 },
    ];
    expect(insightRows(hashtags, (h) => h.tag, 2)).toEqual([
      { key: "emploi", posts: 8, share: 1, entry: hashtags[0] },
      { key: "cdi", posts: 4, share: 0.5, entry: hashtags[1] },
    ]);
    expect(insightRows([{ tag: "gone", posts: 0 }], (h) => h.tag, 5)).toEqual([]);
  });

  it("rank languages with their share of all posts, folding the tail into one row", () => {
    expect(languageRows({ fr: 6, en: 3, [UNKNOWN_LANGUAGE]: 1, de: 0 })).toEqual([
      { lang: "fr", posts: 6, share: 0.6 },
      { lang: "en", posts: 3, share: 0.3 },
      { lang: UNKNOWN_LANGUAGE, posts: 1, share: 0.1 },
    ]);
    expect(languageRows({ fr: 5, en: 2, de: 2, nl: 1 }, 3)).toEqual([
      { lang: "fr", posts: 5, share: 0.5 },
      { lang: "de", posts: 2, share: 0.2 },
      { lang: OTHER_LANGUAGES, posts: 3, share: 0.3 },
    ]);
  });

  it("keep only the terms that gained posts, marking those new this hour", () => {
    const rising = [
      { term: "salon", lastHour: 9, previousHour: 0 },
      { term: "recrutement", lastHour: 7, previousHour: 3 },
      { term: "flat", lastHour: 2, previousHour: 2 },
    ];
    expect(risingRows(rising, 5)).toEqual([
      { term: "salon", lastHour: 9, previousHour: 0, gain: 9, fresh: true },
      { term: "recrutement", lastHour: 7, previousHour: 3, gain: 4, fresh: false },
    ]);
    expect(risingRows(rising, 1).map((row) => row.term)).toEqual(["salon"]);
  });

  it("name languages in the UI's locale", () => {
    expect(languageName("fr", "en-GB", "Unknown")).toBe("French");
    expect(languageName("nl", "fr-FR", "Inconnue")).toBe("néerlandais");
    expect(languageName(UNKNOWN_LANGUAGE, "fr-FR", "Inconnue")).toBe("Inconnue");
    expect(languageName("not a tag!", "fr-FR", "Inconnue")).toBe("not a tag!");
  });

  it("wait for data until a post is counted", () => {
    expect(hasInsightData(undefined)).toBe(false);
    expect(hasInsightData(emptyInsights())).toBe(false);
    expect(hasInsightData({ ...emptyInsights(), languages: { fr: 1 } })).toBe(true);
  });
});

describe("the feed's hashtag filter", () => {
  const jobs = post("1", { hashtags: ["VotreJob", "Emploi"] });
  const other = post("2", { hashtags: ["votrejob"] });
  const pinned = post("3", { hashtags: ["#emploi"] });

  it("matches hashtags whatever their case or #", () => {
    expect(carriesHashtag(jobs, "emploi")).toBe(true);
    expect(carriesHashtag(pinned, "EMPLOI")).toBe(true);
    expect(carriesHashtag(other, "emploi")).toBe(false);
  });

  it("keeps the entries carrying the tag, pinned ones included, and all of them without a tag", () => {
    const entries = [
      { post: pinned, pinned: true },
      { post: jobs, pinned: false },
      { post: other, pinned: false },
    ];
    expect(entriesWithHashtag(entries, "emploi").map(({ post: p }) => p.id)).toEqual(["3", "1"]);
    expect(entriesWithHashtag(entries, null)).toBe(entries);
  });
});
