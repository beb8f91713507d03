import type { RoiCountry, RoiOrganization } from "@pulse/shared/client";
import { CountryTag } from "../../components/CountryTag";
import { useI18n } from "../../hooks/useI18n";
import { formatRatio } from "./roiData";

function Ratio({ value }: { value: number | null }) {
  const { format } = useI18n();
  return <>{formatRatio(value, format.locale)}</>;
}

/** The ROI of each organization: offers, engagement, hires and hires per offer. */
export function RoiOrganizationTable({ rows, caption }: { rows: RoiOrganization[]; caption: string }) {
  const { t, format } = useI18n();
  return (
    <div className="staff-table-wrap">
      <table className="staff-table" data-testid="staff-roi-organizations">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("staff.org.name")}</th>
            <th scope="col">{t("countries.column.country")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.offers")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.engagement")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.hires")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.hiresPerOffer")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-org={row.id}>
              <th scope="row">{row.name}</th>
              <td>
                <CountryTag code={row.country} />
              </td>
              <td className="staff-num">{format.number(row.offers)}</td>
              <td className="staff-num">{format.number(row.engagement)}</td>
              <td className="staff-num">{format.number(row.hires)}</td>
              <td className="staff-num">
                <Ratio value={row.hiresPerOffer} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The ROI of each country, grouping organizations by their own country. */
export function RoiCountryTable({ rows, caption }: { rows: RoiCountry[]; caption: string }) {
  const { t, format } = useI18n();
  return (
    <div className="staff-table-wrap">
      <table className="staff-table" data-testid="staff-roi-countries">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("countries.column.country")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.organizations")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.offers")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.engagement")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.hires")}</th>
            <th scope="col" className="staff-num">{t("staff.roi.hiresPerOffer")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.country} data-country={row.country}>
              <th scope="row">{format.country(row.country, t("countries.unknown"))}</th>
              <td className="staff-num">{format.number(row.organizations)}</td>
              <td className="staff-num">{format.number(row.offers)}</td>
              <td className="staff-num">{format.number(row.engagement)}</td>
              <td className="staff-num">{format.number(row.hires)}</td>
              <td className="staff-num">
                <Ratio value={row.hiresPerOffer} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
