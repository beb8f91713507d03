import { useI18n } from "../hooks/useI18n";

/** Shown while a page's chunk downloads. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="page-loading" role="status">
      {t("app.loading")}
    </p>
  );
}
