import { EuropeMap } from "../../components/map/EuropeMap";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";

/** The dashboard's map of Europe: posts per country as colours, with a table for assistive technology. */
export function MapPanel({ byCountry }: { byCountry: Readonly<Record<string, number>> }) {
  const { t } = useI18n();
  return (
    <Panel title={t("map.title")} testId="map-panel" className="area-map">
      <EuropeMap byCountry={byCountry} />
    </Panel>
  );
}
