import type { Campaign } from "@pulse/shared/client";
import { useEffect, useMemo, useState } from "react";
import { useCampaignClock } from "../hooks/useCampaignClock";
import { useI18n } from "../hooks/useI18n";
import { campaignEnded, shownStatus } from "../lib/campaignClock";
import { CONNECTING_WARNING_DELAY_MS, showsConnectionWarning } from "../lib/connectionWarning";
import type { LiveStatus } from "../lib/liveState";

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  status: LiveStatus;
  /** Epoch ms of the last update applied, or null. */
  lastUpdate: number | null;
  /** The current reconnection attempt (1, 2, …) while reconnecting, else 0. */
  reconnectAttempt?: number;
  /** The campaign: once the campaign clock passes its `end`, "live" reads "ended". */
  campaign?: Pick<Campaign, "end"> | null;
}

const WARNING = {
  connecting: "status.warning.connecting",
  paused: "status.warning.paused",
  reconnecting: "status.warning.reconnecting",
  offline: "status.warning.offline",
} as const;

/**
 * The live indicator, and a visible warning with the time of the last update whenever the data is not live,
 * so nobody reads stale numbers as current ones (a first connection gets a few seconds first, see
 * `showsConnectionWarning`). `data-status` carries the status for tests and styles.
 */
export function ConnectionStatus({ status, lastUpdate, reconnectAttempt = 0, campaign = null }: ConnectionStatusProps) {
  const { t, format } = useI18n();
  const clock = useCampaignClock();
  // Whether the first connection has taken long enough to warn about; one timer, cleared on unmount.
  const [waitedLong, setWaitedLong] = useState(false);
  useEffect(() => {
    if (status !== "connecting" || waitedLong) return;
    const timer = setTimeout(() => setWaitedLong(true), CONNECTING_WARNING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [status, waitedLong]);
  const shown = shownStatus(status, campaignEnded(campaign, clock.now));
  // Made only for a simulated clock: a date-and-time pattern costs ICU about 40 ms (160 ms at 4x CPU) to build,
  // in the dashboard's first render, for a clock a live campaign never shows.
  const simulated = clock.simulated;
  const dateTime = useMemo(
    () => (simulated ? new Intl.DateTimeFormat(format.locale, { dateStyle: "medium", timeStyle: "medium", timeZone: format.timeZone }) : null),
    [simulated, format.locale, format.timeZone],
  );
  const since = lastUpdate === null ? t("status.noData") : t("status.lastUpdate", { time: format.timeWithSeconds(lastUpdate) });
  const attempt =
    status === "reconnecting" && reconnectAttempt > 0 ? t("status.attempt", { attempt: format.number(reconnectAttempt) }) : null;
  return (
    // data-status stays the connection's status; data-ended says the campaign is over.
    <div className={`connection connection--${shown}`} data-testid="connection-status" data-status={status} data-ended={shown === "ended"} role="status">
      <span className="connection__pill">
        <span className="connection__dot" aria-hidden="true" />
        {t(`status.${shown}`)}
      </span>
      {clock.simulated ? (
        // A simulated or replayed day shows its own time, marked as such, not today's.
        <time className="connection__clock" dateTime={new Date(clock.now).toISOString()} data-testid="campaign-clock" title={t("clock.simulatedLong")}>
          {dateTime?.format(clock.now)} <span className="connection__simulated">({t("clock.simulated")})</span>
        </time>
      ) : null}
      {status === "live" || !showsConnectionWarning(status, waitedLong ? CONNECTING_WARNING_DELAY_MS : 0) ? null : (
        <p className="connection__warning">
          {t(WARNING[status])} <span className="connection__since">{since}</span>
          {attempt === null ? null : (
            <>
              {" · "}
              {/* Hidden from the live region: re-reading the whole warning at every attempt would drown a screen reader. */}
              <span className="connection__attempt" data-testid="reconnect-attempt" aria-hidden="true">
                {attempt}
              </span>
            </>
          )}
        </p>
      )}
    </div>
  );
}
