/**
 * Who and what a moderation action is about, in words a person reads: `@handle`, the name and a short excerpt,
 * never a bare id. The server records the same (`ModerationSubject`) in the audit log and the blocked list.
 */
import { oneLineExcerpt, type ModerationSubject } from "@pulse/shared/client";

/** How many characters of a post's text a notice or a log line quotes. */
export const SHORT_EXCERPT = 60;

/** `text` on one line, cut to `max` characters (never inside a character) with an ellipsis, as the server cuts. */
export function shortExcerpt(text: string, max = SHORT_EXCERPT): string {
  return oneLineExcerpt(text, max);
}

/** `@handle (Name)`, or `@handle` when there is no name or it is the handle again. */
export function authorLabel(subject: Pick<ModerationSubject, "handle" | "name">): string {
  const handle = `@${subject.handle.replace(/^@/, "")}`;
  const name = subject.name?.trim();
  return name && name !== subject.handle ? `${handle} (${name})` : handle;
}
