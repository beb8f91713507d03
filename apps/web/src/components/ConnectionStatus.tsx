import { useI18n } from "../hooks/useI18n";
import type { LiveStatus } from "../lib/liveState";

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  status: LiveStatus;
  /** Epoch ms of the last update applied, or null. */
  lastUpdate: number | null;
}

const WARNING = {
  connecting: "status.warning.connecting",
  reconnecting: "status.warning.reconnecting",
  offline: "status.warning.offline",
} as const;

/**
 * The live indicator, and a visible warning with the time of the last update whenever the data is not live,
 * so nobody reads stale numbers as current ones.
 */
export function ConnectionStatus({ status, lastUpdate }: ConnectionStatusProps) {
  const { t, format } = useI18n();
  const since = lastUpdate === null ? t("status.noData") : t("status.lastUpdate", { time: format.timeWithSeconds(lastUpdate) });
  return (
    <div className={`connection connection--${status}`} data-testid="connection-status" data-status={status} role="status">
      <span className="connection__pill">
        <span className="connection__dot" aria-hidden="true" />
        {t(`status.${status}`)}
      </span>
      {status === "live" ? null : (
        <p className="connection__warning">
          {t(WARNING[status])} <span className="connection__since">{since}</span>
        </p>
      )}
    </div>
  );
}
