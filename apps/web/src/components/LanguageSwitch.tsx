import { useI18n } from "../hooks/useI18n";
import { LANGUAGES, withLanguage } from "../i18n/language";

/** Links to this page in each UI language (a plain reload keeps every screen simple and linkable). */
export function LanguageSwitch() {
  const { t, lang } = useI18n();
  return (
    <nav className="language-switch" aria-label={t("lang.label")}>
      {LANGUAGES.map((code) => (
        <a
          key={code}
          href={withLanguage(location.href, code)}
          hrefLang={code}
          lang={code}
          aria-current={code === lang ? "true" : undefined}
          className="language-switch__link"
        >
          {t(`lang.${code}`)}
        </a>
      ))}
    </nav>
  );
}
