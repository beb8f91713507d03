import { useI18n } from "../hooks/useI18n";
import type { LiveStatus } from "../lib/liveState";

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  status: LiveStatus;
  /** Epoch ms of the last update applied, or null. */
  lastUpdate: number | null;
  /** The current reconnection attempt (1, 2, …) while reconnecting, else 0. */
  reconnectAttempt?: number;
}

const WARNING = {
  connecting: "status.warning.connecting",
  paused: "status.warning.paused",
  reconnecting: "status.warning.reconnecting",
  offline: "status.warning.offline",
} as const;

/**
 * The live indicator, and a visible warning with the time of the last update whenever the data is not live,
 * so nobody reads stale numbers as current ones. `data-status` carries the status for tests and styles.
 */
export function ConnectionStatus({ status, lastUpdate, reconnectAttempt = 0 }: ConnectionStatusProps) {
  const { t, format } = useI18n();
  const since = lastUpdate === null ? t("status.noData") : t("status.lastUpdate", { time: format.timeWithSeconds(lastUpdate) });
  const attempt =
    status === "reconnecting" && reconnectAttempt > 0 ? t("status.attempt", { attempt: format.number(reconnectAttempt) }) : null;
  return (
    <div className={`connection connection--${status}`} data-testid="connection-status" data-status={status} role="status">
      <span className="connection__pill">
        <span className="connection__dot" aria-hidden="true" />
        {t(`status.${status}`)}
      </span>
      {status === "live" ? null : (
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
