/**
 * A pure, seeded generator of a believable campaign day, for the built-in simulator.
 *
 * Use: `const sim = createSimulation({ campaign, seed })`, then `sim.postsBetween(fromMs, toMs)` returns every
 * simulated post whose `createdAt` lies in `[fromMs, toMs)`, ordered by `createdAt` then id. It has no clock, no
 * I/O and no state between calls: the same campaign and seed give the same posts whichever windows you ask for,
 * because each minute of each country is generated from its own seed. Windows outside the campaign are empty.
 *
 * The model:
 * - Each country that has a campaign hashtag gets a volume over the campaign window (France 33,000, the figure
 *   Twitter France reported for #VotreJob; the others smaller) spread over a daily curve in the country's local
 *   time: a base, a morning rise, a lunchtime peak, a late-afternoon peak and an evening tail (a sum of Gaussians).
 *   Each minute's count is Poisson around the curve.
 * - Organizations post offers (CDI, stage, Ausbildung…) on their campaign X handle with links to career pages,
 *   and answer questions; people post, reply to organizations, retweet and quote their offers. Text is in the
 *   country's language and always carries the country's campaign tag.
 * - People come from a seeded pool per country with stable ids and a long-tailed activity, so a French day has
 *   roughly 10,000 unique authors.
 * - Ids are X-style snowflakes built from the time, the country and the post's rank in its minute, so they are
 *   unique, deterministic and sort like the times they carry.
 */
import { zoneOffsetMs, type Campaign, type Organization, type Post, type PostKind } from "@pulse/shared";
import { orgAuthor, person, type Author } from "./authors.js";
import { MAX_COUNTRIES, MAX_PER_MINUTE, shortCode, snowflake } from "./ids.js";
import { PEOPLE, PEOPLE_BY_LANGUAGE, type PeoplePack } from "./people-packs.js";
import { hash32, hashString, mulberry32, pick, pickSkewed, poisson, type Rng } from "./random.js";
import {
  ENGLISH,
  LANGUAGE_BY_COUNTRY,
  LANGUAGE_PACKS,
  sectorGroup,
  type Contract,
  type LanguagePack,
  type SectorGroup,
} from "./text-packs.js";

/** What `createSimulation` needs. */
export interface SimulationOptions {
  campaign: Campaign;
  /** Any integer; the same seed gives the same day. */
  seed: number;
  /** Posts over the campaign window per country, overriding `DEFAULT_VOLUMES`. */
  volumes?: Readonly<Record<string, number>>;
}

/** One simulated country: the tag its posts carry, their language and how many posts to expect. */
export interface SimulatedCountry {
  country: string;
  /** The campaign tag as written in the campaign, without `#`. */
  tag: string;
  lang: string;
  /** Expected posts over the campaign window; the actual count is Poisson around it. */
  volume: number;
}

/** A seeded, reproducible campaign day. */
export interface Simulation {
  /** Epoch ms of the campaign start (inclusive) and end (exclusive). */
  readonly startMs: number;
  readonly endMs: number;
  readonly countries: readonly SimulatedCountry[];
  /** Every post with `createdAt` in `[fromMs, toMs)`, ordered by `createdAt` then id. */
  postsBetween(fromMs: number, toMs: number): Post[];
}

/**
 * Expected posts per country over the campaign day. France is the reported #VotreJob figure; the others are
 * guesses scaled to each market, smaller as the article implies.
 */
export const DEFAULT_VOLUMES: Readonly<Record<string, number>> = { FR: 33_000, GB: 6_000, DE: 4_500, NL: 3_000, IE: 1_500 };

/** Volume for a campaign country missing from `DEFAULT_VOLUMES`. */
const FALLBACK_VOLUME = 2_000;

// ---------------------------------------------------------------------------------------------------------
// The daily curve, in local hours.

/** Relative activity: [centre hour, width in hours, height]. Heights are relative to the lunchtime peak. */
const PEAKS: readonly (readonly [number, number, number])[] = [
  [9, 1.1, 0.55], // people arrive at work and the organizations open the day
  [12.75, 0.9, 1], // lunchtime, the busiest
  [17.5, 1.2, 0.8], // the late-afternoon commute
  [21, 1.4, 0.3], // the evening tail
  [14, 3.5, 0.25], // a broad daytime plateau under the peaks
];
const NIGHT_BASE = 0.03;

