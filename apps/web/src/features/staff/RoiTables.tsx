import type { RoiCountry, RoiFigures, RoiOrganization } from "@pulse/shared/client";
import type { ReactNode } from "react";
import { CountryTag } from "../../components/CountryTag";
import { useI18n } from "../../hooks/useI18n";
import { formatRatio } from "./roiData";

/** One column of a ROI table: its header, and its cell for a row. */
interface RoiColumn<T> {
  head: string;
  cell(row: T): ReactNode;
  /** Figures align right (`staff-num`). */
  numeric?: boolean;
}

/** Props of {@link RoiTable}. */
interface RoiTableProps<T extends RoiFigures> {
  rows: readonly T[];
  caption: string;
  testId: string;
  /** The columns before the figures every ROI table ends with; the first one heads its row. */
  columns: readonly RoiColumn<T>[];
  /** What a row stands for, as the name of its `data-*` attribute (`org` gives `data-org`). */
  idName: "org" | "country";
  /** A row's id: that attribute's value and its React key. */
  rowId(row: T): string;
}

/** A ROI table: the given columns, then offers, engagement, hires and hires per offer. */
function RoiTable<T extends RoiFigures>({ rows, caption, testId, columns, idName, rowId }: RoiTableProps<T>) {
  const { t, format } = useI18n();
  const all: readonly RoiColumn<T>[] = [
    ...columns,
    { head: t("staff.roi.offers"), numeric: true, cell: (row) => format.number(row.offers) },
    { head: t("staff.roi.engagement"), numeric: true, cell: (row) => format.number(row.engagement) },
    { head: t("staff.roi.hires"), numeric: true, cell: (row) => format.number(row.hires) },
    { head: t("staff.roi.hiresPerOffer"), numeric: true, cell: (row) => formatRatio(row.hiresPerOffer, format.locale) },
  ];
  const numeric = (column: RoiColumn<T>) => (column.numeric ? "staff-num" : undefined);
  return (
    <div className="staff-table-wrap">
      <table className="staff-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {all.map((column, i) => (
              <th key={i} scope="col" className={numeric(column)}>
                {column.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const id = rowId(row);
            return (
              <tr key={id} {...{ [`data-${idName}`]: id }}>
                {all.map((column, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className={numeric(column)}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={i} className={numeric(column)}>
                      {column.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The ROI of each organization: offers, engagement, hires and hires per offer. */
export function RoiOrganizationTable({ rows, caption }: { rows: RoiOrganization[]; caption: string }) {
  const { t } = useI18n();
  return (
    <RoiTable
      rows={rows}
      caption={caption}
      testId="staff-roi-organizations"
      idName="org"
      rowId={(row) => row.id}
      columns={[
        { head: t("staff.org.name"), cell: (row) => row.name },
        { head: t("countries.column.country"), cell: (row) => <CountryTag code={row.country} /> },
      ]}
    />
  );
}

/** The ROI of each country, grouping organizations by their own country. */
export function RoiCountryTable({ rows, caption }: { rows: RoiCountry[]; caption: string }) {
  const { t, format } = useI18n();
  return (
    <RoiTable
      rows={rows}
      caption={caption}
      testId="staff-roi-countries"
      idName="country"
      rowId={(row) => row.country}
      columns={[
        { head: t("countries.column.country"), cell: (row) => format.country(row.country, t("countries.unknown")) },
        { head: t("staff.roi.organizations"), numeric: true, cell: (row) => format.number(row.organizations) },
      ]}
    />
  );
}
