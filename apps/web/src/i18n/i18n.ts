import { en } from "./en";
import { createFormatter, type Formatter } from "./format";
import { fr, type MessageKey, type Messages } from "./fr";
import type { Lang } from "./language";

/** The dictionary of each UI language. */
export const DICTIONARIES: Record<Lang, Messages> = { fr, en };

/** Values filled into a message's `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/** The base of a key that has `_one` and `_other` forms. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** Everything a component needs to speak the UI language. */
export interface I18n {
  lang: Lang;
  /** The message for `key` with its placeholders filled. */
  t(key: MessageKey, values?: MessageValues): string;
  /** The `_one` or `_other` form of `key` for `count`; `{count}` is filled with the formatted number. */
  plural(key: PluralKey, count: number, values?: MessageValues): string;
  format: Formatter;
}

/** Fills `{name}` placeholders; an unknown name is left as it is, so a mistake shows on screen. */
export function interpolate(template: string, values: MessageValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Builds the translator and formatters for a language and the campaign's time zone. */
export function createI18n(lang: Lang, timeZone?: string): I18n {
  const messages = DICTIONARIES[lang];
  const format = createFormatter(lang, timeZone);
  const rules = new Intl.PluralRules(format.locale);
  const t = (key: MessageKey, values?: MessageValues) => interpolate(messages[key], values);
  return {
    lang,
    t,
    plural(key, count, values) {
      // French puts 0 and 1 in "one"; every category other than "one" uses the "_other" form.
      const form = rules.select(count) === "one" ? "one" : "other";
      return t(`${key}_${form}` as MessageKey, { ...values, count: format.number(count) });
    },
    format,
  };
}
