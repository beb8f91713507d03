/** The widgets' translator: their own small dictionary, and the app's `Intl` formatters. */
import { createFormatter, type Formatter } from "../i18n/format";
import type { Lang } from "../i18n/language";
import { embedEn, embedFr, type EmbedMessageKey, type EmbedMessages } from "./embedMessages";

/** The widget dictionary of each UI language. */
export const EMBED_DICTIONARIES: Record<Lang, EmbedMessages> = { fr: embedFr, en: embedEn };

/** The base of a key that has `_one` and `_other` forms. */
export type EmbedPluralKey = EmbedMessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** Values filled into a message's `{name}` placeholders. */
export type EmbedValues = Record<string, string | number>;

/** What a widget needs to speak its language. */
export interface EmbedI18n {
  lang: Lang;
  /** The message for `key` with its placeholders filled; an unknown placeholder stays, so a mistake shows. */
  t(key: EmbedMessageKey, values?: EmbedValues): string;
  /** The `_one` or `_other` form of `key` for `count`; `{count}` is filled with the formatted number. */
  plural(key: EmbedPluralKey, count: number, values?: EmbedValues): string;
  format: Formatter;
}

/** Builds the translator for `lang`; times show in `timeZone` (the campaign's) when given. */
export function createEmbedI18n(lang: Lang, timeZone?: string): EmbedI18n {
  const messages = EMBED_DICTIONARIES[lang];
  const format = createFormatter(lang, timeZone);
  const rules = new Intl.PluralRules(format.locale);
  const t = (key: EmbedMessageKey, values: EmbedValues = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
  return {
    lang,
    t,
    plural: (key, count, values) =>
      // French puts 0 and 1 in "one"; every category other than "one" takes the "_other" form.
      t(`${key}_${rules.select(count) === "one" ? "one" : "other"}` as EmbedMessageKey, { ...values, count: format.number(count) }),
    format,
  };
}
