import { describe, expect, it } from "vitest";
import { embedEn, embedFr } from "../embeds/embedMessages";
import { en } from "./en";
import { fr } from "./fr";

/**
 * A post shared again is called by one word in each language, on every page (dashboard, wall, staff console,
 * embeds): "Repost" in English (X, Mastodon and Bluesky alike, not X's "Retweet"), "Partage" in French.
 */
const CATALOGUES = [
  { lang: "en", word: /\brepost/i, others: /retweet|reshare|boost|reblog/i, messages: [en, embedEn] },
  { lang: "fr", word: /\bpartage/i, others: /retweet|repost|repartage|republication|reblog/i, messages: [fr, embedFr] },
] as const;

describe("the word for a repost", () => {
  for (const { lang, word, others, messages } of CATALOGUES) {
    it(`is the same on every page in ${lang}`, () => {
      const texts = messages.flatMap((dict) => Object.entries(dict as Record<string, string>));
      expect(texts.filter(([, text]) => others.test(text))).toEqual([]);
      // The kind's own name uses the word, in the app and in the embeds.
      for (const dict of messages) expect((dict as Record<string, string>)["kind.retweet"]).toMatch(word);
    });
  }
});
