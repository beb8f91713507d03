import { builtInCampaign } from "@pulse/shared";
import { describe, expect, it } from "vitest";
import { flagUrl } from "./flagUrls";

describe("flagUrl", () => {
  it("gives an image file for every country of the built-in campaign", () => {
    const countries = new Set([...builtInCampaign.hashtags.map((h) => h.country), ...builtInCampaign.organizations.map((o) => o.country)]);
    for (const code of countries) {
      if (!code) continue;
      expect(flagUrl(code), code).toMatch(new RegExp(`/${code.toLowerCase()}\\.svg`));
    }
  });

  it("gives nothing for what is no country code", () => {
    for (const code of ["unknown", "others", "fr", "FRA", "", "ZZ"]) expect(flagUrl(code), code).toBeUndefined();
  });
});
