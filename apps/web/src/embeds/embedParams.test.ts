import { describe, expect, it } from "vitest";
import { countryOr, parseEmbedParams } from "./embedParams";

describe("parseEmbedParams", () => {
  it("reads country, lang, theme, limit, media and frame", () => {
    expect(parseEmbedParams("?country=FR&lang=en&theme=dark&limit=8&media=on&frame=pulse-ab12", ["fr-FR"])).toEqual({
      country: "FR",
      lang: "en",
      theme: "dark",
      limit: 8,
      media: true,
      frame: "pulse-ab12",
    });
  });

  it("defaults to every country, French, the light theme, the widget's own limit, no pictures and no frame", () => {
    expect(parseEmbedParams("")).toEqual({ country: null, lang: "fr", theme: "light", limit: null, media: false, frame: null });
  });

  it("takes the browser's language when the URL asks none it speaks", () => {
    expect(parseEmbedParams("?lang=de", ["de-DE", "en-US"]).lang).toBe("en");
    expect(parseEmbedParams("", ["en-GB"]).lang).toBe("en");
  });

  it("falls back on anything malformed instead of failing", () => {
    expect(parseEmbedParams("?country=France&theme=neon&limit=lots&media=yes&frame=<script>")).toEqual({
      country: null,
      lang: "fr",
      theme: "light",
      limit: null,
      media: false,
      frame: null,
    });
  });

  it("accepts auto, upper-cases the country and keeps the limit within 1 to 20", () => {
    expect(parseEmbedParams("?theme=AUTO&country=de&limit=500")).toMatchObject({ theme: "auto", country: "DE", limit: 20 });
    expect(parseEmbedParams("?limit=0").limit).toBe(1);
  });

  it("shows pictures only when the partner asks media=on", () => {
    expect(parseEmbedParams("?media=on").media).toBe(true);
    expect(parseEmbedParams("?media=%20ON%20").media).toBe(true);
    expect(parseEmbedParams("?media=off").media).toBe(false);
    expect(parseEmbedParams("?media=1").media).toBe(false);
  });
});

describe("countryOr", () => {
  it("keeps two-letter codes only", () => {
    expect(countryOr(" gb ")).toBe("GB");
    expect(countryOr("unknown")).toBeNull();
    expect(countryOr(null)).toBeNull();
  });
});
