import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { EXPORT_FILES, exportHref } from "./exportLinks";
import { staffSearch } from "./staffView";

/** Links to both CSV files (plain, and with a byte order mark for Excel), and to the printable report. */
export function ExportsView({ onReport }: { onReport(): void }) {
  const { t } = useI18n();
  return (
    <div className="staff-grid">
      <Panel title={t("staff.exports.title")} subtitle={t("staff.exports.hint")} testId="staff-exports" className="staff-panel">
        <ul className="staff-list staff-list--compact">
          {EXPORT_FILES.map((file) => (
            <li key={file} className="staff-row">
              <span className="staff-row__label">
                <strong>{t(`staff.exports.${file}`)}</strong>
                <span className="staff-field__hint">{t(`staff.exports.${file}Hint`)}</span>
              </span>
              <span className="staff-buttons">
                <a className="staff-button staff-button--primary" href={exportHref(file)} download data-testid={`staff-export-${file}`}>
                  {t("staff.exports.csv")}
                </a>
                <a className="staff-button" href={exportHref(file, { excel: true })} download data-testid={`staff-export-${file}-excel`}>
                  {t("staff.exports.excel")}
                </a>
              </span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title={t("staff.report.title")} subtitle={t("staff.report.hint")} className="staff-panel">
        <a
          className="staff-button staff-button--primary"
          href={staffSearch(location.search, { view: "report", org: null })}
          onClick={(event) => {
            event.preventDefault();
            onReport();
          }}
          data-testid="staff-open-report"
        >
          {t("staff.report.open")}
        </a>
      </Panel>
    </div>
  );
}
