import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AA_LARGE, contrastRatio, parseHex, relativeLuminance } from "../contrast";
import { THEME_SURFACES, THEMES, type Theme } from "../theme";
import { MAP_STEPS } from "./mapFigures";

// Read as files: vitest hands CSS imports to tests empty.
const mapCss = readFileSync(new URL("./map.css", import.meta.url), "utf8");
const embedCss = readFileSync(new URL("../../embeds/embed.css", import.meta.url), "utf8");

/** The `--name: #hex` declarations of the block whose selector list ends with `selector`. */
function palette(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block`);
  const block = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b/g)].map((m) => [m[1]!, m[2]!]));
}

const MAP: Record<Theme, Record<string, string>> = {
  dark: palette(mapCss, ':root[data-theme="dark"]'),
  light: palette(mapCss, ':root[data-theme="light"]'),
};

/** Every surface the map is drawn on: the app's and wall's (theme.ts) and the widgets' (embed.css). */
const SURFACES: Record<Theme, string[]> = Object.fromEntries(
  THEMES.map((theme) => {
    const widget = palette(embedCss, `:root[data-theme="${theme}"]`);
    return [theme, [...Object.values(THEME_SURFACES[theme]), widget["--surface"]!, widget["--surface-sunken"]!]];
  }),
) as Record<Theme, string[]>;

const steps = (theme: Theme) => Array.from({ length: MAP_STEPS }, (_, i) => MAP[theme][`--map-${i + 1}`]!);

describe.each(THEMES)("the map's colour scale in the %s theme", (theme) => {
  it(`has ${MAP_STEPS} steps, each at least 3:1 (WCAG 1.4.11) on every surface the map is drawn on`, () => {
    expect(steps(theme).every((color) => parseHex(color) !== null)).toBe(true);
    expect(SURFACES[theme]).toHaveLength(5);
    for (const color of steps(theme)) {
      for (const surface of SURFACES[theme]) {
        expect(contrastRatio(color, surface), `${color} on ${surface}`).toBeGreaterThanOrEqual(AA_LARGE);
      }
    }
  });

  it("runs one way: each step further from the surface than the one before, so more posts always stand out more", () => {
    const luminances = steps(theme).map((color) => relativeLuminance(parseHex(color)!));
    const ordered = [...luminances].sort((a, b) => (theme === "dark" ? a - b : b - a));
    expect(luminances).toEqual(ordered);
    expect(new Set(steps(theme)).size).toBe(MAP_STEPS);
  });

  it("makes the glow stand out on every surface too", () => {
    for (const surface of SURFACES[theme]) expect(contrastRatio(MAP[theme]["--map-glow"]!, surface)).toBeGreaterThanOrEqual(AA_LARGE);
  });
});
