import type { Campaign } from "@pulse/shared";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Source } from "./source.js";
import { SimulatorSource } from "./simulator-source.js";
import { ReplaySource } from "./replay-source.js";
import { XSource } from "./x-source.js";
import { BlueskySource } from "./bluesky-source.js";

/** Builds the sources `SOURCE` names. `none` builds nothing. */
export function createSources(config: Config, campaign: Campaign, logger: Logger): Source[] {
  const sources: Source[] = [];
  for (const name of config.SOURCE) {
    if (name === "none") continue;
    if (name === "simulator") {
      sources.push(
        new SimulatorSource({ campaign, speed: config.SIM_SPEED, seed: config.SIM_SEED, logger: logger.child({ source: "simulator" }) }),
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
        new XSource({ apiUrl: config.X_API_URL, bearerToken: config.X_BEARER_TOKEN ?? "", campaign, logger: logger.child({ source: "x" }) }),
      );
      continue;
    }
    if (name === "bluesky") {
      sources.push(new BlueskySource({ url: config.JETSTREAM_URL, campaign, logger: logger.child({ source: "bluesky" }) }));
      continue;
    }
    throw new Error(`invalid SOURCE=${JSON.stringify(config.SOURCE.join(","))}: source "${name}" is not available in this build; use simulator or none`);
  }
  return sources;
}
