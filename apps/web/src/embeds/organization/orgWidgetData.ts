/** Pure helpers of the organization widget, tested without a browser. */
import { postKey, type Campaign, type Organization, type Post, type Snapshot } from "@pulse/shared/client";
import { AA_TEXT, contrastRatio, parseHex } from "../../components/contrast";
import type { ResolvedTheme } from "../embedTheme";

/** Latest posts shown when the URL asks no `limit`. */
export const DEFAULT_ORG_POSTS = 3;

/** The fewest and most latest posts the widget shows: a card, not a feed. */
export const ORG_POSTS_RANGE = { min: 1, max: 10 } as const;

/** The longest organization id the widget accepts from its URL; anything longer is no id. */
const MAX_ORG_ID = 256;

/** What the organization widget reads from its URL beyond the shared parameters. */
export interface OrgParams {
  /** The organization's id (`org`), or null when the URL names none. */
  org: string | null;
  /** True when the partner asked for the organization's latest posts (`feed=on`, from `data-feed="on"`). */
  feed: boolean;
}

/** Reads `org` and `feed` from a widget's `location.search`. */
export function parseOrgParams(search: string): OrgParams {
  const query = new URLSearchParams(search);
  const org = query.get("org")?.trim() ?? "";
  return {
    org: org === "" || org.length > MAX_ORG_ID ? null : org,
    feed: query.get("feed")?.trim().toLowerCase() === "on",
  };
}

/** How many latest posts to show for the URL's `limit` (null: none asked), within {@link ORG_POSTS_RANGE}. */
export function orgPostsLimit(limit: number | null): number {
  return limit === null ? DEFAULT_ORG_POSTS : Math.min(ORG_POSTS_RANGE.max, Math.max(ORG_POSTS_RANGE.min, limit));
}

/** The campaign's organization `org`, or null when the campaign has none with that id. */
export function findOrganization(campaign: Pick<Campaign, "organizations">, org: string | null): Organization | null {
  return org === null ? null : (campaign.organizations.find((o) => o.id === org) ?? null);
}

/** The organization's three numbers; offers and mentions are null while the snapshot carries no insights. */
export interface OrgFigures {
  posts: number;
  offers: number | null;
  mentions: number | null;
}

/**
 * The numbers of organization `org` in `snapshot`: its posts (`byOrganization`), and from the insights its
 * detected job offers and the posts by others that mention it. The server counts them; this only reads them.
 */
export function orgFigures(snapshot: Snapshot, org: string): OrgFigures {
  const insights = snapshot.insights;
  return {
    posts: snapshot.byOrganization[org] ?? 0,
    offers: insights ? (insights.offersByOrganization[org] ?? 0) : null,
    mentions: insights ? (insights.mentionsByOrganization[org] ?? 0) : null,
  };
}

const newestFirst = (a: Post, b: Post) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (b.arrival ?? 0) - (a.arrival ?? 0) || postKey(a).localeCompare(postKey(b));

/**
 * The organization's latest posts: those of `held` (what the widget showed) and `incoming` (the snapshot's recent
 * posts, a delta's new ones) whose `orgId` is `org`, each once (the incoming version wins: it may be an edit),
 * without those in `removed` (deleted or hidden), newest first, at most `limit`. Posts are held past their time in
 * the campaign's recent list, so a busy campaign does not push a quiet organization's posts out of its widget.
 */
export function mergeOrgPosts(
  held: readonly Post[],
  incoming: readonly Post[],
  org: string,
  limit: number,
  removed: readonly string[] = [],
): Post[] {
  const gone = new Set(removed);
  const byKey = new Map<string, Post>();
  for (const post of [...held, ...incoming]) {
    const key = postKey(post);
    if (post.orgId === org && !gone.has(key)) byKey.set(key, post);
  }
  return [...byKey.values()].sort(newestFirst).slice(0, Math.max(0, limit));
}

/** The widget's card surfaces per theme, mirrored from `embed.css` (a unit test keeps the two in step). */
export const EMBED_SURFACES: Record<ResolvedTheme, readonly string[]> = {
  light: ["#ffffff", "#f3f6f9"],
  dark: ["#121921", "#0d1318"],
};

/** A brand's colours, as a campaign gives them (`#rrggbb`). */
export interface BrandColors {
  primary: string;
  accent?: string | undefined;
}

/**
 * The brand colour the widget draws its name and numbers in for `theme`: the brand's primary colour when it keeps
 * WCAG AA text contrast (4.5:1) on every surface of the widget in that theme, else its accent colour when that does,
 * else null (the widget keeps its own accent). The colour is used as it is or not at all: a partner recognises
 * its brand, not a shade of it.
 */
export function orgBrandColor(brand: BrandColors | undefined, theme: ResolvedTheme): string | null {
  if (!brand) return null;
  const surfaces = EMBED_SURFACES[theme];
  const readable = (color: string | undefined): color is string =>
    color !== undefined && parseHex(color) !== null && surfaces.every((surface) => contrastRatio(color, surface) >= AA_TEXT);
  if (readable(brand.primary)) return brand.primary;
  if (readable(brand.accent)) return brand.accent;
  return null;
}
