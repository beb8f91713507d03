import type { Organization } from "@pulse/shared/client";
import { memo, type CSSProperties } from "react";
import { Flag } from "../../components/Flag";
import { useI18n } from "../../hooks/useI18n";
import { topOrganizations } from "../dashboard/dashboardData";
import { SceneHeading } from "./SceneHeading";
import { WALL_ORGANIZATIONS } from "./wallData";

/** The most active organizations of the campaign, ranked, with a bar relative to the leader. */
export const OrganizationsScene = memo(function OrganizationsScene({
  byOrganization,
  organizations,
}: {
  byOrganization: Readonly<Record<string, number>>;
  organizations: readonly Organization[];
}) {
  const { t, plural, format } = useI18n();
  const rows = topOrganizations(byOrganization, organizations, WALL_ORGANIZATIONS);
  const max = Math.max(1, rows[0]?.posts ?? 0);
  const title = t("orgs.title");
  return (
    <div className="wall-orgs">
      <SceneHeading title={title} />
      {rows.length === 0 ? (
        <p className="wall-empty">{t("orgs.empty")}</p>
      ) : (
        <ol className="wall-orgs__list" aria-label={title}>
          {rows.map((row, index) => (
            <li key={row.id} className={index === 0 ? "wall-org wall-org--lead" : "wall-org"}>
              <span className="wall-org__rank" aria-hidden="true">
                {index + 1}
              </span>
              <span className="wall-org__who">
                <span className="wall-org__name">{row.name}</span>
                <span className="wall-org__meta">
                  {row.country ? (
                    <>
                      <Flag code={row.country} className="wall-flag" />{" "}
                      {format.country(row.country, t("countries.unknown"))}
                    </>
                  ) : null}
                  {row.country && row.kind ? " · " : null}
                  {row.kind ? t(`orgs.kind.${row.kind}`) : null}
                </span>
              </span>
              <span className="wall-org__track" aria-hidden="true">
                <span className="wall-org__fill" style={{ "--share": row.posts / max } as CSSProperties} />
              </span>
              <span className="wall-org__value">
                {format.number(row.posts)}{" "}
                {/* The plural word alone, smaller than the number it follows. */}
                <span className="wall-org__unit">{plural("orgs.posts", row.posts).replace(format.number(row.posts), "").trim()}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
});
