/**
 * `text` on one line, cut to `max` characters (never inside a character) with an ellipsis: the excerpt the
 * server records in the audit log and the staff console quotes. Pure, no zod, so the client entry carries it.
 */
export function oneLineExcerpt(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}
