import { useCampaignClock } from "../../hooks/useCampaignClock";
import { campaignEnded, shownStatus } from "../../lib/campaignClock";
import type { LiveStatus } from "../../lib/liveState";
import { BADGE_CLASS } from "../statusBadge";
import { useEmbed } from "./useEmbed";

/**
 * The live indicator: the same markup as the counter's DOM badge (`statusBadge.ts`). It reads "ended" once the
 * campaign clock has passed the campaign's end; `data-status` stays the connection's status.
 */
export function LiveBadge({ status }: { status: LiveStatus }) {
  const { i18n, end } = useEmbed();
  const { t } = i18n;
  const { now } = useCampaignClock();
  const shown = shownStatus(status, campaignEnded(end ? { end } : null, now));
  return (
    <span
      className={`${BADGE_CLASS} ${BADGE_CLASS}--${shown}`}
      role="status"
      title={t("status.label")}
      data-testid="embed-status"
      data-status={status}
      data-ended={shown === "ended"}
    >
      <span className={`${BADGE_CLASS}__dot`} aria-hidden="true" />
      <span>{t(`status.${shown}`)}</span>
    </span>
  );
}
