import { describe, expect, it } from "vitest";
import { createEmbedI18n, EMBED_DICTIONARIES } from "./embedI18n";

describe("the widgets' dictionaries", () => {
  it("have the same keys in French and English, and no empty text", () => {
    expect(Object.keys(EMBED_DICTIONARIES.en).sort()).toEqual(Object.keys(EMBED_DICTIONARIES.fr).sort());
    for (const dictionary of Object.values(EMBED_DICTIONARIES)) {
      for (const text of Object.values(dictionary)) expect(text.trim()).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(EMBED_DICTIONARIES.fr)) {
      expect(names(EMBED_DICTIONARIES.en[key as keyof typeof EMBED_DICTIONARIES.en]), key).toEqual(names(text));
    }
  });
});

describe("createEmbedI18n", () => {
  it("fills placeholders and picks plural forms by language", () => {
    const fr = createEmbedI18n("fr");
    const en = createEmbedI18n("en");
    expect(fr.plural("counter.label", 0)).toBe("Publication");
    expect(en.plural("counter.label", 0)).toBe("Posts");
    expect(en.plural("counter.announceCountry", 1234, { country: "France" })).toBe("France: 1,234 posts");
    expect(fr.plural("counter.announce", 1234)).toMatch(/^1\s234 publications$/u);
    expect(en.t("timeline.peak", { peak: "12", time: "10:30" })).toBe("Peak: 12 at 10:30");
  });

  it("shows times in the campaign's zone", () => {
    expect(createEmbedI18n("en", "Europe/Paris").format.time("2015-02-24T09:30:00Z")).toBe("10:30");
  });
});
