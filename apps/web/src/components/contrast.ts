/**
 * WCAG 2.x colour contrast, for checking the theme palettes and for making a campaign's brand colours safe
 * to use on a theme's surfaces.
 */

/** An sRGB colour as three 0–255 channels. */
export type Rgb = readonly [number, number, number];

/** WCAG AA: normal text needs 4.5:1, large text and graphics 3:1. */
export const AA_TEXT = 4.5;
/** WCAG AA for large text and for the parts of graphics needed to understand them. */
export const AA_LARGE = 3;

/** `#rrggbb` (or `#rgb`) to channels; null for anything else. */
export function parseHex(color: string): Rgb | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** Channels to `#rrggbb`, rounding and clamping each channel. */
export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

/** The WCAG relative luminance of a colour, 0 (black) to 1 (white). */
export function relativeLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two hex colours, from 1 to 21. Throws on a colour that is not hex. */
export function contrastRatio(a: string, b: string): number {
  const ca = parseHex(a);
  const cb = parseHex(b);
  if (!ca || !cb) throw new Error(`not a hex colour: ${ca ? b : a}`);
  const [hi, lo] = [relativeLuminance(ca), relativeLuminance(cb)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function mix(from: Rgb, to: Rgb, share: number): Rgb {
  return [0, 1, 2].map((i) => from[i]! + (to[i]! - from[i]!) * share) as unknown as Rgb;
}

/** `from` with `share` (0–1) of `to` mixed in, as CSS `color-mix(in srgb, …)` does; null if either is not hex. */
export function mixHex(from: string, to: string, share: number): string | null {
  const a = parseHex(from);
  const b = parseHex(to);
  return a && b ? toHex(mix(a, b, share)) : null;
}

/**
 * `color`, or the nearest shade of it that reaches `min` contrast on every one of `backgrounds`: mixed
 * towards white on dark backgrounds and towards black on light ones, in small steps, so the hue stays
 * recognisable. Returns null when `color` is not hex or no shade reaches `min`.
 */
export function ensureContrast(color: string, backgrounds: readonly string[], min: number): string | null {
  const rgb = parseHex(color);
  const grounds = backgrounds.map(parseHex);
  if (!rgb || grounds.some((g) => g === null) || grounds.length === 0) return null;
  const lightest = Math.max(...grounds.map((g) => relativeLuminance(g!)));
  // Dark backgrounds need a lighter colour; light ones a darker colour.
  const target: Rgb = lightest < 0.18 ? [255, 255, 255] : [0, 0, 0];
  const worst = (c: string) => Math.min(...backgrounds.map((bg) => contrastRatio(c, bg)));
  for (let step = 0; step <= 40; step += 1) {
    const candidate = toHex(mix(rgb, target, step / 40));
    if (worst(candidate) >= min) return candidate;
  }
  return null;
}
