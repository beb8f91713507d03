/**
 * The keyword blocklist: words and phrases that hide a post at ingest. Matching ignores case and accents (both
 * sides are folded: NFD, combining marks stripped, lower case, curly apostrophes made straight) and respects word
 * boundaries on letters and digits, so "pute" never matches "dispute" and "ass" never matches "class". A phrase's
 * spaces match any run of whitespace. Each entry also matches its plural in -s or -es.
 */
import { dedupeBlocklist, foldText, tidyBlocklistEntry } from "@pulse/shared";

/**
 * The list that applies until staff save their own: a few insults in French and English and obvious spam
 * markers (bought followers, giveaways, casinos). Deliberately short: a wrongly hidden job offer costs more than
 * an insult that a moderator hides by hand a minute later. No word a job post could use ("travail à domicile",
 * "work from home") is here.
 */
export const DEFAULT_BLOCKLIST: readonly string[] = [
  // French insults.
  "connard",
  "connasse",
  "salope",
  "enculé",
  "enculée",
  "pute",
  "fils de pute",
  "nique ta mère",
  "ta gueule",
  "bâtard",
  "pétasse",
  // English insults.
  "asshole",
  "bitch",
  "motherfucker",
  "fuck you",
  "fuck off",
  "dickhead",
  "piece of shit",
  "cunt",
  "whore",
  // Spam, French.
  "followers gratuits",
  "abonnés gratuits",
  "acheter des followers",
  "argent facile",
  "gagner de l'argent facilement",
  "casino en ligne",
  "rencontres coquines",
  // Spam, English.
  "free followers",
  "buy followers",
  "crypto giveaway",
  "bitcoin giveaway",
  "make money fast",
  "online casino",
  "click here to claim",
  "forex signals",
  "onlyfans",
];

/** A compiled blocklist. */
export interface BlocklistMatcher {
  /** The entries, as saved. */
  readonly words: readonly string[];
  /** The folded entry that matched `text`, or undefined. */
  match(text: string): string | undefined;
}

// Letter-aware boundaries: JavaScript's \b only knows ASCII.
const BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const AFTER = String.raw`(?![\p{L}\p{N}_])`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a list into one regular expression over folded text. */
export function compileBlocklist(words: readonly string[]): BlocklistMatcher {
  const folded = dedupeBlocklist(words.map(tidyBlocklistEntry).filter((w) => w.length > 0)).map(foldText);
  if (folded.length === 0) return { words: [...words], match: () => undefined };
  // Longest first, so the entry reported is the longest that matched at a place.
  const alternatives = [...folded]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.split(" ").map(escapeRegExp).join(String.raw`\s+`));
  const pattern = new RegExp(`${BEFORE}(?:${alternatives.join("|")})(?:e?s)?${AFTER}`, "u");
  return {
    words: [...words],
    match(text) {
      const found = pattern.exec(foldText(text));
      return found ? found[0].replace(/\s+/g, " ") : undefined;
    },
  };
}
