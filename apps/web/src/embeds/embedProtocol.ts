/**
 * What the embed pages and the `/embed.js` loader agree on. The loader bundles this file, so it holds plain
 * values and pure functions only: nothing that would grow the loader.
 */

/** The widgets, each served at `/embed/<widget>`. */
export const EMBED_WIDGETS = ["counter", "countries", "timeline", "feed", "map", "organization"] as const;

/** A widget name. */
export type EmbedWidget = (typeof EMBED_WIDGETS)[number];

/** The `type` of the message a widget posts to its parent page whenever its content height changes. */
export const RESIZE_MESSAGE_TYPE = "pulse:resize";

/** The message a widget posts to its parent: its content height in CSS px, and the frame id it was given. */
export interface ResizeMessage {
  type: typeof RESIZE_MESSAGE_TYPE;
  height: number;
  /** The `frame` query parameter of the widget's URL, echoed back so the loader knows which iframe it is. */
  frame: string | null;
}

/** No widget is taller than this; a larger height in a message is clamped, so a bad message cannot blow a page up. */
export const MAX_EMBED_HEIGHT = 4000;

/** A frame id: what the loader generates, and all a widget accepts to echo back. */
const FRAME_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `value` when it is a well-formed frame id, else null. */
export function frameIdOr(value: string | null | undefined): string | null {
  return value != null && FRAME_ID.test(value) ? value : null;
}

/** True when `name` is one of the widgets. */
export function isEmbedWidget(name: unknown): name is EmbedWidget {
  return typeof name === "string" && (EMBED_WIDGETS as readonly string[]).includes(name);
}

/**
 * The height (px, rounded up, clamped) a resize message asks of the frame `frame`, or null when `data` is not a
 * resize message for that frame.
 */
export function resizeHeightFor(data: unknown, frame: string): number | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Partial<ResizeMessage>;
  if (message.type !== RESIZE_MESSAGE_TYPE || message.frame !== frame) return null;
  const height = message.height;
  if (typeof height !== "number" || !Number.isFinite(height) || height < 0) return null;
  return Math.min(MAX_EMBED_HEIGHT, Math.ceil(height));
}
