/**
 * The words of the keyword blocklist as staff send them (`PUT /api/staff/moderation/blocklist`): their limits, how
 * an entry is tidied and folded, and the body's schema. The server matches posts with them (apps/server's
 * staff/blocklist.ts).
 */
import { z } from "zod";

/** Most entries a blocklist may hold. */
export const BLOCKLIST_MAX_WORDS = 500;
/** Longest entry, in characters, after trimming. */
export const BLOCKLIST_MAX_LENGTH = 80;

/** Folds text for matching: NFD, combining marks stripped, lower case, curly apostrophes made straight. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** Trims an entry and collapses its inner whitespace; what is stored and shown. */
export function tidyBlocklistEntry(word: string): string {
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
          .transform(tidyBlocklistEntry)
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
  .transform(({ words }) => ({ words: dedupeBlocklist(words) }));

/** The entries of a list once each, by folded text; the first spelling stays. */
export function dedupeBlocklist(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((word) => {
    const folded = foldText(word);
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });
}
