import { retentionAt, type Campaign } from "@pulse/shared/client";
import { useState } from "react";
import { useCampaignsI18n } from "./useCampaignsI18n";

/**
 * When a campaign's stored posts are, or were, reduced by retention (`retentionDays` after its end, docs/privacy.md),
 * as a date in its time zone; nothing for a campaign that sets no retention or whose dates are not valid yet.
 */
export function RetentionNote({ campaign }: { campaign: Pick<Campaign, "end" | "retentionDays" | "timezone"> }) {
  const { t, format } = useCampaignsI18n();
  // The time it was first drawn: "will be" or "was" is a matter of days, not of renders.
  const [now] = useState(() => Date.now());
  const days = campaign.retentionDays;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1) return null;
  const at = retentionAt(campaign);
  if (at === undefined || !Number.isFinite(at)) return null;
  let date = new Date(at).toISOString().slice(0, 10);
  try {
    date = new Intl.DateTimeFormat(format.locale, { dateStyle: "medium", timeZone: campaign.timezone }).format(at);
  } catch {
    // An unknown zone: the UTC date.
  }
  return (
    <span className="staff-field__hint campaign-retention" data-testid="campaign-retention">
      {t(at <= now ? "campaigns.retention.was" : "campaigns.retention.will", { date })}
    </span>
  );
}
