import { readFile } from "node:fs/promises";
import { builtInCampaign, parseCampaign, type Campaign } from "@pulse/shared";

/** The campaign from `CAMPAIGN_FILE`, or the built-in European Jobs Day 2015 when unset. */
export async function loadCampaign(file: string | undefined): Promise<Campaign> {
  if (!file) return builtInCampaign;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new Error(`invalid CAMPAIGN_FILE=${JSON.stringify(file)}: ${(err as Error).message}`);
  }
  try {
    return parseCampaign(json);
  } catch (err) {
    throw new Error(`invalid CAMPAIGN_FILE=${JSON.stringify(file)}: ${(err as Error).message}`);
  }
}
