import type { Post } from "../../src/models.js";

/**
 * What both X normalizers make of the tests' hand-written tweet by Marie Dupont (x-v1's `status()`, x-v2's
 * `message()`), but for the id, version and text, which each format spells its own way.
 */
export const MARIE_TWEET: Omit<Post, "id" | "text"> = {
  network: "x",
  createdAt: "2015-06-10T09:15:30.000Z",
  author: { id: "42", handle: "Marie_Dupont", name: "Marie Dupont", followers: 1234, verified: false },
  lang: "fr",
  country: "FR",
  hashtags: ["votrejob"],
  mentions: ["poleemploi"],
  urls: ["https://example.org/jobs", "https://t.co/only-short"],
  kind: "original",
};
