import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { countryOr } from "../embedParams";
import { EmbedCard } from "../react/EmbedCard";
import { useEmbed } from "../react/useEmbed";
import { DEFAULT_COUNTRY_BARS, rankCountries, type CountryBar } from "./countryRanking";

/**
 * Posts per country as a ranked list of bars, the asked country highlighted. Drawn in HTML rather than with a
 * chart library: at 300 px the names wrap and truncate as text should, and the list is its own text alternative.
 */
export function CountriesWidget() {
  const { params, i18n } = useEmbed();
  const { t, plural, format } = i18n;
  const { snapshot, status } = useLiveSnapshot();
  const ranking = snapshot ? rankCountries(snapshot.byCountry, params.limit ?? DEFAULT_COUNTRY_BARS, params.country) : null;
  const name = (code: string) => (countryOr(code) ? format.country(code, code) : t("countries.unknown"));
  const highlight = ranking?.highlight ?? null;

  const summary = ranking
    ? [
        plural("countries.summary", ranking.countries, {
          top: ranking.bars
            .filter((bar) => bar.rank > 0 && bar.rank <= 3)
            .map((bar) => t("countries.entry", { country: name(bar.code), posts: format.number(bar.posts) }))
            .join(", "),
        }),
        highlight === null
          ? ""
          : highlight.rank === 0
            ? t("countries.highlightNone", { country: name(highlight.code) })
            : plural("countries.highlight", highlight.posts, { country: name(highlight.code), rank: format.number(highlight.rank) }),
      ]
        .join(" ")
        .trim()
    : "";

  const drawn = ranking?.bars.filter((bar) => bar.posts > 0) ?? [];
  return (
    <EmbedCard
      title={t("countries.title")}
      subtitle={params.country ? name(params.country) : null}
      status={status}
      testId="embed-countries"
      className={params.country ? "countries countries--highlighting" : "countries"}
    >
      {drawn.length === 0 ? (
        <p className="card__empty">{t("countries.empty")}</p>
      ) : (
        <figure className="countries__figure">
          <figcaption className="visually-hidden" data-testid="countries-summary">
            {summary}
          </figcaption>
          <ol className="countries__list" aria-label={t("countries.title")}>
            {drawn.map((bar, i) => (
              <CountryRow
                key={bar.code}
                bar={bar}
                name={name(bar.code)}
                value={format.number(bar.posts)}
                share={ranking && ranking.max > 0 ? bar.posts / ranking.max : 0}
                gap={i > 0 && bar.rank > (drawn[i - 1]?.rank ?? 0) + 1}
              />
            ))}
          </ol>
        </figure>
      )}
    </EmbedCard>
  );
}

function CountryRow({ bar, name, value, share, gap }: { bar: CountryBar; name: string; value: string; share: number; gap: boolean }) {
  const classes = ["countries__row", bar.highlighted ? "countries__row--highlight" : "", gap ? "countries__row--gap" : ""];
  return (
    <li className={classes.join(" ").trim()} data-country={bar.code} aria-current={bar.highlighted ? "true" : undefined}>
      <span className="countries__rank" aria-hidden="true">
        {bar.rank}
      </span>
      <span className="countries__name">{name}</span>
      <span className="countries__value">{value}</span>
      <span className="countries__track" aria-hidden="true">
        {/* At least a sliver, so a country with a handful of posts still shows a bar. */}
        <span className="countries__bar" style={{ width: `${Math.max(1.5, share * 100)}%` }} />
      </span>
    </li>
  );
}
