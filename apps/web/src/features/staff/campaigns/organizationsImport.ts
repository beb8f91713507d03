/**
 * A campaign's organizations in and out of the editor as CSV (or the TSV a spreadsheet puts on the clipboard)
 * and JSON. An import is all or nothing: every bad row is reported with its line (its item in JSON) and its
 * field, and no row is taken until all of them are right. Kept out of React so it can be tested without a browser.
 */
import Papa from "papaparse";
import type { Organization } from "@pulse/shared/client";

/** An organization as the editor's table holds it: every cell as typed. */
export interface OrganizationRow {
  id: string;
  name: string;
  country: string;
  kind: string;
  sector: string;
  x: string;
  mastodon: string;
  bluesky: string;
}

/** The columns of the CSV, in order; the first four are required. */
export const ORGANIZATION_COLUMNS = ["id", "name", "country", "kind", "sector", "x", "mastodon", "bluesky"] as const;
/** A column of the CSV and a cell of the table. */
export type OrganizationColumn = (typeof ORGANIZATION_COLUMNS)[number];

const REQUIRED: readonly OrganizationColumn[] = ["id", "name", "country", "kind"];
/** The organization kinds a campaign accepts (the shared `OrganizationKindSchema`). */
export const ORGANIZATION_KINDS = ["company", "institution", "agency"] as const;
const HANDLE_COLUMNS = ["x", "mastodon", "bluesky"] as const;

/** What is wrong with an import: `required` and `country`, `kind`, `duplicate` name a cell; the others the file. */
export type ImportProblemCode = "required" | "country" | "kind" | "duplicate" | "unknownColumn" | "missingColumn" | "syntax" | "notList" | "empty";

/** One problem of an import: where (CSV line, or JSON item, 1-based) and which field. */
export interface ImportProblem {
  code: ImportProblemCode;
  /** The line of the CSV text (1 is the header), or null in JSON and for the whole file. */
  line: number | null;
  /** The entry of a JSON list (1-based), or null in CSV. */
  item: number | null;
  /** The column or JSON field, or null for the whole file. */
  field: string | null;
  /** The value found, for the message. */
  value?: string;
}

/** Every row, or every problem: nothing is imported while one remains. */
export type ImportResult = { ok: true; rows: OrganizationRow[] } | { ok: false; problems: ImportProblem[] };

/** A row with every cell empty. */
export function emptyOrganizationRow(): OrganizationRow {
  return { id: "", name: "", country: "", kind: "company", sector: "", x: "", mastodon: "", bluesky: "" };
}

/** A campaign's organization as a row of the table. */
export function organizationToRow(org: Organization): OrganizationRow {
  return {
    id: org.id,
    name: org.name,
    country: org.country,
    kind: org.kind,
    sector: org.sector ?? "",
    x: org.handles.x ?? "",
    mastodon: org.handles.mastodon ?? "",
    bluesky: org.handles.bluesky ?? "",
  };
}

/** A row as the campaign API takes it: trimmed, and empty optional cells left out. The API checks the rest. */
export function rowToOrganization(row: OrganizationRow): Organization {
  const handles: Organization["handles"] = {};
  for (const network of HANDLE_COLUMNS) {
    const handle = row[network].trim();
    if (handle) handles[network] = handle;
  }
  const sector = row.sector.trim();
  return {
    id: row.id.trim(),
    name: row.name.trim(),
    country: row.country.trim(),
    kind: row.kind.trim() as Organization["kind"],
    ...(sector ? { sector } : {}),
    handles,
  };
}

/** Reads one record's cells into a row and checks it; `at` places its problems. */
function checkRow(cells: Partial<Record<OrganizationColumn, string>>, at: Pick<ImportProblem, "line" | "item">, seen: Set<string>): { row: OrganizationRow; problems: ImportProblem[] } {
  const cell = (column: OrganizationColumn) => (cells[column] ?? "").trim();
  const row: OrganizationRow = {
    id: cell("id"),
    name: cell("name"),
    // Spreadsheets often hold "fr"; the code is upper case.
    country: cell("country").toUpperCase(),
    kind: cell("kind").toLowerCase(),
    sector: cell("sector"),
    x: cell("x"),
    mastodon: cell("mastodon"),
    bluesky: cell("bluesky"),
  };
  const problems: ImportProblem[] = [];
  const problem = (code: ImportProblemCode, field: OrganizationColumn, value?: string) =>
    problems.push({ code, ...at, field, ...(value === undefined ? {} : { value }) });
  for (const column of REQUIRED) if (!row[column]) problem("required", column);
  if (row.country && !/^[A-Z]{2}$/.test(row.country)) problem("country", "country", cell("country"));
  if (row.kind && !(ORGANIZATION_KINDS as readonly string[]).includes(row.kind)) problem("kind", "kind", cell("kind"));
  if (row.id && seen.has(row.id)) problem("duplicate", "id", row.id);
  seen.add(row.id);
  return { row, problems };
}

