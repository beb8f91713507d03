/**
 * The simulated authors: people of a country's pool, seeded by their index, and organizations as X accounts.
 */
import type { Organization, Post } from "@pulse/shared";
import type { PeoplePack } from "./people-packs.js";
import { gaussian, hash32, hashString, mulberry32, pick } from "./random.js";

/** Ids of people are `PERSON_ID_BASE + country × PERSON_ID_SPAN + scrambled index`. */
const PERSON_ID_BASE = 1_000_000_000;
const PERSON_ID_SPAN = 10_000_000;

/** A post's author, as the simulator makes them. */
export type Author = Post["author"];

function ascii(s: string): string {
  return s.normalize("NFD").replace(/[^A-Za-z0-9]/g, "");
}

/** A person of a country's pool; the same index always gives the same person for a seed. */
export function person(base: number, countryIndex: number, people: PeoplePack, index: number): Author {
  const rng = mulberry32(hash32(base, 0x5eed, countryIndex, index));
  const first = pick(rng, people.firstNames);
  const last = pick(rng, people.lastNames);
  const f = ascii(first);
  const l = ascii(last);
  const styles = [`${f}${l}`, `${f}_${l}`, `${f.slice(0, 1)}${l}`, `${l}${f.slice(0, 1)}`, `${f}${l.slice(0, 1)}`];
  let handle = pick(rng, styles).slice(0, 13);
  if (rng() < 0.7) handle += String(Math.floor(rng() * 100)).padStart(2, "0");
  if (rng() < 0.5) handle = handle.toLowerCase();
  // Long-tailed: most people have a few hundred followers, a few have tens of thousands.
  const followers = Math.min(2_000_000, Math.floor(Math.exp(5.2 + 1.3 * gaussian(rng))));
  // Multiplying by an odd number not divisible by 5 permutes the indexes, so ids look scattered but stay unique.
  const scrambled = (index * 7_654_321) % PERSON_ID_SPAN;
  return {
    id: String(PERSON_ID_BASE + countryIndex * PERSON_ID_SPAN + scrambled),
    handle,
    name: `${first} ${last}`,
    followers,
    verified: false,
  };
}

/** An organization as an X author: its campaign handle and an old, low account id. */
export function orgAuthor(org: Organization, orgIndex: number): Author {
  const h = hashString(org.id);
  const followers = 3_000 + (h % 180_000);
  return {
    id: String(10_000_000 + orgIndex * 7_919),
    handle: (org.handles.x ?? org.id).replace(/^@+/, ""),
    name: org.name,
    followers,
    verified: followers > 60_000,
  };
}
