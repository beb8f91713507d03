import type { Campaign } from "@pulse/shared/client";
import { useCampaignClock } from "../../hooks/useCampaignClock";
import { useI18n } from "../../hooks/useI18n";
import { campaignEnded, shownStatus } from "../../lib/campaignClock";
import type { LiveStatus } from "../../lib/liveState";
import { memo } from "react";

/**
 * The wall's live indicator: a pulsing dot and "live" while live, "ended" once the campaign clock has passed the
 * campaign's end, the plain status otherwise. While the server's store is down (`paused`), a discreet line says the
 * live data is paused.
 */
export const WallLiveIndicator = memo(function WallLiveIndicator({ status, campaign = null }: { status: LiveStatus; campaign?: Pick<Campaign, "end"> | null }) {
  const { t } = useI18n();
  const { now } = useCampaignClock();
  const shown = shownStatus(status, campaignEnded(campaign, now));
  return (
    <div className="wall-live-block">
      {/* data-status stays the connection's status; data-ended says the campaign is over. */}
      <p className={`wall-live wall-live--${shown}`} data-testid="wall-live" data-status={status} data-ended={shown === "ended"} role="status">
        <span className="wall-live__dot" aria-hidden="true" />
        {shown === "live" ? t("wall.live") : shown === "ended" ? t("wall.ended") : t(`status.${shown}`)}
      </p>
      {status === "paused" ? (
        <p className="wall-live__paused" data-testid="wall-paused-notice">
          {t("wall.paused")}
        </p>
      ) : null}
    </div>
  );
});
