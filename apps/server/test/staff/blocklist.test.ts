import { describe, expect, it } from "vitest";
import { BLOCKLIST_MAX_WORDS, BlocklistBodySchema, foldText } from "@pulse/shared";
import { compileBlocklist, DEFAULT_BLOCKLIST } from "../../src/staff/blocklist.js";

describe("the keyword blocklist", () => {
  const list = compileBlocklist(["connard", "arnaque", "free followers", "gagner de l'argent facilement", "pute"]);

  it("matches without regard to case or accents, on both sides", () => {
    expect(foldText("ÉNORME Arnaque À ÇA")).toBe("enorme arnaque a ca");
    expect(list.match("Quelle ARNAQUE !")).toBe("arnaque");
    expect(list.match("Quelle ärnaqué")).toBe("arnaque");
    expect(compileBlocklist(["enculé"]).match("ENCULE")).toBe("encule");
    expect(compileBlocklist(["encule"]).match("bande d'enculés")).toBe("encules");
  });

  it("matches whole words and phrases only", () => {
    expect(list.match("Une dispute au bureau")).toBeUndefined();
    expect(list.match("députée de la circonscription")).toBeUndefined();
    expect(list.match("arnaques en série")).toBe("arnaques");
    expect(list.match("Get FREE\nfollowers now")).toBe("free followers");
    expect(list.match("free and followers")).toBeUndefined();
    expect(list.match("Comment gagner de l’argent facilement")).toBe("gagner de l'argent facilement");
    expect(list.match("#arnaque")).toBe("arnaque");
    expect(list.match("Nous recrutons un CDI #VotreJob")).toBeUndefined();
  });

  it("matches nothing when empty, and treats regex characters literally", () => {
    expect(compileBlocklist([]).match("anything at all")).toBeUndefined();
    const literal = compileBlocklist(["c.a.s.h"]);
    expect(literal.match("c.a.s.h now")).toBe("c.a.s.h");
    expect(literal.match("cXaXsXh now")).toBeUndefined();
  });

  it("has a default list that leaves ordinary job posts alone and catches spam", () => {
    const defaults = compileBlocklist(DEFAULT_BLOCKLIST);
    for (const text of [
      "Nous recrutons 40 conseillers en CDI à Lyon ! #VotreJob",
      "We're hiring: work from home, apply now #YourJobUK",
      "Stage de 6 mois en marketing, postulez ici",
      "Belle dispute sur le plateau, mais quel salon ! #VotreJob",
      "Classic assessment centre tomorrow #YourJobUK",
    ]) {
      expect(defaults.match(text), text).toBeUndefined();
    }
    expect(defaults.match("Des FOLLOWERS GRATUITS ici 👉")).toBe("followers gratuits");
    expect(defaults.match("crypto giveaway!!! #VotreJob")).toBe("crypto giveaway");
    expect(defaults.match("Quel connard ce recruteur")).toBe("connard");
  });

  it("validates what staff send: trims, drops repeats by their folded form, bounds the list", () => {
    expect(BlocklistBodySchema.parse({ words: ["  Arnaque ", "arnaqué", "free   followers"] })).toEqual({
      words: ["Arnaque", "free followers"],
    });
    expect(BlocklistBodySchema.safeParse({ words: ["   "] }).success).toBe(false);
    expect(BlocklistBodySchema.safeParse({ words: ["!!!"] }).success).toBe(false);
    expect(BlocklistBodySchema.safeParse({ words: ["x".repeat(81)] }).success).toBe(false);
    expect(BlocklistBodySchema.safeParse({ words: Array.from({ length: BLOCKLIST_MAX_WORDS + 1 }, (_, i) => `w${i}`) }).success).toBe(false);
    expect(BlocklistBodySchema.safeParse({ words: "arnaque" }).success).toBe(false);
    expect(BlocklistBodySchema.parse({ words: [] })).toEqual({ words: [] });
  });
});
