import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFormatter } from "./format";
import { createI18n, interpolate } from "./i18n";
import { resolveLanguage, withLanguage } from "./language";

const NNBSP = "\u202f"; // the narrow no-break space French groups digits with

describe("numbers", () => {
  it("groups thousands the French way", () => {
    expect(createFormatter("fr").number(33000)).toBe(`33${NNBSP}000`);
    expect(createFormatter("fr").number(1234567)).toBe(`1${NNBSP}234${NNBSP}567`);
  });

  it("groups thousands the English way", () => {
    expect(createFormatter("en").number(33000)).toBe("33,000");
  });

  it("writes every safe integer exactly as Intl.NumberFormat does, in both languages", () => {
    const intl = { fr: new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 }), en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 }) };
    const formatters = { fr: createFormatter("fr"), en: createFormatter("en") };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger(), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })), fc.constantFrom("fr", "en" as const), (value, lang) => {
        expect(formatters[lang].number(value)).toBe(intl[lang].format(value));
      }),
      { numRuns: 2_000 },
    );
    for (const value of [0, 7, 999, 1000, 9999, 10_000, 999_999, 1_000_000]) {
      expect(formatters.fr.number(value)).toBe(intl.fr.format(value));
      expect(formatters.en.number(value)).toBe(intl.en.format(value));
    }
  });

  it("writes whole numbers without making an Intl.NumberFormat (a page's first one loads the locale's number data)", () => {
    const made = vi.spyOn(Intl, "NumberFormat");
    try {
      expect(createFormatter("fr").number(33000)).toBe(`33${NNBSP}000`);
      expect(createFormatter("en").number(-1234)).toBe("-1,234");
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it("formats shares as percentages", () => {
    // Intl puts a no-break space (U+00A0) before the French percent sign.
    expect(createFormatter("fr").percent(0.25)).toBe("25\u00a0%");
    expect(createFormatter("en").percent(0.25)).toBe("25%");
  });
});

describe("country names", () => {
  it("names countries in the UI language", () => {
    expect(createFormatter("fr").country("DE", "Inconnu")).toBe("Allemagne");
    expect(createFormatter("en").country("DE", "Unknown")).toBe("Germany");
    expect(createFormatter("fr").country("GB", "Inconnu")).toBe("Royaume-Uni");
  });

  it("translates the unknown bucket", () => {
    const fr = createI18n("fr");
    const en = createI18n("en");
    expect(fr.format.country("unknown", fr.t("countries.unknown"))).toBe("Inconnu");
    expect(en.format.country("unknown", en.t("countries.unknown"))).toBe("Unknown");
  });
});

describe("times", () => {
  // 2015-05-05T08:30:00Z is 10:30 in Paris (summer time) and 09:30 in London.
  const at = Date.UTC(2015, 4, 5, 8, 30);

  it("shows times in the campaign's time zone", () => {
    expect(createFormatter("fr", "Europe/Paris").time(at)).toBe("10:30");
    expect(createFormatter("en", "Europe/London").time(at)).toBe("09:30");
    expect(createFormatter("en", "Europe/Paris").timeWithSeconds("2015-05-05T08:30:15Z")).toBe("10:30:15");
  });

  it("falls back to the browser's zone when the campaign's is not a valid IANA name", () => {
    expect(createFormatter("fr", "Not/AZone").timeZone).toBeUndefined();
  });
});

describe("messages", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(interpolate("{a} et {b}", { a: 1 })).toBe("1 et {b}");
  });

  it("chooses plural forms by language: French counts 0 and 1 as singular", () => {
    const fr = createI18n("fr");
    const en = createI18n("en");
    expect(fr.plural("orgs.posts", 0)).toBe("0 publication");
    expect(fr.plural("orgs.posts", 1)).toBe("1 publication");
    expect(fr.plural("orgs.posts", 33000)).toBe(`33${NNBSP}000 publications`);
    expect(en.plural("orgs.posts", 0)).toBe("0 posts");
    expect(en.plural("orgs.posts", 1)).toBe("1 post");
  });
});

describe("resolveLanguage", () => {
  it("takes ?lang first", () => {
    expect(resolveLanguage("?lang=en", ["fr-FR"])).toBe("en");
    expect(resolveLanguage("?lang=FR&theme=dark", ["en-US"])).toBe("fr");
  });

  it("then the browser's languages, then French", () => {
    expect(resolveLanguage("", ["en-US", "fr"])).toBe("en");
    expect(resolveLanguage("", ["de-DE", "en"])).toBe("en");
    expect(resolveLanguage("?lang=de", ["de-DE"])).toBe("fr");
    expect(resolveLanguage("", [])).toBe("fr");
  });

  it("builds language links that keep the other parameters", () => {
    expect(withLanguage("http://localhost:3000/wall?theme=dark&lang=fr#x", "en")).toBe("/wall?theme=dark&lang=en#x");
  });
});

describe("the Intl objects", () => {
  const { DisplayNames, DateTimeFormat } = Intl;
  afterEach(() => {
    Object.assign(Intl, { DisplayNames, DateTimeFormat });
  });

  it("are made on first use, once: a widget showing a number loads no region names or time formats", () => {
    const made = { regions: 0, times: 0 };
    Object.assign(Intl, {
      DisplayNames: class extends DisplayNames {
        constructor(...args: ConstructorParameters<typeof DisplayNames>) {
          super(...args);
          made.regions += 1;
        }
      },
      DateTimeFormat: class extends DateTimeFormat {
        constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
          super(...args);
          made.times += 1;
        }
      },
    });
    const format = createFormatter("en");
    expect(format.number(33000)).toBe("33,000");
    expect(made).toEqual({ regions: 0, times: 0 });
    expect(format.country("DE", "Unknown")).toBe("Germany");
    expect(format.country("FR", "Unknown")).toBe("France");
    expect(made).toEqual({ regions: 1, times: 0 });
  });
});
