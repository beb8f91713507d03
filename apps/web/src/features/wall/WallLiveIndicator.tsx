import { useI18n } from "../../hooks/useI18n";
import type { LiveStatus } from "../../lib/liveState";

/**
 * The wall's live indicator: a pulsing dot and "live" while live, the plain status otherwise. While the
 * server's store is down (`paused`), a discreet line says the live data is paused.
 */
export function WallLiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  return (
    <div className="wall-live-block">
      <p className={`wall-live wall-live--${status}`} data-testid="wall-live" data-status={status} role="status">
        <span className="wall-live__dot" aria-hidden="true" />
        {status === "live" ? t("wall.live") : t(`status.${status}`)}
      </p>
      {status === "paused" ? (
        <p className="wall-live__paused" data-testid="wall-paused-notice">
          {t("wall.paused")}
        </p>
      ) : null}
    </div>
  );
}
