import type { AuditLog, ModerationAction } from "@pulse/shared/client";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { useStaffResource } from "./useStaffResource";

/** The log refreshes this often while it shows. */
const AUDIT_POLL_MS = 5_000;

/** What an action was done to: a post key, an author key, or the new mode. */
export function auditTarget(action: ModerationAction): string {
  if ("key" in action) return action.key;
  if ("author" in action) return action.author;
  return action.mode;
}

/** Who did what and when, newest first, from `GET /api/moderation/audit`. */
export function AuditView() {
  const { t, format } = useI18n();
  const { data, error } = useStaffResource<AuditLog>("/api/moderation/audit?limit=200", AUDIT_POLL_MS);
  const entries = data?.entries ?? [];
  return (
    <Panel title={t("staff.audit.title")} subtitle={t("staff.audit.hint")} testId="staff-audit" className="staff-panel">
      {error ? (
        <p className="staff-error" role="alert">
          {t("staff.error.load", { error: error.message })}
        </p>
      ) : null}
      {data && entries.length === 0 ? <p className="panel__empty">{t("staff.audit.empty")}</p> : null}
      {entries.length > 0 ? (
        <div className="staff-table-wrap">
          <table className="staff-table">
            <caption className="visually-hidden">{t("staff.audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.audit.at")}</th>
                <th scope="col">{t("staff.audit.actor")}</th>
                <th scope="col">{t("staff.audit.action")}</th>
                <th scope="col">{t("staff.audit.target")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={`${entry.rev}-${entry.at}`} data-testid="staff-audit-entry" data-action={entry.action.type}>
                  <td>
                    <time dateTime={entry.at}>{format.timeWithSeconds(entry.at)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{t(`staff.audit.type.${entry.action.type}`)}</td>
                  <td>
                    <code>{auditTarget(entry.action)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
