/** The snippet that puts an organization's widget on a partner's page, as the organization page offers it. */
/** What the snippet asks for. */
export interface OrgEmbedOptions {
  /** The Pulse server's origin (`https://pulse.example.org`): the loader comes from it. */
  origin: string;
  /** The campaign, or null for the default one (then the snippet names none). */
  campaign: string | null;
  org: string;
  /** The organization's latest posts too (`data-feed="on"`). */
  feed: boolean;
}

const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The `<script>` tag of the organization widget, ready to paste into a page (see `embeds/README.md`). */
export function orgEmbedSnippet({ origin, campaign, org, feed }: OrgEmbedOptions): string {
  const attributes: [string, string][] = [
    ["src", `${origin}/embed.js`],
    ...(campaign === null ? [] : ([["data-campaign", campaign]] as [string, string][])),
    ["data-widget", "organization"],
    ["data-org", org],
    ...(feed ? ([["data-feed", "on"]] as [string, string][]) : []),
  ];
  return `<script async ${attributes.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(" ")}></script>`;
}
