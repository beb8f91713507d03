import { AA_LARGE, AA_TEXT, contrastRatio, ensureContrast, mixHex } from "./contrast";
import { THEME_SURFACES, type Theme } from "./theme";

/** A campaign's brand colours, as the campaign file gives them (`#rrggbb`). */
export interface BrandColors {
  primary: string;
  accent?: string | undefined;
}

/** The CSS custom properties a themed screen sets from the campaign's brand colours. */
export interface BrandVariables {
  /** Bars, curves and the goal bar: at least 3:1 on the theme's surfaces (WCAG AA for graphics). */
  "--brand": string;
  /** Brand-coloured text: at least 4.5:1 on the theme's surfaces. */
  "--brand-text": string;
  /** The second brand colour for graphics (3:1), or `--brand` when the campaign has none. */
  "--brand-accent": string;
  /** The second brand colour as text (4.5:1). */
  "--brand-accent-text": string;
  /** Text on a `--brand` background: white or near-black, whichever contrasts more. */
  "--on-brand": string;
  /** Text on a `--brand-accent` background. */
  "--on-brand-accent": string;
}

/** The two colours text on a coloured background is drawn in. */
const ON_COLOR = ["#ffffff", "#0b0f14"] as const;

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string): string {
  const [white, black] = ON_COLOR;
  return contrastRatio(white, background) >= contrastRatio(black, background) ? white : black;
}

/**
 * The most brand colour a screen tints its background with (the wall's glow: `color-mix(… var(--brand) 12%`),
 * so brand colours are checked against that tinted background too.
 */
export const BRAND_TINT = 0.12;

/** Used when the campaign has no brand, or a colour no shade of which reaches the contrast needed. */
const FALLBACK: Record<Theme, { primary: string; accent: string }> = {
  dark: { primary: "#5cc8ff", accent: "#ffc53d" },
  light: { primary: "#0a66c2", accent: "#8a5a00" },
};

/**
 * The brand colours as CSS variables for `theme`, each made safe for its use: the campaign's colour when it
 * already has the contrast needed on every surface of the theme, else the nearest lighter (dark theme) or
 * darker (light theme) shade that has it, else the theme's own accent. Text colours also keep 4.5:1 on the
 * background tinted with {@link BRAND_TINT} of the brand.
 */
export function brandVariables(brand: BrandColors | undefined, theme: Theme): BrandVariables {
  const surfaces = THEME_SURFACES[theme];
  const fallback = FALLBACK[theme];
  const safe = (color: string, grounds: readonly string[], min: number, otherwise: string) =>
    ensureContrast(color, grounds, min) ?? otherwise;
  // No brand: the theme's own colours, checked the same way.
  const source = brand ?? fallback;
  // Without an accent of its own, a brand's second colour is its first one.
  const accentSource = source.accent ?? source.primary;
  // Graphics first, on the plain surfaces; then text, also on the background tinted with those graphics colours.
  const plain = Object.values(surfaces);
  const primary = safe(source.primary, plain, AA_LARGE, fallback.primary);
  const accent = safe(accentSource, plain, AA_LARGE, fallback.accent);
  const tinted = [primary, accent].map((color) => mixHex(surfaces.bg, color, BRAND_TINT)).filter((c): c is string => c !== null);
  const textGrounds = [...plain, ...tinted];
  return {
    "--brand": primary,
    "--brand-text": safe(source.primary, textGrounds, AA_TEXT, fallback.primary),
    "--brand-accent": accent,
    "--brand-accent-text": safe(accentSource, textGrounds, AA_TEXT, fallback.accent),
    "--on-brand": textOn(primary),
    "--on-brand-accent": textOn(accent),
  };
}
