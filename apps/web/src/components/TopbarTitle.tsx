import { useI18n } from "../hooks/useI18n";

/** The top bar's titles: the app's name with the screen's `tagline`, over the campaign's name (the page's heading). */
export function TopbarTitle({ tagline, campaignName }: { tagline: string; campaignName: string | undefined }) {
  const { t } = useI18n();
  return (
    <div>
      <p className="topbar__app">
        {t("app.name")} <span className="topbar__tagline">{tagline}</span>
      </p>
      {/* A no-break space keeps the heading's height while the campaign loads. */}
      <h1 className="topbar__title">{campaignName ?? "\u00a0"}</h1>
    </div>
  );
}
