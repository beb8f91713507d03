import { useI18n } from "../../hooks/useI18n";

/** Shown once the connection has been down for a while: the figures on screen are frozen, and since when. */
export function WallOfflineBanner({ lastUpdate }: { lastUpdate: number | null }) {
  const { t, format } = useI18n();
  return (
    <div className="wall-banner" data-testid="wall-offline-banner" role="alert">
      <svg className="wall-banner__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3 1.5 21h21L12 3Z" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" />
        <path d="M12 10v5" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        <circle cx="12" cy="18" r="1.3" fill="currentColor" />
      </svg>
      <strong className="wall-banner__title">{t("wall.offline.title")}</strong>
      <span className="wall-banner__body">
        {lastUpdate === null ? t("wall.offline.noData") : t("wall.offline.body", { time: format.timeWithSeconds(lastUpdate) })}
      </span>
    </div>
  );
}
