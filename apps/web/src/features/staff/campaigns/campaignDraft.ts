/**
 * A campaign as the editor holds it while staff type: every field as text, start and end as the campaign's own
 * wall-clock time (`datetime-local`, in its time zone). {@link draftToCampaign} turns it back into the body of
 * the campaign API, which checks it whole and names every bad field; the editor does not guess at the rules.
 */
import { zoneOffsetMs, type Campaign } from "@pulse/shared/client";
import { organizationToRow, rowToOrganization, type OrganizationRow } from "./organizationsImport";

/** A hashtag row of the editor. `example` is carried through from the campaign, never shown. */
export interface HashtagRow {
  tag: string;
  country: string;
  example?: boolean;
}

/** The editor's copy of a campaign. */
export interface CampaignDraft {
  id: string;
  name: string;
  timezone: string;
  /** `YYYY-MM-DDTHH:mm` in `timezone`, as a `datetime-local` input holds it. */
  start: string;
  end: string;
  hashtags: HashtagRow[];
  goalPosts: string;
  goalCountry: string;
  goalLabel: string;
  /** `#rrggbb`, or empty for no brand colours (the theme's own). */
  brandPrimary: string;
  brandAccent: string;
  /** Posts a second, or empty for the node's default pace. */
  feedPace: string;
  /** Days after the end at which posts are reduced (`Campaign.retentionDays`), or empty to keep them. */
  retentionDays: string;
  /** Whether pictures wait for a moderator (`Campaign.mediaApproval`); `off` is also the default when absent. */
  mediaApproval: MediaApproval;
  notes: string;
  organizations: OrganizationRow[];
}

/** Whether a campaign's pictures wait for a moderator before public screens show them. */
export type MediaApproval = NonNullable<Campaign["mediaApproval"]>;

/** The choices of {@link MediaApproval}, in the editor's order. */
export const MEDIA_APPROVALS = ["off", "pictures", "posts"] as const satisfies readonly MediaApproval[];

/** The time zone a new campaign starts with. */
export const DEFAULT_TIME_ZONE = "Europe/Paris";

/** An ISO time as wall-clock time in `timeZone` (`YYYY-MM-DDTHH:mm`); empty when either is not valid. */
export function isoToZoneLocal(iso: string, timeZone: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  try {
    return new Date(at + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 16);
  } catch {
    return "";
  }
}

/** An offset in ms as `+01:00`. */
function offsetText(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * Wall-clock time in `timeZone` (`YYYY-MM-DDTHH:mm`) as an ISO time with that zone's offset at that moment
 * (`2027-02-24T09:00:00+01:00`); null when the time or the zone is not valid.
 */
export function zoneLocalToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  try {
    // The offset at the wall time read as UTC, then at the instant that gives: right on both sides of a DST change.
    const first = zoneOffsetMs(wall, timeZone);
    const offset = zoneOffsetMs(wall - first, timeZone);
    return `${local}:00${offsetText(offset)}`;
  } catch {
    return null;
  }
}

/** A new campaign's draft: one empty hashtag row and no organizations. */
export function emptyDraft(): CampaignDraft {
  return {
    id: "",
    name: "",
    timezone: DEFAULT_TIME_ZONE,
    start: "",
    end: "",
    hashtags: [{ tag: "", country: "" }],
    goalPosts: "",
    goalCountry: "",
    goalLabel: "",
    brandPrimary: "",
    brandAccent: "",
    feedPace: "",
    retentionDays: "",
    mediaApproval: "off",
    notes: "",
    organizations: [],
  };
}

/** A stored campaign as a draft to edit. */
export function campaignToDraft(campaign: Campaign): CampaignDraft {
  return {
    id: campaign.id,
    name: campaign.name,
    timezone: campaign.timezone,
    start: isoToZoneLocal(campaign.start, campaign.timezone),
    end: isoToZoneLocal(campaign.end, campaign.timezone),
    hashtags: campaign.hashtags.map(({ tag, country, example }) => ({ tag, country, ...(example === undefined ? {} : { example }) })),
    goalPosts: campaign.goal ? String(campaign.goal.posts) : "",
    goalCountry: campaign.goal?.country ?? "",
    goalLabel: campaign.goal?.label ?? "",
    brandPrimary: campaign.brand?.primary ?? "",
    brandAccent: campaign.brand?.accent ?? "",
    feedPace: campaign.feedPace === undefined ? "" : String(campaign.feedPace),
    retentionDays: campaign.retentionDays === undefined ? "" : String(campaign.retentionDays),
    mediaApproval: campaign.mediaApproval ?? "off",
    notes: campaign.notes ?? "",
    organizations: campaign.organizations.map(organizationToRow),
  };
}

/**
 * A copy of `campaign` to start the next one from: its time zone, brand, goal, pace and a copy of its
 * organizations, named `name`; the id, dates and hashtags are left for staff to fill in.
 */
export function duplicateDraft(campaign: Campaign, name: string): CampaignDraft {
  const draft = campaignToDraft(campaign);
  return {
    ...draft,
    id: "",
    name,
    start: "",
    end: "",
    hashtags: [{ tag: "", country: "" }],
    organizations: draft.organizations.map((row) => ({ ...row })),
  };
}

/** A number typed in a field, or the text itself when it is not one, so that the API names the field. */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/**
 * The draft as the body of `POST`/`PUT /api/staff/campaigns`: start and end with the zone's offset, empty optional
 * fields left out. Anything still wrong is sent as typed, for the API to name.
 */
export function draftToCampaign(draft: CampaignDraft): Campaign {
  const timezone = draft.timezone.trim();
  const goalPosts = draft.goalPosts.trim();
  const goalCountry = draft.goalCountry.trim().toUpperCase();
  const goalLabel = draft.goalLabel.trim();
  const primary = draft.brandPrimary.trim();
  const accent = draft.brandAccent.trim();
  const notes = draft.notes.trim();
  const campaign = {
    id: draft.id.trim(),
    name: draft.name.trim(),
    timezone,
    start: zoneLocalToIso(draft.start, timezone) ?? draft.start,
    end: zoneLocalToIso(draft.end, timezone) ?? draft.end,
    // Every row, empty ones too, so that an issue's index (`hashtags.2.tag`) is the row on screen.
    hashtags: draft.hashtags.map(({ tag, country, example }) => ({
      tag: tag.trim().replace(/^#/, ""),
      country: country.trim().toUpperCase(),
      ...(example === undefined ? {} : { example }),
    })),
    organizations: draft.organizations.map(rowToOrganization),
    ...(notes ? { notes } : {}),
    ...(primary || accent ? { brand: { primary, ...(accent ? { accent } : {}) } } : {}),
    ...(goalPosts ? { goal: { posts: numberOrText(goalPosts), ...(goalCountry ? { country: goalCountry } : {}), ...(goalLabel ? { label: goalLabel } : {}) } } : {}),
    ...(draft.feedPace.trim() ? { feedPace: numberOrText(draft.feedPace) } : {}),
    ...(draft.retentionDays.trim() ? { retentionDays: numberOrText(draft.retentionDays) } : {}),
    // `off` is the default: left out, so a campaign that never set it is saved as it was.
    ...(draft.mediaApproval !== "off" ? { mediaApproval: draft.mediaApproval } : {}),
  };
  // Not checked here: the API checks the whole campaign and answers every bad field at once.
  return campaign as Campaign;
}
