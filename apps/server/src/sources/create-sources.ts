import { builtInCampaign, type Campaign } from "@pulse/shared";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Source } from "./source.js";
import { SimulatorSource } from "./simulator-source.js";
import { ReplaySource } from "./replay-source.js";
import { XSource } from "./x-source.js";
import { BlueskySource } from "./bluesky-source.js";
import { MastodonSource } from "./mastodon-source.js";
import type { SubscriptionTerms } from "./subscription-terms.js";

/** What sources may ask of the node they run on. */
export interface SourceContext {
  /** What the connectors subscribe to: the terms of every campaign the node receives posts for. */
  terms: SubscriptionTerms;
  /** The simulated time already in the store, for the simulator to resume from. */
  resumeFrom?: () => number | undefined;
}

/**
 * Builds the sources `SOURCE` names. `none` builds nothing. `campaign` is the day the simulator plays (the default
 * campaign's); the connectors follow `context.terms`.
 */
export function createSources(config: Config, campaign: Campaign, logger: Logger, context: SourceContext): Source[] {
  const { terms } = context;
  const sources: Source[] = [];
  for (const name of config.SOURCE) {
    if (name === "none") continue;
    if (name === "simulator") {
      // config.ts runs it for a campaign file only when SOURCE=simulator asks: say plainly that its posts are made up.
      if (campaign.id !== builtInCampaign.id) {
        logger.warn({ source: "simulator", campaign: campaign.id }, `simulator: inventing posts for ${campaign.name} (SOURCE=simulator); they are counted and saved like real ones`);
      }
      sources.push(
        new SimulatorSource({
          campaign,
          speed: config.SIM_SPEED,
          seed: config.SIM_SEED,
          resumeFrom: context.resumeFrom,
          logger: logger.child({ source: "simulator" }),
        }),
      );
      continue;
    }
    if (name.startsWith("replay:")) {
      const file = name.slice("replay:".length);
      sources.push(new ReplaySource({ file, speed: config.SIM_SPEED, logger: logger.child({ source: "replay" }) }));
      continue;
    }
    if (name === "x") {
      // config.ts refuses SOURCE=x without X_BEARER_TOKEN.
      sources.push(
        new XSource({ apiUrl: config.X_API_URL, bearerToken: config.X_BEARER_TOKEN ?? "", terms, logger: logger.child({ source: "x" }) }),
      );
      continue;
    }
    if (name === "mastodon") {
      // config.ts refuses SOURCE=mastodon without MASTODON_URL.
      sources.push(
        new MastodonSource({
          url: config.MASTODON_URL ?? "",
          token: config.MASTODON_TOKEN,
          streamingUrl: config.MASTODON_STREAMING_URL,
          terms,
          logger: logger.child({ source: "mastodon" }),
        }),
      );
      continue;
    }
    if (name === "bluesky") {
      sources.push(
        new BlueskySource({
          url: config.JETSTREAM_URL,
          appviewUrl: config.BLUESKY_APPVIEW_URL,
          terms,
          logger: logger.child({ source: "bluesky" }),
        }),
      );
      continue;
    }
    // config.ts lets only these names through; a config built by hand (tests, tools) gets the same answer.
    throw new Error(`invalid SOURCE=${JSON.stringify(config.SOURCE.join(","))}: unknown source "${name}"; expected simulator, none, replay:<path>, x, mastodon or bluesky`);
  }
  return sources;
}