/** Activity at a local hour of the day (0–24, wrapping at midnight). */
export function dailyActivity(localHour: number): number {
  let value = NIGHT_BASE;
  for (const [centre, width, height] of PEAKS) {
    const d = Math.abs(localHour - centre) % 24;
    const distance = Math.min(d, 24 - d);
    value += height * Math.exp(-(distance * distance) / (2 * width * width));
  }
  return value;
}

/** Organizations post mostly during office hours. */
function orgPresence(localHour: number): number {
  return localHour >= 8 && localHour < 19 ? 1 : 0.2;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The time zone a country's posters live in; countries not listed use the campaign's. */
const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  FR: "Europe/Paris",
  NL: "Europe/Amsterdam",
  GB: "Europe/London",
  IE: "Europe/Dublin",
  DE: "Europe/Berlin",
  BE: "Europe/Brussels",
  LU: "Europe/Luxembourg",
  CH: "Europe/Zurich",
  AT: "Europe/Vienna",
  ES: "Europe/Madrid",
  PT: "Europe/Lisbon",
  IT: "Europe/Rome",
  PL: "Europe/Warsaw",
  US: "America/New_York",
  CA: "America/Toronto",
};

// ---------------------------------------------------------------------------------------------------------
// The people's activity.

/**
 * Activity is Zipf-like: the person at index i posts in proportion to 1 / (i + offset). With a pool of 0.6 people
 * per expected post and an offset of 0.003, a 33,000-post day has about 10,000 authors, half of whom post once,
 * and the busiest posts about 60 times.
 */
const POOL_PER_POST = 0.6;
const ZIPF_OFFSET_PER_POST = 0.003;

// ---------------------------------------------------------------------------------------------------------
// Texts.

interface Draft {
  text: string;
  urls: string[];
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template
    .replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? "")
    .replace(/ {2,}/g, " ")
    .trim();
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;
const MENTION = /(?:^|[^\w@])@(\w{1,15})/g;

function hashtagsOf(text: string): string[] {
  return [...new Set([...text.matchAll(HASHTAG)].map((m) => (m[1] ?? "").toLowerCase()))];
}

function mentionsOf(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => (m[1] ?? "").toLowerCase()))];
}

function pickContract(rng: Rng, contracts: readonly Contract[]): Contract {
  const total = contracts.reduce((sum, c) => sum + c.weight, 0);
  let roll = rng() * total;
  for (const c of contracts) {
    roll -= c.weight;
    if (roll < 0) return c;
  }
  return contracts[contracts.length - 1] as Contract;
}

// ---------------------------------------------------------------------------------------------------------
// The simulation.

/** How many offers each organization has; retweets and quotes share these, as they do on a real day. */
const OFFERS_PER_ORG = 12;
/**
 * Share of posts by kind and author at an office hour; people's own posts take the rest (about 35%). Outside
 * office hours organizations post a fifth as much.
 */
const MIX = { orgOffer: 0.05, orgInfo: 0.006, orgReply: 0.02, retweet: 0.38, reply: 0.11, quote: 0.08 } as const;
/** Of retweets, the share that retweet a person's post rather than an organization's offer. */
const PERSON_RETWEET = 0.15;
/** People whose posts get retweeted: the busiest of the pool. */
const POPULAR_PEOPLE = 300;

interface CountryModel extends SimulatedCountry {
  index: number;
  pack: LanguagePack;
  people: PeoplePack;
  poolSize: number;
  zipfOffset: number;
  orgs: { org: Organization; author: Author; group: SectorGroup }[];
  /** Cumulative weights over `orgs`: the ones listed first (the documented ones) post more. */
  orgWeights: number[];
  /** Expected posts per slot. */
  slotMeans: Float64Array;
  /** Local hour at each slot's middle. */
  slotHours: Float64Array;
}

