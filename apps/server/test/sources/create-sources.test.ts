import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { builtInCampaign } from "@pulse/shared";
import { configFrom } from "../../src/config.js";
import { createSources } from "../../src/sources/create-sources.js";
import { fixedTerms } from "../../src/sources/subscription-terms.js";

const logger = pino({ level: "silent" });

describe("createSources", () => {
  it("builds every source SOURCE may name, in order", () => {
    const config = configFrom({
      SOURCE: "simulator,replay:/tmp/day.ndjson,x,mastodon,bluesky",
      X_BEARER_TOKEN: "test-bearer",
      MASTODON_URL: "https://mastodon.example",
    });
    expect(createSources(config, builtInCampaign, logger, { terms: fixedTerms(builtInCampaign) }).map((source) => source.name)).toEqual(["simulator", "replay:/tmp/day.ndjson", "x", "mastodon", "bluesky"]);
  });

  it("names what it expects for a name config.ts would not have let through", () => {
    const config = { ...configFrom(), SOURCE: ["simulator", "telegram"] };
    expect(() => createSources(config, builtInCampaign, logger, { terms: fixedTerms(builtInCampaign) })).toThrow(
      'invalid SOURCE="simulator,telegram": unknown source "telegram"; expected simulator, none, replay:<path>, x, mastodon or bluesky',
    );
  });
});
