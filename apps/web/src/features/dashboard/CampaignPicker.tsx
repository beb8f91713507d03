import { useEffect, useState } from "react";
import { useI18n } from "../../hooks/useI18n";
import { fetchCampaigns, pickerEntries, type CampaignSummary } from "../../lib/campaignList";
import { pageCampaign } from "../../lib/campaignPath";

const STATUS = {
  scheduled: "campaigns.status.scheduled",
  live: "campaigns.status.live",
  ended: "campaigns.status.ended",
} as const;

/**
 * The campaigns of `GET /api/campaigns`, each a link to its dashboard (`/c/<id>/`) with its status, the page's
 * own marked `aria-current`. Plain links in a labelled `nav`, so the keyboard and screen readers get them as any
 * other links. Nothing shows while there is one campaign, or when the list cannot be loaded.
 */
export function CampaignPicker() {
  const { t } = useI18n();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    // Without the list the page still shows its own campaign: a failed load shows no picker.
    fetchCampaigns(controller.signal).then(setCampaigns, () => undefined);
    return () => controller.abort();
  }, []);

  const entries = pickerEntries(campaigns, pageCampaign(), location.search);
  if (entries.length === 0) return null;
  return (
    <nav className="campaign-picker" aria-label={t("campaigns.label")} data-testid="campaign-picker">
      <ul className="campaign-picker__list">
        {entries.map((entry) => (
          <li key={entry.id}>
            <a className="campaign-picker__link" href={entry.href} aria-current={entry.current ? "page" : undefined}>
              <span className="campaign-picker__name">{entry.name}</span>{" "}
              <span className={`campaign-picker__status campaign-picker__status--${entry.status}`}>({t(STATUS[entry.status])})</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