/** A header cell as a column: `handles.x` and `X` are `x`; null for one the table does not have. */
function columnOf(header: string): OrganizationColumn | null {
  const name = header.trim().toLowerCase().replace(/^handles\./, "");
  return (ORGANIZATION_COLUMNS as readonly string[]).includes(name) ? (name as OrganizationColumn) : null;
}

/** The 1-based line at which a record starts, from the offset where the previous one ended (blank lines skipped). */
function lineAt(text: string, offset: number): number {
  let start = offset;
  while (start < text.length && /[\r\n]/.test(text[start]!)) start += 1;
  let line = 1;
  for (let i = 0; i < start; i += 1) if (text[i] === "\n") line += 1;
  return line;
}

/**
 * Reads organizations from CSV text with a header line (comma, semicolon or tab separated, as a spreadsheet
 * copies them; the columns of {@link ORGANIZATION_COLUMNS} in any order, `id`, `name`, `country` and `kind`
 * required). Every problem names its line and column.
 */
export function parseOrganizationsCsv(text: string): ImportResult {
  const records: { cells: string[]; line: number }[] = [];
  const problems: ImportProblem[] = [];
  let end = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: "greedy",
    step: (result) => {
      records.push({ cells: result.data, line: lineAt(text, end) });
      for (const error of result.errors) problems.push({ code: "syntax", line: lineAt(text, end), item: null, field: null, value: error.message });
      end = result.meta.cursor;
    },
  });
  const [header, ...body] = records;
  if (!header) return { ok: false, problems: [{ code: "empty", line: null, item: null, field: null }] };
  const columns = header.cells.map(columnOf);
  header.cells.forEach((name, i) => {
    if (columns[i] === null && name.trim()) problems.push({ code: "unknownColumn", line: header.line, item: null, field: name.trim() });
  });
  for (const column of REQUIRED) {
    if (!columns.includes(column)) problems.push({ code: "missingColumn", line: header.line, item: null, field: column });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ code: "empty", line: null, item: null, field: null }] };
  const seen = new Set<string>();
  const rows = body.map(({ cells, line }) => {
    const named: Partial<Record<OrganizationColumn, string>> = {};
    columns.forEach((column, i) => {
      if (column) named[column] = cells[i] ?? "";
    });
    const checked = checkRow(named, { line, item: null }, seen);
    problems.push(...checked.problems);
    return checked.row;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** A JSON value as text for a cell: strings as they are, numbers written out, anything else empty. */
function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/**
 * Reads organizations from JSON: a list of them (as a campaign holds them, `handles: { x, … }`, or flat with
 * `x`, `mastodon`, `bluesky`), or a whole campaign, whose `organizations` are taken. Every problem names its
 * item (1-based) and field.
 */
export function parseOrganizationsJson(source: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    return { ok: false, problems: [{ code: "syntax", line: null, item: null, field: null, value: error instanceof Error ? error.message : String(error) }] };
  }
  const list = Array.isArray(json) ? json : (json as { organizations?: unknown } | null)?.organizations;
  if (!Array.isArray(list)) return { ok: false, problems: [{ code: "notList", line: null, item: null, field: null }] };
  if (list.length === 0) return { ok: false, problems: [{ code: "empty", line: null, item: null, field: null }] };
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  const rows = list.map((entry: unknown, i) => {
    const value = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {};
    const handles = typeof value.handles === "object" && value.handles !== null ? (value.handles as Record<string, unknown>) : {};
    const cells: Partial<Record<OrganizationColumn, string>> = {};
    for (const column of ORGANIZATION_COLUMNS) cells[column] = text(value[column]);
    for (const network of HANDLE_COLUMNS) cells[network] = text(handles[network]) || text(value[network]);
    const checked = checkRow(cells, { line: null, item: i + 1 }, seen);
    problems.push(...checked.problems);
    return checked.row;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** Reads pasted or uploaded organizations: JSON when the text starts with `[` or `{`, else CSV. */
export function parseOrganizations(source: string): ImportResult {
  return /^\s*[[{]/.test(source) ? parseOrganizationsJson(source) : parseOrganizationsCsv(source);
}

/** The rows as CSV with a header line, every column, quoted where needed. */
export function organizationsToCsv(rows: readonly OrganizationRow[]): string {
  return Papa.unparse({ fields: [...ORGANIZATION_COLUMNS], data: rows.map((row) => ORGANIZATION_COLUMNS.map((column) => row[column])) });
}

/** The rows as a JSON list of organizations, as a campaign holds them. */
export function organizationsToJson(rows: readonly OrganizationRow[]): string {
  return `${JSON.stringify(rows.map(rowToOrganization), null, 2)}\n`;
}
