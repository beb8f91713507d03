/** Reads a widget's query string: `country`, `lang`, `theme`, `limit`, `media` and the loader's `frame` id. */
import { resolveLanguage, type Lang } from "../i18n/language";
import { frameIdOr } from "./embedProtocol";

/**
 * The widget themes. `light` is the default (most partner pages are light); `auto` follows the reader's
 * `prefers-color-scheme`, and changes with it.
 */
export const EMBED_THEMES = ["light", "dark", "auto"] as const;

/** A theme as asked in the URL. */
export type EmbedTheme = (typeof EMBED_THEMES)[number];

/** The theme used when the URL asks none, or one that does not exist. */
export const DEFAULT_EMBED_THEME: EmbedTheme = "light";

/** The smallest and largest `limit` (posts in the feed, bars in the country chart). */
export const LIMIT_RANGE = { min: 1, max: 20 } as const;

/** What a widget was asked to show. */
export interface EmbedParams {
  /** An ISO 3166-1 alpha-2 code in upper case, or null for every country. */
  country: string | null;
  lang: Lang;
  theme: EmbedTheme;
  /** How many posts or bars, within {@link LIMIT_RANGE}; null leaves it to the widget. */
  limit: number | null;
  /** True when the partner asked for the posts' pictures (`media=on`, from the loader's `data-media="on"`). */
  media: boolean;
  /** The id the loader gave this frame, echoed in resize messages; null when the page is not framed by it. */
  frame: string | null;
}

/** An ISO 3166-1 alpha-2 code in upper case, or null for anything else (`fr` is taken as `FR`). */
export function countryOr(value: string | null): string | null {
  const code = value?.trim().toUpperCase() ?? "";
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

function themeOr(value: string | null): EmbedTheme {
  const theme = value?.trim().toLowerCase();
  return EMBED_THEMES.find((t) => t === theme) ?? DEFAULT_EMBED_THEME;
}

function limitOr(value: string | null): number | null {
  if (value === null || !/^\d{1,3}$/.test(value.trim())) return null;
  return Math.min(LIMIT_RANGE.max, Math.max(LIMIT_RANGE.min, Number(value)));
}

/**
 * Parses a widget's `location.search`. Anything malformed falls back to its default rather than failing: a
 * partner's typo should still show a widget. The language is `lang`, then the browser's, then French.
 */
export function parseEmbedParams(search: string, browserLanguages: readonly string[] = []): EmbedParams {
  const query = new URLSearchParams(search);
  return {
    country: countryOr(query.get("country")),
    lang: resolveLanguage(search, browserLanguages),
    theme: themeOr(query.get("theme")),
    limit: limitOr(query.get("limit")),
    // Pictures only when asked: a partner's page shows nothing it did not choose.
    media: query.get("media")?.trim().toLowerCase() === "on",
    frame: frameIdOr(query.get("frame")),
  };
}
