import { memo, type CSSProperties } from "react";
import { useI18n } from "../../hooks/useI18n";
import { Flag } from "../../components/Flag";
import { flagUrl } from "../../components/flagUrls";
import { countryRows, OTHER_COUNTRIES } from "../dashboard/dashboardData";
import { SceneHeading } from "./SceneHeading";
import { countriesReached, WALL_COUNTRY_BARS } from "./wallData";

/**
 * Posts per country as large horizontal bars, names in the UI language (`Intl.DisplayNames`). The list is
 * text, so it is its own text alternative; the bars are decoration.
 */
export const CountriesScene = memo(function CountriesScene({ byCountry }: { byCountry: Readonly<Record<string, number>> }) {
  const { t, plural, format } = useI18n();
  const rows = countryRows(byCountry, WALL_COUNTRY_BARS);
  const max = Math.max(1, ...rows.map((row) => row.posts));
  const title = t("countries.title");
  return (
    <div className="wall-countries">
      <SceneHeading title={title} subtitle={rows.length > 0 ? plural("wall.countries.reached", countriesReached(byCountry)) : undefined} />
      {rows.length === 0 ? (
        <p className="wall-empty">{t("countries.empty")}</p>
      ) : (
        <ol className="wall-bars" aria-label={title} style={{ "--rows": rows.length } as CSSProperties}>
          {rows.map((row, index) => {
            const other = row.code === OTHER_COUNTRIES || row.code === "unknown";
            const name = row.code === OTHER_COUNTRIES ? t("countries.others") : format.country(row.code, t("countries.unknown"));
            const flagged = !other && flagUrl(row.code) !== undefined;
            return (
              <li key={row.code} className={`wall-bars__row${index === 0 ? " wall-bars__row--lead" : ""}${other ? " wall-bars__row--other" : ""}`}>
                <span className="wall-bars__flag">
                  {flagged ? <Flag code={row.code} label={name} /> : <span aria-hidden="true">·</span>}
                </span>
                {/* The flag's text alternative says the name; a row without a flag says it here. */}
                <span className="wall-bars__name" aria-hidden={flagged ? true : undefined}>
                  {name}
                </span>
                <span className="wall-bars__track" aria-hidden="true">
                  <span className="wall-bars__fill" style={{ "--share": row.posts / max } as CSSProperties} />
                </span>
                <span className="wall-bars__value">{format.number(row.posts)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
});
