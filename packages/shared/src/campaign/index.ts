import { CampaignSchema, COUNTRY_CODE_SHAPE, type Campaign } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { zodIssues } from "../normalize/issues.js";
import { europeanJobsDay2015 } from "./european-jobs-day-2015.js";

export { europeanJobsDay2015 } from "./european-jobs-day-2015.js";
export { CAMPAIGN_STATUSES, campaignStatus, retentionAt, type CampaignStatus } from "./status.js";
export {
  CampaignRecordSchema,
  RecountStatusSchema,
  type CampaignIssuesBody,
  type CampaignRecord,
  type CampaignSummary,
  type RecountStatus,
  type StaffCampaignEntry,
} from "./listing.js";
export { postMatchesCampaign, routePost } from "./route-post.js";

/** The campaign Pulse runs when `CAMPAIGN_FILE` is unset: European Jobs Day 2015. */
export const builtInCampaign: Campaign = europeanJobsDay2015;

/**
 * One problem of a campaign: the field, as a dot-separated path (`hashtags.2.country`; empty for the campaign as a
 * whole), and what was expected. The staff API answers them as its 400's `issues`.
 */
export interface CampaignIssue {
  path: string;
  message: string;
}

/** Thrown by `parseCampaign`; the message is one line naming every bad field and what was expected. */
export class CampaignError extends Error {
  override name = "CampaignError";
  constructor(readonly issues: readonly CampaignIssue[]) {
    super(`invalid campaign: ${issues.map(({ path, message }) => `${path || "item"}: ${message}`).join("; ")}`);
  }
}

/** A campaign id: a slug, since it names the state file, the Redis keys (`pulse:{id}:…`) and the `/c/:id/` paths. */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

// ISO 3166-1 alpha-2 officially assigned codes (249). The schema's regex only checks the shape, so "UK" or
// "EU" would pass it and then never match a country anywhere else.
const ISO_COUNTRY_CODES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO " +
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE " +
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO " +
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW " +
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM " +
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/** Codes people often write that are not ISO 3166-1 alpha-2, and the code they mean. */
const COMMON_MISTAKES: Record<string, string> = { UK: "GB", EL: "GR", EN: "GB" };

/** True for an officially assigned ISO 3166-1 alpha-2 code in upper case, such as FR or GB. */
export function isIsoCountryCode(code: string): boolean {
  return ISO_COUNTRY_CODES.has(code);
}

function countryProblem(path: string, code: string): CampaignIssue | undefined {
  if (isIsoCountryCode(code)) return undefined;
  const hint = COMMON_MISTAKES[code];
  return { path, message: `expected an ISO 3166-1 alpha-2 country code, received ${JSON.stringify(code)}${hint ? ` (did you mean ${hint}?)` : ""}` };
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A plain object, or undefined for anything else. */
function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list of plain objects (other entries left out, keeping their index), or none. */
function records(value: unknown): [number, Record<string, unknown>][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, i): [number, Record<string, unknown>][] => {
    const r = record(entry);
    return r ? [[i, r]] : [];
  });
}

/**
 * Every rule the campaign breaks that the schema cannot say. It reads the raw JSON and checks each field that
 * has the right type, so it runs alongside the schema and one attempt shows every problem.
 */
function findProblems(json: unknown): CampaignIssue[] {
  const problems: CampaignIssue[] = [];
  const campaign = record(json);
  if (!campaign) return problems;
  const { id, timezone, start, end } = campaign;
  if (typeof id === "string" && id.length > 0 && !CAMPAIGN_ID_PATTERN.test(id)) {
    problems.push({
      path: "id",
      message: `expected a slug: lower-case letters, digits and dashes, at most 63, such as salon-agriculture-2026, received ${JSON.stringify(id)}`,
    });
  }
  if (typeof timezone === "string" && timezone.length > 0 && !isTimeZone(timezone)) {
    problems.push({ path: "timezone", message: `expected an IANA time zone such as Europe/Paris, received ${JSON.stringify(timezone)}` });
  }
  if (typeof start === "string" && typeof end === "string" && Date.parse(end) <= Date.parse(start)) {
    problems.push({ path: "end", message: `expected a time after start (${start}), received ${end}` });
  }
  const countryByTag = new Map<string, string>();
  const indexByTag = new Map<string, number>();
  for (const [i, { tag, country }] of records(campaign.hashtags)) {
    // A code of the wrong shape is the schema's to report; only a well-shaped one is checked against the ISO list.
    if (typeof country === "string" && COUNTRY_CODE_SHAPE.test(country)) {
      const problem = countryProblem(`hashtags.${i}.country`, country);
      if (problem) problems.push(problem);
    }
    if (typeof tag !== "string" || tag.length === 0) continue;
    const key = normalizeTag(tag);
    if (key.length === 0) {
      problems.push({ path: `hashtags.${i}.tag`, message: `expected a hashtag, received ${JSON.stringify(tag)}` });
      continue;
    }
    const seen = indexByTag.get(key);
    const known = countryByTag.get(key);
    // The same tag for two countries would make a post's country depend on list order.
    if (known && typeof country === "string" && known !== country) {
      problems.push({ path: `hashtags.${i}.tag`, message: `#${key} already stands for ${known}, so it cannot also stand for ${country}` });
    } else if (seen !== undefined) {
      problems.push({ path: `hashtags.${i}.tag`, message: `expected each hashtag once, but #${key} is also hashtags.${seen}` });
    }
    if (seen === undefined) indexByTag.set(key, i);
    if (typeof country === "string" && known === undefined) countryByTag.set(key, country);
  }
  const orgIndexById = new Map<string, number>();
  const orgByHandle = new Map<string, string>();
  for (const [i, org] of records(campaign.organizations)) {
    if (typeof org.id === "string") {
      const seen = orgIndexById.get(org.id);
      if (seen !== undefined) {
        problems.push({ path: `organizations.${i}.id`, message: `expected a unique id, but ${JSON.stringify(org.id)} is also organizations.${seen}` });
      }
      else orgIndexById.set(org.id, i);
    }
    if (typeof org.country === "string" && COUNTRY_CODE_SHAPE.test(org.country)) {
      const problem = countryProblem(`organizations.${i}.country`, org.country);
      if (problem) problems.push(problem);
    }
    for (const [network, handle] of Object.entries(record(org.handles) ?? {})) {
      if (typeof handle !== "string") continue;
      const key = `${network}:${normalizeHandle(handle)}`;
      const owner = orgByHandle.get(key);
      // Posts are attributed by handle, so one handle cannot belong to two organizations.
      if (owner) {
        problems.push({
          path: `organizations.${i}.handles.${network}`,
          message: `expected a unique handle, but ${JSON.stringify(handle)} already belongs to ${owner}`,
        });
      }
      else orgByHandle.set(key, String(org.id));
    }
  }
  return problems;
}

/**
 * Validates a campaign read from JSON (a `CAMPAIGN_FILE`, a staff API body): the schema, then what the schema
 * cannot say (a slug id, real ISO country codes, each hashtag once, unique organization ids and handles, a known
 * time zone, start before end). Throws a `CampaignError` that holds every problem as an issue, and whose
 * one-line message names every bad field and what was expected, `; ` between them.
 */
export function parseCampaign(json: unknown): Campaign {
  const parsed = CampaignSchema.safeParse(json);
  const issues = [...(parsed.success ? [] : zodIssues(parsed.error)), ...findProblems(json)];
  if (issues.length > 0 || !parsed.success) throw new CampaignError(issues);
  return parsed.data;
}
