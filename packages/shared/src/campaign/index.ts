import { CampaignSchema, type Campaign } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "../normalize/issues.js";
import { europeanJobsDay2015 } from "./european-jobs-day-2015.js";

export { europeanJobsDay2015 } from "./european-jobs-day-2015.js";

/** The campaign Pulse runs when `CAMPAIGN_FILE` is unset: European Jobs Day 2015. */
export const builtInCampaign: Campaign = europeanJobsDay2015;

/** Thrown by `parseCampaign`; the message is one line naming the first bad field and what was expected. */
export class CampaignError extends Error {
  override name = "CampaignError";
}

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

function countryProblem(field: string, code: string): string | undefined {
  if (isIsoCountryCode(code)) return undefined;
  const hint = COMMON_MISTAKES[code];
  return `${field}: expected an ISO 3166-1 alpha-2 country code, received ${JSON.stringify(code)}${hint ? ` (did you mean ${hint}?)` : ""}`;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The first rule a schema-valid campaign breaks, as `field: what was expected`; undefined when it is sound. */
function findProblem(campaign: Campaign): string | undefined {
  if (!isTimeZone(campaign.timezone)) {
    return `timezone: expected an IANA time zone such as Europe/Paris, received ${JSON.stringify(campaign.timezone)}`;
  }
  if (Date.parse(campaign.end) <= Date.parse(campaign.start)) {
    return `end: expected a time after start (${campaign.start}), received ${campaign.end}`;
  }
  const countryByTag = new Map<string, string>();
  for (const [i, { tag, country }] of campaign.hashtags.entries()) {
    const problem = countryProblem(`hashtags.${i}.country`, country);
    if (problem) return problem;
    const key = normalizeTag(tag);
    if (key.length === 0) return `hashtags.${i}.tag: expected a hashtag, received ${JSON.stringify(tag)}`;
    const known = countryByTag.get(key);
    // The same tag for two countries would make a post's country depend on list order.
    if (known && known !== country) return `hashtags.${i}.tag: #${key} already stands for ${known}, so it cannot also stand for ${country}`;
    countryByTag.set(key, country);
  }
  const orgIndexById = new Map<string, number>();
  const orgByHandle = new Map<string, string>();
  for (const [i, org] of campaign.organizations.entries()) {
    const seen = orgIndexById.get(org.id);
    if (seen !== undefined) return `organizations.${i}.id: expected a unique id, but ${JSON.stringify(org.id)} is also organizations.${seen}`;
    orgIndexById.set(org.id, i);
    const problem = countryProblem(`organizations.${i}.country`, org.country);
    if (problem) return problem;
    for (const [network, handle] of Object.entries(org.handles)) {
      if (handle === undefined) continue;
      const key = `${network}:${normalizeHandle(handle)}`;
      const owner = orgByHandle.get(key);
      // Posts are attributed by handle, so one handle cannot belong to two organizations.
      if (owner) return `organizations.${i}.handles.${network}: expected a unique handle, but ${JSON.stringify(handle)} already belongs to ${owner}`;
      orgByHandle.set(key, org.id);
    }
  }
  return undefined;
}

/**
 * Validates a campaign read from JSON (for example a `CAMPAIGN_FILE`): the schema, then what the schema cannot
 * say (real ISO country codes, unique organization ids and handles, a known time zone, start before end).
 * Throws a `CampaignError` whose one-line message names the first bad field and what was expected.
 */
export function parseCampaign(json: unknown): Campaign {
  const parsed = CampaignSchema.safeParse(json);
  if (!parsed.success) throw new CampaignError(`invalid campaign: ${describeZodError(parsed.error)}`);
  const problem = findProblem(parsed.data);
  if (problem) throw new CampaignError(`invalid campaign: ${problem}`);
  return parsed.data;
}
