import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import countryCodes from "i18n-iso-countries";
import type { Topology } from "topojson-specification";
import europe from "virtual:europe-map";
import { describe, expect, it } from "vitest";
import { buildEuropeMap, MAP_WIDTH } from "./europeGeometry";

/** The numbers of every `M`/`L` point of a path. */
function points(d: string): [number, number][] {
  return [...d.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe("Europe as the pages get it (virtual:europe-map)", () => {
  const codes = new Set(europe.countries.map((country) => country.code));

  it("draws every EU and EFTA country, the UK as GB, and the neighbours in frame", () => {
    const eu = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];
    for (const code of [...eu, "IS", "LI", "NO", "CH", "GB", "UA", "XK", "RS", "TR"]) expect(codes, code).toContain(code);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("leaves out what is far from Europe", () => {
    for (const code of ["US", "BR", "CN", "IN", "AU", "ZA"]) expect(codes).not.toContain(code);
  });

  it("keeps every point inside its viewBox: Russia's east and overseas France are clipped off", () => {
    expect(europe.width).toBe(MAP_WIDTH);
    for (const country of europe.countries) {
      for (const [x, y] of points(country.d)) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(europe.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(europe.height);
      }
    }
  });

  it("puts countries where they are: France west of Germany, Norway north of Italy", () => {
    const centre = (code: string) => {
      const all = europe.countries.filter((c) => c.code === code).flatMap((c) => points(c.d));
      return all.reduce(([x, y], [px, py]) => [x + px / all.length, y + py / all.length], [0, 0]);
    };
    expect(centre("FR")[0]).toBeLessThan(centre("DE")[0]);
    expect(centre("NO")[1]).toBeLessThan(centre("IT")[1]);
  });

  it("is small: well under a third of the map widget's 60 kB budget, gzipped", () => {
    const bytes = gzipSync(`export default ${JSON.stringify(europe)};`).length;
    expect(bytes).toBeLessThan(20_000);
  });
});

describe("buildEuropeMap", () => {
  it("names shapes the atlas gives no ISO number: Kosovo is XK, Northern Cyprus counts as Cyprus", () => {
    const atlas = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
    const topology = JSON.parse(readFileSync(atlas, "utf8")) as Topology;
    const map = buildEuropeMap(topology, (numeric) => countryCodes.numericToAlpha2(numeric));
    expect(map.countries.filter((c) => c.code === "XK").map((c) => c.name)).toEqual(["Kosovo"]);
    expect(map.countries.filter((c) => c.code === "CY").map((c) => c.name).sort()).toEqual(["Cyprus", "N. Cyprus"]);
  });
});
