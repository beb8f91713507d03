import { readFile } from "node:fs/promises";
import { builtInCampaign, parseCampaign, type Campaign } from "@pulse/shared";

/** Thrown when `CAMPAIGN_FILE` cannot be used; the message is one line naming the file and every problem in it. */
export class CampaignFileError extends Error {
  override name = "CampaignFileError";
}

/** Why a file could not be read, in words (not `ENOENT: no such file or directory, open '…'`). */
function readProblem(err: NodeJS.ErrnoException): string {
  if (err.code === "ENOENT") return "no such file";
  if (err.code === "EACCES") return "not allowed to read it";
  if (err.code === "EISDIR") return "a folder, not a file";
  return err.message;
}

/**
 * The campaign from `CAMPAIGN_FILE` (an absolute path: config.ts resolves it), or the built-in European Jobs
 * Day 2015 when unset. Rejects with a `CampaignFileError` that lists every bad field at once.
 */
export async function loadCampaign(file: string | undefined): Promise<Campaign> {
  if (!file) return builtInCampaign;
  const fail = (problem: string) => new CampaignFileError(`invalid CAMPAIGN_FILE=${JSON.stringify(file)}: ${problem}`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw fail(readProblem(err as NodeJS.ErrnoException));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(`not JSON (${(err as Error).message})`);
  }
  try {
    return parseCampaign(json);
  } catch (err) {
    throw fail(`${(err as Error).message.replace(/^invalid campaign: /, "")} (the format: docs/campaigns.md)`);
  }
}
