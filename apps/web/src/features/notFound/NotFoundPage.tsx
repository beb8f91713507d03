import { useEffect } from "react";
import { useI18n } from "../../hooks/useI18n";

/** What an unknown path shows: a short message and a way back. */
export function NotFoundPage() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t("notFound.title")} · ${t("app.name")}`;
  }, [t]);
  return (
    <main className="not-found">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body", { path: location.pathname })}</p>
      <p>
        <a href={`/${location.search}`}>{t("notFound.back")}</a>
      </p>
    </main>
  );
}
