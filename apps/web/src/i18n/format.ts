import type { Lang } from "./language";

/** The `Intl` locale each UI language formats with. British English keeps the 24-hour clock of the campaign. */
export const LOCALES: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };

/** Locale-aware formatting for numbers, countries and times. */
export interface Formatter {
  /** The `Intl` locale in use. */
  readonly locale: string;
  /** The IANA time zone times are shown in, or undefined for the browser's own. */
  readonly timeZone: string | undefined;
  /** An integer or decimal count, such as `33 000` in French. */
  number(value: number): string;
  /** A ratio between 0 and 1 as a percentage, such as `12 %`. */
  percent(ratio: number): string;
  /** A country's name in the UI language; `unknownLabel` for `"unknown"` and anything that is no country code. */
  country(code: string, unknownLabel: string): string;
  /** Hours and minutes in the time zone. */
  time(at: number | string): string;
  /** Hours, minutes and seconds in the time zone. */
  timeWithSeconds(at: number | string): string;
}

function validTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** The thousands separator of each locale's whole numbers, as `Intl.NumberFormat` writes them. */
const GROUP_SEPARATORS: Record<Lang, string> = { fr: "\u202f", en: "," };

/**
 * A whole number with its digits grouped by three, as `Intl.NumberFormat` writes it in French and British English
 * (both group from 1,000). Written here because a page's first `Intl.NumberFormat` loads the locale's number data:
 * 56–235 ms at 4× throttling in Chromium 156, in the task that shows the first number (the counter widget's
 * longest task on a partner's page). A property test holds it equal to `Intl.NumberFormat` for every safe integer.
 */
function groupDigits(value: number, separator: string): string {
  const digits = String(Math.abs(value));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3);
  return value < 0 ? `-${out}` : out;
}

/** `make()`'s result, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/**
 * Builds the formatters for a language and, optionally, the campaign's time zone. Each `Intl` object is made on
 * its first use: making one loads locale data, and a widget that shows one number would otherwise pay for six
 * (region names above all) in the partner page's first seconds.
 */
export function createFormatter(lang: Lang, timeZone?: string): Formatter {
  const locale = LOCALES[lang];
  const zone = validTimeZone(timeZone);
  const decimals = once(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }));
  const percents = once(() => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }));
  const regions = once(() => new Intl.DisplayNames([locale], { type: "region", fallback: "code" }));
  const hm = once(() => new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: zone }));
  const hms = once(() => new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: zone }));
  const toDate = (at: number | string) => new Date(at);

  return {
    locale,
    timeZone: zone,
    number: (value) => (Number.isSafeInteger(value) ? groupDigits(value, GROUP_SEPARATORS[lang]) : decimals().format(value)),
    percent: (ratio) => percents().format(ratio),
    country(code, unknownLabel) {
      if (!/^[A-Za-z]{2}$/.test(code)) return unknownLabel;
      try {
        return regions().of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
    time: (at) => hm().format(toDate(at)),
    timeWithSeconds: (at) => hms().format(toDate(at)),
  };
}
