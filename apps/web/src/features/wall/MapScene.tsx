import { EuropeMap } from "../../components/map/EuropeMap";
import { memo } from "react";
import { useI18n } from "../../hooks/useI18n";
import { SceneHeading } from "./SceneHeading";
import { countriesReached } from "./wallData";

/**
 * Posts per country on a map of Europe, coloured by posts, a country lighting up as its posts arrive; the
 * unknown and the countries off the map beside it, and a hidden table of the same numbers for screen readers.
 */
export const MapScene = memo(function MapScene({ byCountry }: { byCountry: Readonly<Record<string, number>> }) {
  const { t, plural } = useI18n();
  const reached = countriesReached(byCountry);
  return (
    <div className="wall-map">
      <SceneHeading title={t("map.title")} subtitle={reached > 0 ? plural("wall.countries.reached", reached) : undefined} />
      <EuropeMap byCountry={byCountry} className="wall-map__map" />
    </div>
  );
});