/**
 * Builds a seeded simulation of the campaign window. Throws when the campaign has more countries than post ids
 * can tell apart (64).
 */
export function createSimulation(options: SimulationOptions): Simulation {
  const { campaign } = options;
  // Every stream below is seeded from this and its own coordinates (country, minute, organization, offer…).
  const base = hash32(Math.trunc(options.seed) | 0, Math.floor(Math.trunc(options.seed) / 4_294_967_296) | 0);
  const startMs = Date.parse(campaign.start);
  const endMs = Date.parse(campaign.end);
  if (!(endMs > startMs)) throw new Error(`simulation: campaign end ${campaign.end} is not after start ${campaign.start}`);
  const slotCount = Math.ceil((endMs - startMs) / MINUTE_MS);

  const countryOrder: string[] = [];
  for (const { country } of campaign.hashtags) if (!countryOrder.includes(country)) countryOrder.push(country);
  if (countryOrder.length > MAX_COUNTRIES) {
    throw new Error(`simulation: at most ${MAX_COUNTRIES} countries can be simulated, the campaign has ${countryOrder.length}`);
  }

  const models: CountryModel[] = countryOrder.map((country, index) => {
    // A country's first tag is the one its posts carry.
    const tag = (campaign.hashtags.find((h) => h.country === country)?.tag ?? "").replace(/^#+/, "");
    const lang = LANGUAGE_BY_COUNTRY[country] ?? "en";
    const pack = LANGUAGE_PACKS[lang] ?? ENGLISH;
    const people = PEOPLE[country] ?? PEOPLE[PEOPLE_BY_LANGUAGE[lang] ?? "GB"] ?? (PEOPLE.GB as PeoplePack);
    const volume = Math.max(0, options.volumes?.[country] ?? DEFAULT_VOLUMES[country] ?? FALLBACK_VOLUME);
    const orgs = campaign.organizations
      .map((org, orgIndex) => ({ org, orgIndex }))
      .filter(({ org }) => org.country === country && org.handles.x)
      .map(({ org, orgIndex }) => ({ org, author: orgAuthor(org, orgIndex), group: sectorGroup(org.sector) }));
    const orgWeights: number[] = [];
    let cumulative = 0;
    for (let i = 0; i < orgs.length; i++) orgWeights.push((cumulative += 1 / Math.sqrt(i + 4)));

    // The curve is drawn in local time; the offset is read once per hour so a DST change is honoured.
    const zone = COUNTRY_ZONES[country] ?? campaign.timezone;
    const offsets = new Map<number, number>();
    const slotHours = new Float64Array(slotCount);
    const weights = new Float64Array(slotCount);
    let totalWeight = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      const from = startMs + slot * MINUTE_MS;
      const to = Math.min(endMs, from + MINUTE_MS);
      const middle = (from + to) / 2;
      const hourKey = Math.floor(middle / HOUR_MS);
      let offset = offsets.get(hourKey);
      if (offset === undefined) {
        offset = Math.round(zoneOffsetMs(hourKey * HOUR_MS, zone) / MINUTE_MS);
        offsets.set(hourKey, offset);
      }
      const localHour = ((((middle + offset * MINUTE_MS) / HOUR_MS) % 24) + 24) % 24;
      slotHours[slot] = localHour;
      const weight = dailyActivity(localHour) * ((to - from) / MINUTE_MS);
      weights[slot] = weight;
      totalWeight += weight;
    }
    const slotMeans = weights.map((w) => (totalWeight > 0 ? (volume * w) / totalWeight : 0));
    return {
      country,
      tag,
      lang: pack.lang,
      volume,
      index,
      pack,
      people,
      poolSize: Math.max(50, Math.round(volume * POOL_PER_POST)),
      zipfOffset: Math.max(2, volume * ZIPF_OFFSET_PER_POST),
      orgs,
      orgWeights,
      slotMeans,
      slotHours,
    };
  });

  function pickOrg(rng: Rng, model: CountryModel): CountryModel["orgs"][number] | undefined {
    const total = model.orgWeights[model.orgWeights.length - 1];
    if (total === undefined) return undefined;
    const roll = rng() * total;
    let lo = 0;
    let hi = model.orgWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((model.orgWeights[mid] ?? 0) > roll) hi = mid;
      else lo = mid + 1;
    }
    return model.orgs[lo];
  }

  function personAt(model: CountryModel, index: number): Author {
    return person(base, model.index, model.people, index);
  }

  /** A person picked with the long-tailed activity: a few post a lot, most post once. */
  function pickPerson(rng: Rng, model: CountryModel): Author {
    // Inverse of the continuous CDF of 1 / (x + c) over [0, pool).
    const c = model.zipfOffset;
    const index = Math.floor(c * ((model.poolSize + c) / c) ** rng() - c);
    return personAt(model, Math.min(model.poolSize - 1, index));
  }

  function vars(rng: Rng, model: CountryModel, group: SectorGroup): Record<string, string> {
    const contract = pickContract(rng, model.pack.contracts);
    const title = pick(rng, model.pack.titles[group]);
    return {
      tag: `#${model.tag}`,
      title,
      // French elides "de" before a vowel or a mute h: "poste d'infirmier", "poste d'hôte de caisse".
      deTitle: /^[aeiouyàâéèêëîïôûh]/i.test(title) ? `d'${title}` : `de ${title}`,
      contract: contract.label,
      contractTag: contract.tag ? `#${contract.tag}` : "",
      city: pickSkewed(rng, model.people.cities, 1.8),
      profile: pick(rng, model.pack.profiles),
      n: String(2 + Math.floor(rng() ** 2 * 48)),
      months: String(2 + Math.floor(rng() * 16)),
    };
  }

  function careerLink(rng: Rng, model: CountryModel, org: Organization): { short: string; expanded: string } {
    const ref = `${new Date(startMs).getUTCFullYear()}-${10_000 + Math.floor(rng() * 90_000)}`;
    return { short: `https://t.co/${shortCode(rng)}`, expanded: `https://${model.pack.careerHost}/${org.id}/${ref}` };
  }

  /** Offer `variant` of an organization: the same text every time it is posted, retweeted or quoted. */
  function offer(model: CountryModel, entry: CountryModel["orgs"][number], variant: number): Draft & { statusId: string } {
    const rng = mulberry32(hash32(base, 0x0ffe, hashString(entry.org.id), variant));
    const link = careerLink(rng, model, entry.org);
    const v = { ...vars(rng, model, entry.group), link: link.short };
    const text = fill(pick(rng, model.pack.orgOffer), v);
    // The status id of the offer itself, somewhere in the morning; quotes link to it.
    const postedAt = startMs + Math.floor(rng() * Math.min(endMs - startMs, 10 * HOUR_MS));
    const statusId = snowflake(postedAt, MAX_COUNTRIES - 1, (hashString(entry.org.id) + variant) & MAX_PER_MINUTE).toString();
    return { text, urls: [link.expanded], statusId };
  }

  /** A person's own post; with `rng` seeded per person and variant it doubles as the text others retweet. */
  function personText(rng: Rng, model: CountryModel): Draft {
    const entry = pickOrg(rng, model);
    const templates = entry ? model.pack.personOriginal : model.pack.personOriginal.filter((t) => !t.includes("{org}"));
    const v = { ...vars(rng, model, entry?.group ?? "general"), org: entry ? `@${entry.author.handle}` : "" };
    return { text: fill(pick(rng, templates), v), urls: [] };
  }

  function draft(rng: Rng, model: CountryModel, localHour: number): { author: Author; kind: PostKind; draft: Draft } {
    const orgShare = orgPresence(localHour);
    const entry = pickOrg(rng, model);
    let roll = rng();
    if (entry) {
      if ((roll -= MIX.orgOffer * orgShare) < 0) {
        return { author: entry.author, kind: "original", draft: offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG)) };
      }
      if ((roll -= MIX.orgInfo * orgShare) < 0) {
        const link = careerLink(rng, model, entry.org);
        const text = fill(pick(rng, model.pack.orgInfo), { ...vars(rng, model, entry.group), link: link.short });
        return { author: entry.author, kind: "original", draft: { text, urls: text.includes(link.short) ? [link.expanded] : [] } };
      }
      if ((roll -= MIX.orgReply * orgShare) < 0) {
        const link = careerLink(rng, model, entry.org);
        const asker = pickPerson(rng, model);
        const v = { ...vars(rng, model, entry.group), link: link.short, user: `@${asker.handle}` };
        const text = fill(pick(rng, model.pack.orgReply), v);
        return { author: entry.author, kind: "reply", draft: { text, urls: text.includes(link.short) ? [link.expanded] : [] } };
      }
    }
    const author = pickPerson(rng, model);
    if (entry && (roll -= MIX.retweet) < 0) {
      if (rng() < PERSON_RETWEET) {
        const popular = Math.floor(Math.min(POPULAR_PEOPLE, model.poolSize) * rng() ** 2);
        const source = personAt(model, popular);
        const variant = Math.floor(rng() * 4);
        const original = personText(mulberry32(hash32(base, 0x7e7, model.index, popular, variant)), model);
        return { author, kind: "retweet", draft: { text: `RT @${source.handle}: ${original.text}`, urls: original.urls } };
      }
      const original = offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG));
      return { author, kind: "retweet", draft: { text: `RT @${entry.author.handle}: ${original.text}`, urls: original.urls } };
    }
    if (entry && (roll -= MIX.reply) < 0) {
      const v = { ...vars(rng, model, entry.group), org: `@${entry.author.handle}` };
      return { author, kind: "reply", draft: { text: fill(pick(rng, model.pack.personReply), v), urls: [] } };
    }
    if (entry && (roll -= MIX.quote) < 0) {
      const quoted = offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG));
      const quoteUrl = `https://twitter.com/${entry.author.handle}/status/${quoted.statusId}`;
      const text = fill(pick(rng, model.pack.quote), { ...vars(rng, model, entry.group), quote: quoteUrl });
      return { author, kind: "quote", draft: { text, urls: [quoteUrl] } };
    }
    // The rest, and everything when the country has no organization to react to, are people's own posts.
    return { author, kind: "original", draft: personText(rng, model) };
  }

  interface Generated {
    t: number;
    id: bigint;
    post: Post;
  }

  /** Every post of one country in one minute slot, generated from that slot's own seed. */
  function slotPosts(model: CountryModel, slot: number): Generated[] {
    const from = startMs + slot * MINUTE_MS;
    const length = Math.min(endMs, from + MINUTE_MS) - from;
    const rng = mulberry32(hash32(base, model.index, slot));
    const count = Math.min(MAX_PER_MINUTE, poisson(rng, model.slotMeans[slot] ?? 0));
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(from + Math.floor(rng() * length));
    times.sort((a, b) => a - b);
    const localHour = model.slotHours[slot] ?? 12;
    return times.map((t, rank) => {
      const { author, kind, draft: d } = draft(rng, model, localHour);
      const id = snowflake(t, model.index, rank);
      return {
        t,
        id,
        post: {
          network: "x",
          id: id.toString(),
          createdAt: new Date(t).toISOString(),
          text: d.text,
          author: { ...author },
          lang: model.lang,
          hashtags: hashtagsOf(d.text),
          mentions: mentionsOf(d.text),
          urls: d.urls,
          kind,
        },
      };
    });
  }

  function postsBetween(fromMs: number, toMs: number): Post[] {
    const from = Math.max(fromMs, startMs);
    const to = Math.min(toMs, endMs);
    if (!(to > from)) return [];
    const firstSlot = Math.floor((from - startMs) / MINUTE_MS);
    const lastSlot = Math.min(slotCount - 1, Math.ceil((to - startMs) / MINUTE_MS) - 1);
    const out: Generated[] = [];
    for (let slot = firstSlot; slot <= lastSlot; slot++) {
      for (const model of models) {
        for (const g of slotPosts(model, slot)) if (g.t >= from && g.t < to) out.push(g);
      }
    }
    out.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out.map((g) => g.post);
  }

  return {
    startMs,
    endMs,
    countries: models.map(({ country, tag, lang, volume }) => ({ country, tag, lang, volume })),
    postsBetween,
  };
}
