/**
 * What one post adds to its campaign's insights (insights.ts), read once at ingest: the stores count it and keep it
 * with the post's record, so a delete or an edit takes out exactly what it added. Pure.
 */
import { deu, eng, fra, nld } from "stopword";
import { normalizeHandle, normalizeTag } from "./attribute.js";
import type { z } from "zod";
import type { PostInsightSchema } from "./insights.js";
import type { Campaign, Post } from "./models.js";
import { OrganizationMatcher } from "./organization-links.js";
import { UNKNOWN_LANGUAGE } from "./insight-lists.js";
import { parseUrl } from "./url-parser.js";

/** Most rising terms one post adds (its hashtags first, then its words in text order). */
export const MAX_TERMS_PER_POST = 32;
/** Longer terms, hashtags and domains are left out of the insights (they would only cost memory). */
export const MAX_TERM_LENGTH = 64;
/** Words shorter than this are not rising terms. */
export const MIN_WORD_LETTERS = 4;


/**
 * What one post adds to the insights (its schema is `PostInsightSchema`). Every list holds distinct entries:
 * `hashtags` other than the campaign's own (lower case, no `#`); `mentions` (lower case, no `@`); the `author`
 * (`key` is `network:handle` in lower case; the rest is how to show them); link `domains` (lower case, no `www.`);
 * `lang` or `unknown`; rising `terms` (its hashtags, then its words of four letters or more outside the stop words);
 * `offerBy`, the organization whose job offer it is (its own original or quote); `mentionedOrgs`, the organizations
 * it mentions (not its author's).
 */
export type PostInsight = z.infer<typeof PostInsightSchema>;

/** The French, English, German and Dutch stop words, lower case. */
const STOP_WORDS = new Set([...fra, ...eng, ...deu, ...nld].map((word) => word.toLowerCase()));

// One pass over the text: URLs, mentions (`@user`, `@user@instance`) and hashtags match the first group and are
// skipped; words match the second.
const WORDS = /(https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{M}\p{N}_.@-]*)|([\p{L}\p{M}]+)/gu;

/** How a campaign is read for insights: its own hashtags (left out) and its organizations. */
export interface InsightReader {
  ownTags: Set<string>;
  organizations: OrganizationMatcher;
}

/** Builds the reader of a campaign; without one, no hashtag is left out and no organization is known. */
export function createInsightReader(campaign?: Pick<Campaign, "hashtags" | "organizations">): InsightReader {
  return {
    ownTags: new Set((campaign?.hashtags ?? []).map(({ tag }) => normalizeTag(tag))),
    organizations: new OrganizationMatcher({ organizations: campaign?.organizations ?? [] }),
  };
}

/** The host of a URL without `www.`, lower case; undefined when it is no URL. */
export function linkDomain(url: string): string | undefined {
  const host = parseUrl(url)?.hostname.toLowerCase().replace(/^www\./, "").replace(/\.$/, "");
  return host && host.length <= MAX_TERM_LENGTH ? host : undefined;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Adds the words of `text` that can be rising terms (lower case, not in `seen`, in text order) to `into` and `seen`,
 * until `into` holds `limit`. Ingest runs it for every post, so it allocates only what it keeps.
 */
function addRisingWords(text: string, into: string[], seen: Set<string>, limit: number): void {
  if (into.length >= limit) return;
  const lower = text.toLowerCase();
  // exec on the one regex, not matchAll (which copies it per call).
  WORDS.lastIndex = 0;
  for (let match = WORDS.exec(lower); match !== null; match = WORDS.exec(lower)) {
    const word = match[2];
    if (word === undefined || word.length < MIN_WORD_LETTERS || word.length > MAX_TERM_LENGTH) continue;
    // Letters, not UTF-16 units, are counted, but only where the two can differ (a letter past U+FFFF).
    if (word.length < 2 * MIN_WORD_LETTERS && SURROGATE.test(word) && [...word].length < MIN_WORD_LETTERS) continue;
    if (seen.has(word) || STOP_WORDS.has(word)) continue;
    seen.add(word);
    into.push(word);
    if (into.length >= limit) return;
  }
}

/** The words of a text that can be rising terms, lower case, distinct, in text order. */
export function risingWords(text: string): string[] {
  const words: string[] = [];
  addRisingWords(text, words, new Set(), Number.POSITIVE_INFINITY);
  return words;
}

/** How the insights show a post's author: their key (`network:handle` in lower case), handle, name and organization. */
export function insightAuthor(post: Post): PostInsight["author"] {
  const handle = post.author.handle.replace(/^@+/, "");
  const author: PostInsight["author"] = { key: `${post.network}:${normalizeHandle(handle)}`, handle, network: post.network };
  if (post.author.name) author.name = post.author.name;
  if (post.orgId) author.orgId = post.orgId;
  return author;
}

/** The distinct values of `raw` as `normalize` reads them, without empty or overlong ones and those `leave` names. */
function distinctOf(raw: readonly string[], normalize: (value: string) => string | undefined, leave?: Set<string>): string[] {
  const out: string[] = [];
  for (const value of raw) {
    const v = normalize(value);
    // A post holds at most 100 of each: a linear look beats a Set's allocation.
    if (v && v.length <= MAX_TERM_LENGTH && !leave?.has(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** What `post` (attributed: `orgId` set) adds to the insights of the campaign `reader` reads. */
export function postInsight(post: Post, reader: InsightReader = createInsightReader()): PostInsight {
  const hashtags = distinctOf(post.hashtags, normalizeTag, reader.ownTags);
  const terms = hashtags.length > MAX_TERMS_PER_POST ? hashtags.slice(0, MAX_TERMS_PER_POST) : [...hashtags];
  addRisingWords(post.text, terms, new Set(terms), MAX_TERMS_PER_POST);
  const links = reader.organizations.links(post);
  const mentionedOrgs: string[] = [];
  for (const org of links.mentions) mentionedOrgs.push(org.id);
  const insight: PostInsight = {
    hashtags,
    mentions: distinctOf(post.mentions, normalizeHandle),
    author: insightAuthor(post),
    domains: distinctOf(post.urls, linkDomain),
    lang: post.lang?.trim() || UNKNOWN_LANGUAGE,
    terms,
    mentionedOrgs,
  };
  if (links.offerBy) insight.offerBy = links.offerBy.id;
  return insight;
}

/**
 * What a stored record keeps of a post's insight, to take it out again: one JSON array of its fields without the
 * author's display (a delete needs only the author's key), a third of the heap an object of arrays takes.
 */
export function storedInsight(insight: PostInsight): string {
  const { hashtags, mentions, author, domains, lang, terms, offerBy, mentionedOrgs } = insight;
  return JSON.stringify([hashtags, mentions, author.key, domains, lang, terms, offerBy ?? "", mentionedOrgs]);
}

/** The insight a record keeps ({@link storedInsight}); its author has only the key, unless `author` is given. */
export function readStoredInsight(stored: string, author?: PostInsight["author"]): PostInsight {
  const [hashtags, mentions, key, domains, lang, terms, offerBy, mentionedOrgs] = JSON.parse(stored) as [
    string[],
    string[],
    string,
    string[],
    string,
    string[],
    string,
    string[],
  ];
  const insight: PostInsight = { hashtags, mentions, author: author ?? { key, handle: "", network: "" }, domains, lang, terms, mentionedOrgs };
  if (offerBy) insight.offerBy = offerBy;
  return insight;
}
