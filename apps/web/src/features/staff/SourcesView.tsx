import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { IngestTokensPanel } from "./IngestTokensPanel";
import { StaffLoadError } from "./StaffLoadError";
import { StaffTable } from "./StaffTable";
import { useStaffResource } from "./useStaffResource";

/** `/healthz` is read this often while the panel shows. */
export const SOURCES_POLL_MS = 5_000;

/**
 * Each source's state, posts, items waiting for the store, errors, last post, next retry and last error, from
 * `GET /healthz`; then the ingest tokens and their last uses.
 */
export function SourcesView() {
  const { t, format } = useI18n();
  const { data, error } = useStaffResource("health", {}, SOURCES_POLL_MS);
  const when = (at: string | undefined) => (at ? format.timeWithSeconds(at) : "—");
  return (
    <div className="staff-stack">
      <Panel
        title={t("staff.sources.title")}
        subtitle={data ? t("staff.sources.store", { store: data.store, status: t(`staff.sources.health.${data.status}`) }) : undefined}
        testId="staff-sources"
        className="staff-panel"
      >
        <StaffLoadError error={error} />
        {data && data.sources.length === 0 ? <p className="panel__empty">{t("staff.sources.none")}</p> : null}
        {data && data.sources.length > 0 ? (
          <StaffTable
            caption={t("staff.sources.title")}
            head={
              <>
                <th scope="col">{t("staff.sources.name")}</th>
                <th scope="col">{t("staff.sources.state")}</th>
                <th scope="col" className="staff-num">{t("staff.sources.posts")}</th>
                <th scope="col" className="staff-num" title={t("staff.sources.waitingHint")}>
                  {t("staff.sources.waiting")}
                </th>
                <th scope="col" className="staff-num">{t("staff.sources.errors")}</th>
                <th scope="col">{t("staff.sources.lastPost")}</th>
                <th scope="col">{t("staff.sources.nextRetry")}</th>
                <th scope="col">{t("staff.sources.lastError")}</th>
              </>
            }
          >
            {data.sources.map((source) => (
              <tr key={source.name} data-testid="staff-source" data-state={source.state}>
                <th scope="row">
                  {source.name}
                  {source.detail ? <span className="staff-source__detail">{source.detail}</span> : null}
                </th>
                <td>
                  <span className={`staff-badge staff-badge--source-${source.state}`}>{t(`staff.sources.states.${source.state}`)}</span>
                </td>
                <td className="staff-num">{format.number(source.posts)}</td>
                <td className="staff-num" data-testid="staff-source-waiting">
                  {source.waiting === undefined ? "—" : format.number(source.waiting)}
                </td>
                <td className="staff-num">{format.number(source.errors)}</td>
                <td>{when(source.lastPostAt)}</td>
                <td>{when(source.nextRetryAt)}</td>
                <td className="staff-source__error">{source.lastError ?? "—"}</td>
              </tr>
            ))}
          </StaffTable>
        ) : null}
      </Panel>
      <IngestTokensPanel />
    </div>
  );
}
