import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BRAND_TINT, brandVariables, textOn } from "./brand";
import { AA_LARGE, AA_TEXT, contrastRatio, ensureContrast, mixHex, parseHex } from "./contrast";
import { resolveTheme, THEME_SURFACES, THEMES, type Theme } from "./theme";

// Read as a file: vitest hands CSS imports to tests empty, even with `?raw`.
const styles = readFileSync(new URL("../styles.css", import.meta.url), "utf8");

/** The `--name: #hex` declarations of one top-level block of styles.css. */
function palette(selector: string): Record<string, string> {
  const start = styles.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`styles.css has no ${selector} block`);
  const block = styles.slice(start, styles.indexOf("}", start));
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b/g)].map((m) => [m[1]!, m[2]!]));
}

/** Each theme's colours: the light block only overrides, so it is laid over the dark one. */
const PALETTES: Record<Theme, Record<string, string>> = {
  dark: palette(":root"),
  light: { ...palette(":root"), ...palette(':root[data-theme="light"]') },
};

const SURFACES = ["--bg", "--surface", "--surface-raised"];
/** Colours used for text on the surfaces. */
const TEXT = ["--text", "--text-strong", "--muted", "--accent", "--kind-originals", "--kind-retweets", "--kind-replies", "--kind-quotes"];
/** Colours of graphics that carry meaning (bars, the live dot, warnings): WCAG 1.4.11 asks 3:1. */
const GRAPHICS = ["--chart-primary", "--chart-muted", "--live", "--warn-border", "--offline-dot"];

describe.each(THEMES)("the %s theme", (theme) => {
  const colors = PALETTES[theme];
  const ratio = (fg: string, bg: string) => contrastRatio(colors[fg]!, colors[bg]!);

  it("gives every text colour at least 4.5:1 (WCAG AA) on every surface", () => {
    for (const fg of TEXT) {
      for (const bg of SURFACES) expect(ratio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(AA_TEXT);
    }
    expect(ratio("--warn-text", "--warn-bg")).toBeGreaterThanOrEqual(AA_TEXT);
    expect(ratio("--on-accent", "--accent")).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it("gives meaningful graphics at least 3:1 on every surface", () => {
    for (const fg of GRAPHICS) {
      for (const bg of SURFACES) expect(ratio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(AA_LARGE);
    }
  });

  it("matches the surfaces theme.ts checks brand colours against", () => {
    expect(THEME_SURFACES[theme]).toEqual({ bg: colors["--bg"], surface: colors["--surface"], surfaceRaised: colors["--surface-raised"] });
  });

  it("makes the built-in campaign's brand readable: 4.5:1 as text, 3:1 as graphics", () => {
    const vars = brandVariables({ primary: "#1d9bf0", accent: "#f7b500" }, theme);
    for (const bg of Object.values(THEME_SURFACES[theme])) {
      expect(contrastRatio(vars["--brand-text"], bg)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(vars["--brand-accent-text"], bg)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(vars["--brand"], bg)).toBeGreaterThanOrEqual(AA_LARGE);
      expect(contrastRatio(vars["--brand-accent"], bg)).toBeGreaterThanOrEqual(AA_LARGE);
    }
    expect(contrastRatio(vars["--on-brand"], vars["--brand"])).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it("keeps brand text readable on the background the wall tints with the brand", () => {
    for (const brand of [{ primary: "#1d9bf0", accent: "#f7b500" }, undefined]) {
      const vars = brandVariables(brand, theme);
      for (const glow of [vars["--brand"], vars["--brand-accent"]]) {
        const tinted = mixHex(THEME_SURFACES[theme].bg, glow, BRAND_TINT)!;
        expect(contrastRatio(vars["--brand-text"], tinted)).toBeGreaterThanOrEqual(AA_TEXT);
        expect(contrastRatio(vars["--brand-accent-text"], tinted)).toBeGreaterThanOrEqual(AA_TEXT);
        expect(contrastRatio(colors["--text"]!, tinted)).toBeGreaterThanOrEqual(AA_TEXT);
        expect(contrastRatio(colors["--muted"]!, tinted)).toBeGreaterThanOrEqual(AA_TEXT);
      }
    }
  });
});

describe("brandVariables", () => {
  it("keeps a brand colour that already contrasts enough", () => {
    expect(brandVariables({ primary: "#1d9bf0" }, "dark")["--brand"]).toBe("#1d9bf0");
  });

  it("darkens a brand colour too pale for the light theme, keeping its hue", () => {
    const vars = brandVariables({ primary: "#1d9bf0", accent: "#f7b500" }, "light");
    expect(vars["--brand-text"]).not.toBe("#1d9bf0");
    const [r, g, b] = parseHex(vars["--brand-text"])!;
    expect(b).toBeGreaterThan(r); // still blue
    expect(g).toBeGreaterThan(r);
  });

  it("lightens a brand colour too dark for the dark theme", () => {
    const vars = brandVariables({ primary: "#101010" }, "dark");
    for (const bg of Object.values(THEME_SURFACES.dark)) expect(contrastRatio(vars["--brand-text"], bg)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it("falls back to the theme's accent without a brand", () => {
    expect(brandVariables(undefined, "dark")["--brand"]).toBe("#5cc8ff");
    expect(brandVariables(undefined, "light")["--brand"]).toBe("#0a66c2");
  });

  it("uses the primary colour as the accent when the brand has only one", () => {
    const vars = brandVariables({ primary: "#1d9bf0" }, "dark");
    expect(vars["--brand-accent"]).toBe(vars["--brand"]);
  });

  it("falls back on a colour that is not hex (the campaign file is checked, but the wall must not trust it)", () => {
    expect(brandVariables({ primary: "red; background: url(x)" }, "dark")["--brand"]).toBe("#5cc8ff");
  });
});

describe("contrast", () => {
  it("computes WCAG ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#fff", "#fff")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(() => contrastRatio("red", "#fff")).toThrow(/not a hex colour/);
  });

  it("finds the nearest shade that reaches a ratio, or null when none does", () => {
    const shade = ensureContrast("#ffff00", ["#ffffff"], AA_TEXT)!;
    expect(contrastRatio(shade, "#ffffff")).toBeGreaterThanOrEqual(AA_TEXT);
    expect(ensureContrast("#ffffff", ["#777777", "#ffffff"], 21)).toBeNull();
    expect(ensureContrast("nope", ["#ffffff"], 3)).toBeNull();
  });

  it("writes on a colour in white or near-black, whichever reads better", () => {
    expect(textOn("#000000")).toBe("#ffffff");
    expect(textOn("#ffc53d")).toBe("#0b0f14");
  });
});

describe("resolveTheme", () => {
  it("is dark unless the URL asks for light", () => {
    expect(resolveTheme("")).toBe("dark");
    expect(resolveTheme("?theme=light")).toBe("light");
    expect(resolveTheme("?lang=en&theme=Light")).toBe("light");
    expect(resolveTheme("?theme=sepia")).toBe("dark");
  });
});
