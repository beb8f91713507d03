import { CountryTag } from "../../components/CountryTag";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import type { OrganizationRow } from "./dashboardData";

/** The most active organizations, named from the campaign, with a bar relative to the leader. */
export function TopOrganizations({ rows }: { rows: OrganizationRow[] }) {
  const { t, plural } = useI18n();
  const max = rows[0]?.posts ?? 0;
  return (
    <Panel title={t("orgs.title")} testId="top-organizations" className="area-orgs">
      {rows.length === 0 ? (
        <p className="panel__empty">{t("orgs.empty")}</p>
      ) : (
        <ol className="org-list">
          {rows.map((row) => (
            <li key={row.id} className="org-list__item">
              <div className="org-list__line">
                <span className="org-list__name">{row.name}</span>
                <span className="org-list__count">{plural("orgs.posts", row.posts)}</span>
              </div>
              <div className="org-list__meta">
                {row.country ? <CountryTag code={row.country} /> : null}
                {row.kind ? <span>{t(`orgs.kind.${row.kind}`)}</span> : null}
              </div>
              <div className="meter" aria-hidden="true">
                <span className="meter__fill" style={{ width: `${max > 0 ? (row.posts / max) * 100 : 0}%` }} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
