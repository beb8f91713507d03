import { createHash } from "node:crypto";
import { builtInCampaign, PostSchema, type Campaign, type Post } from "@pulse/shared";
import { describe, expect, it } from "vitest";
import { createSimulation, dailyActivity } from "../src/index.js";

const SEED = 20150224;
const HOUR = 3_600_000;
const sim = createSimulation({ campaign: builtInCampaign, seed: SEED });
// One whole day, generated once for the file (about 48,000 posts).
const day = sim.postsBetween(sim.startMs, sim.endMs);

const countryByTag = new Map(builtInCampaign.hashtags.map((h) => [h.tag.toLowerCase(), h.country]));
const orgByHandle = new Map(builtInCampaign.organizations.map((o) => [String(o.handles.x).toLowerCase(), o]));

function countryOf(post: Post): string | undefined {
  for (const tag of post.hashtags) {
    const country = countryByTag.get(tag);
    if (country) return country;
  }
  return undefined;
}

function inCountry(country: string): Post[] {
  return day.filter((p) => countryOf(p) === country);
}

/** Posts per hour of the day, in the given UTC offset. */
function hourly(posts: Post[], offsetHours: number): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const p of posts) {
    const h = (new Date(p.createdAt).getUTCHours() + offsetHours + 24) % 24;
    hours[h] = (hours[h] ?? 0) + 1;
  }
  return hours;
}

function argmax(values: number[]): number {
  return values.indexOf(Math.max(...values));
}

/**
 * Words that belong to one language only, to tell which language a text is in. Handles, hashtags and links are
 * stripped first, so only the prose decides.
 */
const LANGUAGE_WORDS: Record<string, string[]> = {
  fr: ["des", "du", "la", "le", "les", "et", "pour", "sur", "nous", "vous", "est", "une", "un", "aux", "chez", "merci", "bonjour", "poste", "offre", "offres", "avec", "ça", "à", "je", "recrutons", "postulez", "mois", "jour", "postule", "belle", "partager"],
  en: ["the", "and", "for", "we", "we're", "our", "is", "are", "all", "any", "of", "to", "you", "your", "role", "roles", "hiring", "looking", "thanks", "hi", "today", "applying", "great", "opportunity", "updated", "available", "right", "away", "spotted", "at", "anyone", "interested"],
  nl: ["het", "een", "van", "voor", "bij", "naar", "jullie", "wij", "ons", "onze", "ook", "zoeken", "werk", "vandaag", "hoi", "vacature", "zoek", "delen", "kans", "mooie", "ga", "solliciteren", "bijgewerkt", "beschikbaar", "gesolliciteerd", "vanochtend", "bedankt", "gezien", "iemand"],
  de: ["der", "die", "das", "und", "ich", "wir", "für", "heute", "eure", "dein", "deine", "suche", "sucht", "stelle", "stellen", "hallo", "danke", "mit", "jetzt", "bewerben", "auf", "ist", "teilen", "lohnt", "tolle", "lebenslauf", "aktualisiert", "sofort", "verfügbar", "gesehen", "bei", "jemand", "gerade", "beworben", "einen", "erwünscht"],
};

