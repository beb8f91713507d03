import { useI18n } from "../hooks/useI18n";
import { flagOf } from "../i18n/format";

/** A country's flag and code, with its full name for assistive technology and on hover. */
export function CountryTag({ code }: { code: string }) {
  const { t, format } = useI18n();
  const name = format.country(code, t("countries.unknown"));
  const flag = flagOf(code);
  return (
    <span className="country-tag" title={name}>
      {flag ? (
        <span className="country-tag__flag" aria-hidden="true">
          {flag}
        </span>
      ) : null}
      <span aria-hidden="true">{flag ? code : "?"}</span>
      <span className="visually-hidden">{t("feed.country", { country: name })}</span>
    </span>
  );
}
