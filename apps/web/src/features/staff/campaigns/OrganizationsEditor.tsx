import { useId, useState, type ChangeEvent } from "react";
import { useCampaignsI18n, type CampaignsKey } from "./useCampaignsI18n";
import { FieldError, fieldProps, type FieldErrors } from "./FieldError";
import {
  emptyOrganizationRow,
  ORGANIZATION_COLUMNS,
  ORGANIZATION_KINDS,
  organizationsToCsv,
  organizationsToJson,
  parseOrganizations,
  type ImportProblem,
  type OrganizationColumn,
  type OrganizationRow,
} from "./organizationsImport";

/** The path of a cell, as the campaign API names it in its issues (handles are under `handles`). */
function cellField(index: number, column: OrganizationColumn): string {
  const name = column === "x" || column === "mastodon" || column === "bluesky" ? `handles.${column}` : column;
  return `organizations.${index}.${name}`;
}

/** Offers `text` as a file download named `file`. */
function download(text: string, file: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Props of {@link OrganizationsEditor}. */
export interface OrganizationsEditorProps {
  rows: readonly OrganizationRow[];
  onChange(rows: OrganizationRow[]): void;
  errors: FieldErrors;
  /** Names the exported files. */
  campaignId: string;
}

/**
 * A campaign's organizations: a table with a row of fields per organization (the API's errors beside their
 * cells), and import from pasted or uploaded CSV (a spreadsheet's copied cells too) or JSON, which replaces the
 * table only when every row is right; otherwise each bad row is listed with its line and field. Export as CSV
 * or JSON gives the same columns back.
 */
export function OrganizationsEditor({ rows, onChange, errors, campaignId }: OrganizationsEditorProps) {
  const { t, plural } = useCampaignsI18n();
  const pasteId = useId();
  const fileId = useId();
  const pasteHintId = useId();
  const [source, setSource] = useState("");
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [imported, setImported] = useState<number | null>(null);

  const update = (index: number, column: OrganizationColumn, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [column]: value } : row)));

  const runImport = (text: string) => {
    const result = parseOrganizations(text);
    if (!result.ok) {
      setProblems(result.problems);
      setImported(null);
      return;
    }
    setProblems([]);
    setImported(result.rows.length);
    onChange(result.rows);
  };

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      setSource(text);
      runImport(text);
    });
  };

  const where = (problem: ImportProblem) =>
    problem.line !== null
      ? t("campaigns.import.line", { line: problem.line })
      : problem.item !== null
        ? t("campaigns.import.item", { item: problem.item })
        : t("campaigns.import.file");
  const problemText = (problem: ImportProblem) =>
    t(`campaigns.import.problem.${problem.code}` as CampaignsKey, { field: problem.field ?? "", value: problem.value ?? "" });

  const base = campaignId.trim() || "campaign";
  return (
    <fieldset className="campaign-fieldset campaign-orgs" data-testid="campaign-organizations">
      <legend>{t("campaigns.field.organizations")}</legend>
      <p className="staff-field__hint">{plural("campaigns.organizations.count", rows.length)}</p>
      <FieldError field="organizations" errors={errors} />
      <div className="staff-table-wrap campaign-orgs__wrap">
        <table className="staff-table campaign-orgs__table">
          <caption className="visually-hidden">{t("campaigns.field.organizations")}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              {ORGANIZATION_COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {t(`campaigns.org.${column}`)}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t("campaigns.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index} data-testid="campaign-org-row">
                <td className="staff-num">{index + 1}</td>
                {ORGANIZATION_COLUMNS.map((column) => {
                  const field = cellField(index, column);
                  const label = t("campaigns.org.cell", { column: t(`campaigns.org.${column}`), row: index + 1 });
                  return (
                    <td key={column}>
                      {column === "kind" ? (
                        <select {...fieldProps(field, errors)} aria-label={label} value={row.kind} onChange={(e) => update(index, column, e.currentTarget.value)}>
                          {ORGANIZATION_KINDS.map((kind) => (
                            <option key={kind} value={kind}>
                              {t(`campaigns.org.kind.${kind}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          {...fieldProps(field, errors)}
                          aria-label={label}
                          value={row[column]}
                          size={column === "country" ? 3 : 12}
                          onChange={(e) => update(index, column, e.currentTarget.value)}
                        />
                      )}
                      <FieldError field={field} errors={errors} />
                    </td>
                  );
                })}
                <td>
                  <button
                    type="button"
                    className="staff-button"
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    aria-label={t("campaigns.org.remove", { row: index + 1, name: row.name || row.id })}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="staff-buttons">
        <button type="button" className="staff-button" onClick={() => onChange([...rows, emptyOrganizationRow()])} data-testid="campaign-org-add">
          {t("campaigns.org.add")}
        </button>
        <button type="button" className="staff-button" onClick={() => download(organizationsToCsv(rows), `${base}-organizations.csv`, "text/csv")} data-testid="campaign-org-export-csv">
          {t("campaigns.org.exportCsv")}
        </button>
        <button type="button" className="staff-button" onClick={() => download(organizationsToJson(rows), `${base}-organizations.json`, "application/json")} data-testid="campaign-org-export-json">
          {t("campaigns.org.exportJson")}
        </button>
      </div>

      <div className="campaign-import">
        <h4 className="campaign-import__title">{t("campaigns.import.title")}</h4>
        <div className="staff-field">
          <label htmlFor={pasteId}>{t("campaigns.import.paste")}</label>
          <textarea
            id={pasteId}
            rows={6}
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            aria-describedby={pasteHintId}
            aria-invalid={problems.length > 0 ? true : undefined}
            spellCheck={false}
            data-testid="campaign-import-text"
          />
          <p className="staff-field__hint" id={pasteHintId}>
            {t("campaigns.import.hint", { columns: ORGANIZATION_COLUMNS.join(", ") })}
          </p>
        </div>
        <div className="staff-buttons">
          <button type="button" className="staff-button staff-button--primary" onClick={() => runImport(source)} data-testid="campaign-import">
            {t("campaigns.import.run")}
          </button>
          <label className="staff-button campaign-import__file" htmlFor={fileId}>
            {t("campaigns.import.file.choose")}
          </label>
          <input id={fileId} type="file" accept=".csv,.tsv,.txt,.json,text/csv,application/json" className="visually-hidden" onChange={readFile} data-testid="campaign-import-file" />
        </div>
        {problems.length > 0 ? (
          <div role="alert" className="staff-error campaign-import__problems" data-testid="campaign-import-problems">
            <p>{plural("campaigns.import.refused", problems.length)}</p>
            <ul>
              {problems.map((problem, i) => (
                <li key={i} data-testid="campaign-import-problem" data-line={problem.line ?? undefined} data-field={problem.field ?? undefined}>
                  {problem.field
                    ? t("campaigns.import.atField", { where: where(problem), field: problem.field, problem: problemText(problem) })
                    : t("campaigns.import.at", { where: where(problem), problem: problemText(problem) })}
                </li>
              ))}
            </ul>
          </div>
        ) : imported !== null ? (
          <p role="status" className="staff-field__hint" data-testid="campaign-import-done">
            {plural("campaigns.import.done", imported)}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
