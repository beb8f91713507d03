/**
 * The approve queue's keyboard shortcuts as pure functions: which key does what, and where the selection
 * goes as the queue changes under it (posts are approved, hidden or arrive every poll).
 */

/** What a key press asks of the queue. */
export type QueueCommand = "approve" | "hide" | "next" | "previous";

/** The shortcuts, for `aria-keyshortcuts` and the on-screen legend. */
export const QUEUE_SHORTCUTS: Record<QueueCommand, string> = { approve: "a", hide: "h", next: "j", previous: "k" };

/** The parts of a KeyboardEvent that decide whether it is a shortcut. */
export interface KeyPress {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** Whether focus is in a text field, a select or anything editable. */
  typing?: boolean;
}

/**
 * The command a key press stands for, or null. Keys with Ctrl, Alt or Meta belong to the browser, and keys
 * typed into a field belong to the field. Shift is allowed, so Caps Lock does not switch shortcuts off.
 */
export function queueCommand(press: KeyPress): QueueCommand | null {
  if (press.typing || press.altKey || press.ctrlKey || press.metaKey) return null;
  switch (press.key.toLowerCase()) {
    case "a":
      return "approve";
    case "h":
      return "hide";
    case "j":
    case "arrowdown":
      return "next";
    case "k":
    case "arrowup":
      return "previous";
    default:
      return null;
  }
}

/** Whether an event target is somewhere keys are typed (where the shortcuts must stay quiet). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const field = element.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  if (!field) return false;
  // Checkboxes, radios and buttons take no text.
  if (field instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset"].includes(field.type);
  return true;
}

/** The selection: the key of the selected post, or null when the queue is empty. */
export type QueueSelection = string | null;

/** Moves the selection one step down (`next`) or up (`previous`), stopping at either end. */
export function moveSelection(keys: readonly string[], selected: QueueSelection, step: 1 | -1): QueueSelection {
  if (keys.length === 0) return null;
  const at = selected === null ? -1 : keys.indexOf(selected);
  if (at < 0) return keys[0] ?? null;
  return keys[Math.min(keys.length - 1, Math.max(0, at + step))] ?? null;
}

/**
 * Keeps the selection sensible as the queue changes. A selected post still queued stays selected. One that
 * left (approved or hidden, here or by a colleague) hands over to the post now at its old place, so `a a a`
 * approves the queue from the top down; `previousKeys` is the queue as it was.
 */
export function reconcileSelection(
  previousKeys: readonly string[],
  keys: readonly string[],
  selected: QueueSelection,
): QueueSelection {
  if (keys.length === 0) return null;
  if (selected !== null && keys.includes(selected)) return selected;
  if (selected === null) return keys[0] ?? null;
  const oldIndex = previousKeys.indexOf(selected);
  // Among the posts after the old one, the first still queued; else the last post.
  for (const key of previousKeys.slice(oldIndex + 1)) if (keys.includes(key)) return key;
  return keys[Math.min(Math.max(0, oldIndex), keys.length - 1)] ?? null;
}

/** After acting on `key`, the post to select: the next one down, else the one above. */
export function selectionAfterRemoving(keys: readonly string[], key: string): QueueSelection {
  const at = keys.indexOf(key);
  if (at < 0) return keys[0] ?? null;
  return keys[at + 1] ?? keys[at - 1] ?? null;
}