function languageOf(text: string): string | undefined {
  const prose = text.replace(/https?:\/\/\S+/g, " ").replace(/[@#][\p{L}\p{N}_]+/gu, " ").toLowerCase();
  const words = prose.match(/[\p{L}']+/gu) ?? [];
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const [lang, list] of Object.entries(LANGUAGE_WORDS)) {
    const score = words.filter((w) => list.includes(w)).length;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  return tie ? undefined : best;
}

describe("the European Jobs Day simulation", () => {
  it("plays the very day it always has for the default seed (a fingerprint of every post)", () => {
    // Taken from the generator before it moved out of apps/server: a change to the model, the packs, the random
    // streams or the ids changes this, and with it every figure users of SIM_SEED=20150224 have seen.
    expect(day).toHaveLength(48_115);
    expect(createHash("sha256").update(JSON.stringify(day)).digest("hex")).toBe(
      "b3316bd188a0d5d387d19df99a35f9ad9c47aaf1765dce2bc1571b57e1a9d368",
    );
  });

  it("is reproducible: the same seed gives the same posts, another seed other posts", () => {
    const again = createSimulation({ campaign: builtInCampaign, seed: SEED });
    const from = sim.startMs + 12 * HOUR;
    const to = from + HOUR / 2;
    expect(again.postsBetween(from, to)).toEqual(sim.postsBetween(from, to));
    const other = createSimulation({ campaign: builtInCampaign, seed: SEED + 1 }).postsBetween(from, to);
    expect(other.map((p) => p.id)).not.toEqual(sim.postsBetween(from, to).map((p) => p.id));
  });

  it("gives the same posts whichever windows they are asked in", () => {
    const from = sim.startMs + 11 * HOUR + 12_345;
    const cuts = [from, from + 1, from + 29_999, from + 60_000, from + 61_234, from + 7 * 60_000 + 17, from + HOUR];
    const pieces = cuts.slice(1).flatMap((to, i) => sim.postsBetween(cuts[i] as number, to));
    const whole = sim.postsBetween(from, from + HOUR);
    expect(whole.length).toBeGreaterThan(1000);
    expect(pieces.map((p) => p.id)).toEqual(whole.map((p) => p.id));
    expect(day.filter((p) => Date.parse(p.createdAt) >= from && Date.parse(p.createdAt) < from + HOUR)).toEqual(whole);
  });

  it("returns nothing outside the campaign or for an empty window", () => {
    expect(sim.postsBetween(sim.startMs - HOUR, sim.startMs)).toEqual([]);
    expect(sim.postsBetween(sim.endMs, sim.endMs + HOUR)).toEqual([]);
    expect(sim.postsBetween(sim.startMs + HOUR, sim.startMs + HOUR)).toEqual([]);
    expect(sim.postsBetween(sim.startMs + 2 * HOUR, sim.startMs + HOUR)).toEqual([]);
  });

  it("makes only valid X posts with unique ids, in order, inside the campaign day", () => {
    const problems: string[] = [];
    let previous = -Infinity;
    for (const post of day) {
      const parsed = PostSchema.safeParse(post);
      if (!parsed.success) problems.push(`${post.id}: ${parsed.error.message}`);
      const t = Date.parse(post.createdAt);
      if (post.network !== "x") problems.push(`${post.id}: network ${post.network}`);
      if (t < sim.startMs || t >= sim.endMs) problems.push(`${post.id}: ${post.createdAt} outside the day`);
      if (t < previous) problems.push(`${post.id}: out of order`);
      previous = t;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(day.length).toBeGreaterThan(40_000);
    expect(new Set(day.map((p) => p.id)).size).toBe(day.length);
    // Ids are numeric snowflakes: they sort like the times they carry.
    expect(day.every((p) => /^\d{18}$/.test(p.id))).toBe(true);
  });

  it("has about 33,000 French posts (±5%) and smaller volumes elsewhere", () => {
    const fr = inCountry("FR").length;
    expect(fr).toBeGreaterThan(33_000 * 0.95);
    expect(fr).toBeLessThan(33_000 * 1.05);
    for (const { country, volume } of sim.countries.filter((c) => c.country !== "FR")) {
      const n = inCountry(country).length;
      expect(n, country).toBeGreaterThan(volume * 0.9);
      expect(n, country).toBeLessThan(volume * 1.1);
      expect(n, country).toBeLessThan(fr / 3);
    }
    expect(sim.countries.map((c) => c.country)).toEqual(["FR", "NL", "GB", "IE", "DE"]);
    // Every post carries exactly one campaign tag, its country's.
    expect(day.every((p) => p.hashtags.filter((t) => countryByTag.has(t)).length === 1)).toBe(true);
  });

  it("follows the daily curve: quiet night, a morning rise, a lunchtime and a late-afternoon peak", () => {
    const paris = hourly(inCountry("FR"), 1);
    const at = (h: number) => paris[h] ?? 0;
    expect(at(3) * 5).toBeLessThan(at(10));
    expect(at(10) * 1.5).toBeLessThan(at(12));
    expect(at(10) * 1.3).toBeLessThan(at(17));
    // A dip between the two peaks.
    expect(at(15)).toBeLessThan(at(12) * 0.7);
    expect(at(15)).toBeLessThan(at(17) * 0.8);
    expect(argmax(paris)).toBe(12);
    const night = [0, 1, 2, 3, 4, 5].reduce((sum, h) => sum + at(h), 0);
    expect(night / inCountry("FR").length).toBeLessThan(0.05);
    // The curve itself.
    expect(dailyActivity(12.75)).toBeGreaterThan(dailyActivity(17.5));
    expect(dailyActivity(17.5)).toBeGreaterThan(dailyActivity(10));
    expect(dailyActivity(10)).toBeGreaterThan(10 * dailyActivity(3));
  });

  it("draws each country's curve in its own local time (London lunch is an hour after Paris lunch)", () => {
    expect(argmax(hourly(inCountry("FR"), 0))).toBe(11);
    expect(argmax(hourly(inCountry("GB"), 0))).toBe(12);
    expect(argmax(hourly(inCountry("DE"), 0))).toBe(11);
  });

  it("writes in each country's language", () => {
    const expected: Record<string, string> = { FR: "fr", NL: "nl", GB: "en", IE: "en", DE: "de" };
    for (const [country, lang] of Object.entries(expected)) {
      const posts = inCountry(country);
      expect(posts.every((p) => p.lang === lang), country).toBe(true);
      const detected = posts.map((p) => languageOf(p.text));
      const right = detected.filter((l) => l === lang).length;
      const wrong = detected.filter((l) => l !== undefined && l !== lang).length;
      expect(right / posts.length, country).toBeGreaterThan(0.9);
      expect(wrong / posts.length, country).toBeLessThan(0.01);
    }
  });

  it("has believable proportions of kinds", () => {
    const share = (kind: Post["kind"]) => day.filter((p) => p.kind === kind).length / day.length;
    expect(share("original")).toBeGreaterThan(0.35);
    expect(share("original")).toBeLessThan(0.5);
    expect(share("retweet")).toBeGreaterThan(0.3);
    expect(share("retweet")).toBeLessThan(0.45);
    expect(share("reply")).toBeGreaterThan(0.08);
    expect(share("reply")).toBeLessThan(0.18);
    expect(share("quote")).toBeGreaterThan(0.04);
    expect(share("quote")).toBeLessThan(0.12);
    for (const p of day.filter((p) => p.kind === "retweet")) expect(p.text).toMatch(/^RT @\w+: /);
    for (const p of day.filter((p) => p.kind === "quote")) expect(p.urls[0]).toMatch(/^https:\/\/twitter\.com\/\w+\/status\/\d+$/);
  });

  it("has organizations post offers with career links on their campaign X handles", () => {
    const byOrgs = day.filter((p) => orgByHandle.has(p.author.handle.toLowerCase()));
    expect(byOrgs.length).toBeGreaterThan(day.length * 0.03);
    for (const post of byOrgs) {
      const org = orgByHandle.get(post.author.handle.toLowerCase());
      expect(post.author.handle).toBe(org?.handles.x);
      expect(post.author.name).toBe(org?.name);
      // An organization posts on its own country's tag.
      expect(countryOf(post)).toBe(org?.country);
    }
    const posting = new Set(byOrgs.map((p) => p.author.handle.toLowerCase()));
    expect(posting.size).toBeGreaterThanOrEqual(builtInCampaign.organizations.length * 0.9);
    const offers = byOrgs.filter((p) => p.kind === "original" && p.urls.length > 0);
    expect(offers.length).toBeGreaterThan(byOrgs.length / 2);
    expect(offers.every((p) => /^https:\/\/\S+\/[a-z0-9-]+\/\S+$/.test(p.urls[0] ?? ""))).toBe(true);
    const frOffers = offers.filter((p) => p.lang === "fr").map((p) => p.text).join("\n");
    for (const word of ["CDI", "CDD", "stage", "alternance", "Nous recrutons"]) expect(frOffers).toContain(word);
    const deOffers = offers.filter((p) => p.lang === "de").map((p) => p.text).join("\n");
    expect(deOffers).toContain("Ausbildung");
  });

  it("has people mention, reply to, retweet and quote organizations", () => {
    const mentionsOrg = (p: Post) => p.mentions.some((m) => orgByHandle.has(m));
    expect(day.filter(mentionsOrg).length / day.length).toBeGreaterThan(0.3);
    const retweets = day.filter((p) => p.kind === "retweet");
    const ofOrgs = retweets.filter((p) => orgByHandle.has(/^RT @(\w+):/.exec(p.text)?.[1]?.toLowerCase() ?? ""));
    expect(ofOrgs.length / retweets.length).toBeGreaterThan(0.7);
    const replies = day.filter((p) => p.kind === "reply" && !orgByHandle.has(p.author.handle.toLowerCase()));
    expect(replies.every((p) => p.text.startsWith("@") && mentionsOrg(p))).toBe(true);
    // Mentions and hashtags are what the text holds, in the normalized form.
    for (const p of day.slice(0, 2000)) {
      for (const m of p.mentions) expect(p.text.toLowerCase()).toContain(`@${m}`);
      for (const t of p.hashtags) expect(p.text.toLowerCase()).toContain(`#${t}`);
      expect(p.hashtags.every((t) => t === t.toLowerCase())).toBe(true);
    }
  });

  it("draws authors from a stable pool: about 10,000 French authors, each id always the same person", () => {
    const frAuthors = new Set(inCountry("FR").map((p) => p.author.id));
    expect(frAuthors.size).toBeGreaterThan(8_000);
    expect(frAuthors.size).toBeLessThan(12_000);
    const handleById = new Map<string, string>();
    for (const p of day) {
      const known = handleById.get(p.author.id);
      if (known === undefined) handleById.set(p.author.id, p.author.handle);
      else expect(p.author.handle).toBe(known);
    }
    expect(day.every((p) => /^\w{1,15}$/.test(p.author.handle))).toBe(true);
    // Some people are busy, most post once or twice.
    const perAuthor = new Map<string, number>();
    for (const p of day) perAuthor.set(p.author.id, (perAuthor.get(p.author.id) ?? 0) + 1);
    const once = [...perAuthor.values()].filter((n) => n === 1).length;
    expect(once / perAuthor.size).toBeGreaterThan(0.4);
  });

  it("runs any campaign: a country without organizations, a custom volume, a short window", () => {
    const campaign: Campaign = {
      id: "demo",
      name: "Demo",
      timezone: "Europe/Brussels",
      start: "2025-03-01T09:00:00+01:00",
      end: "2025-03-01T12:30:00+01:00",
      hashtags: [{ tag: "#DemoEmploi", country: "BE" }],
      organizations: [],
    };
    const small = createSimulation({ campaign, seed: 7, volumes: { BE: 500 } });
    const posts = small.postsBetween(small.startMs, small.endMs);
    expect(posts.length).toBeGreaterThan(400);
    expect(posts.length).toBeLessThan(600);
    expect(posts.every((p) => PostSchema.safeParse(p).success && p.lang === "fr" && p.kind === "original")).toBe(true);
    expect(posts.every((p) => p.hashtags.includes("demoemploi"))).toBe(true);
    expect(posts.some((p) => p.text.includes("{"))).toBe(false);
  });
});
