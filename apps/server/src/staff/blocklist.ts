/**
 * The keyword blocklist: words and phrases that hide a post at ingest. Matching ignores case and accents (both
 * sides are folded: NFD, combining marks stripped, lower case, curly apostrophes made straight) and respects word
 * boundaries on letters and digits, so "pute" never matches "dispute" and "ass" never matches "class". A phrase's
 * spaces match any run of whitespace. Each entry also matches its plural in -s or -es.
 */
import { z } from "zod";

/** Most entries a blocklist may hold. */
export const BLOCKLIST_MAX_WORDS = 500;
/** Longest entry, in characters, after trimming. */
export const BLOCKLIST_MAX_LENGTH = 80;

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

/** Folds text for matching: NFD, combining marks stripped, lower case, curly apostrophes made straight. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** Trims an entry and collapses its inner whitespace; what is stored and shown. */
function tidy(word: string): string {
  return word.trim().replace(/\s+/g, " ");
}

/**
 * A blocklist as staff send it: `{ words: string[] }`, at most `BLOCKLIST_MAX_WORDS` entries of 1 to
 * `BLOCKLIST_MAX_LENGTH` characters with at least one letter or digit. Entries are trimmed, and entries that fold
 * to the same text are kept once (the first spelling). An empty list turns the blocklist off.
 */
export const BlocklistBodySchema = z
  .object({
    words: z
      .array(
        z
          .string()
          .transform(tidy)
          .pipe(
            z
              .string()
              .min(1, "expected a non-empty word or phrase")
              .max(BLOCKLIST_MAX_LENGTH, `expected at most ${BLOCKLIST_MAX_LENGTH} characters`)
              .regex(/[\p{L}\p{N}]/u, "expected at least one letter or digit"),
          ),
      )
      .max(BLOCKLIST_MAX_WORDS, `expected at most ${BLOCKLIST_MAX_WORDS} words`),
  })
  .transform(({ words }) => ({ words: dedupe(words) }));

function dedupe(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((word) => {
    const folded = foldText(word);
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });
}

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
  const folded = dedupe(words.map(tidy).filter((w) => w.length > 0)).map(foldText);
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
