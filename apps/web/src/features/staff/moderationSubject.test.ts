import { describe, expect, it } from "vitest";
import { authorLabel, shortExcerpt } from "./moderationSubject";

describe("moderation subjects in words", () => {
  it("names an author by handle and name", () => {
    expect(authorLabel({ handle: "jeanne_d", name: "Jeanne Dupont" })).toBe("@jeanne_d (Jeanne Dupont)");
    expect(authorLabel({ handle: "paul" })).toBe("@paul");
    expect(authorLabel({ handle: "paul", name: "paul" })).toBe("@paul");
  });

  it("quotes a text on one line, cut with an ellipsis", () => {
    expect(shortExcerpt("Nous\n recrutons")).toBe("Nous recrutons");
    const cut = shortExcerpt("é".repeat(100), 10);
    expect(cut).toBe(`${"é".repeat(9)}…`);
  });
});
