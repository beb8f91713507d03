import { useI18n } from "../hooks/useI18n";
import { Flag } from "./Flag";
import { flagUrl } from "./flagUrls";

/** A country's flag and code; the flag's text alternative and the tooltip give its full name. */
export function CountryTag({ code }: { code: string }) {
  const { t, format } = useI18n();
  const name = format.country(code, t("countries.unknown"));
  const flagged = flagUrl(code) !== undefined;
  return (
    <span className="country-tag" title={name}>
      <Flag code={code} label={name} className="country-tag__flag" />
      <span aria-hidden="true">{flagged ? code : "?"}</span>
      {flagged ? null : <span className="visually-hidden">{name}</span>}
    </span>
  );
}
