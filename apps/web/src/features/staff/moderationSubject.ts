/**
 * Who and what a moderation action is about, in words a person reads: `@handle`, the name and a short excerpt,
 * never a bare id. The server records the same (`ModerationSubject`) in the audit log and the blocked list.
 */
import type { ModerationSubject } from "@pulse/shared/client";

/** How many characters of a post's text a notice or a log line quotes. */
export const SHORT_EXCERPT = 60;

/** `text` on one line, cut to `max` characters (never inside a character) with an ellipsis. */
export function shortExcerpt(text: string, max = SHORT_EXCERPT): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

/** `@handle (Name)`, or `@handle` when there is no name or it is the handle again. */
export function authorLabel(subject: Pick<ModerationSubject, "handle" | "name">): string {
  const handle = `@${subject.handle.replace(/^@/, "")}`;
  const name = subject.name?.trim();
  return name && name !== subject.handle ? `${handle} (${name})` : handle;
}
