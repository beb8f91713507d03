import type { AuditAction, AuditEntry, Campaign, ModerationAction, SettingsEdit } from "@pulse/shared/client";
import { useMemo } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import type { I18n } from "../../i18n/i18n";
import { authorLabel, shortExcerpt } from "./moderationSubject";
import { StaffLoadError } from "./StaffLoadError";
import { StaffTable } from "./StaffTable";
import { useStaffResource } from "./useStaffResource";

/** The log refreshes this often while it shows. */
const AUDIT_POLL_MS = 5_000;

/** How many added or removed blocklist entries a line names before it counts the rest. */
const BLOCKLIST_WORDS_SHOWN = 8;

/** What a moderation action was done to: a post key, an author key, or the new mode. */
export function auditTarget(action: ModerationAction): string {
  if ("key" in action) return action.key;
  if ("author" in action) return action.author;
  return action.mode;
}

/**
 * What a moderation action was done to, in words: the author as `@handle (Name)` and a quote of the post when the
 * entry records them (`about`), the mode in the UI language (and what became of the held posts), else the key of
 * an entry from before names were recorded.
 */
export function moderationTargetText(entry: Pick<AuditEntry, "action" | "about">, i18n: Pick<I18n, "t">): { who: string; quote?: string } {
  const { action, about } = entry;
  if (action.type === "setMode") {
    const mode = i18n.t(`staff.mode.${action.mode}`);
    return { who: action.held ? `${mode} · ${i18n.t(`staff.audit.held.${action.held}`)}` : mode };
  }
  if (isSettingsEdit(action) || !about) return { who: isSettingsEdit(action) ? "" : auditTarget(action) };
  return { who: authorLabel(about), ...(about.excerpt ? { quote: shortExcerpt(about.excerpt) } : {}) };
}

/** True for the staff edits of settings the log records beside moderation actions. */
export function isSettingsEdit(action: AuditAction): action is SettingsEdit {
  return (
    action.type === "setHires" ||
    action.type === "setBlocklist" ||
    action.type === "editCampaign" ||
    action.type === "recount" ||
    action.type === "eraseAuthor" ||
    action.type === "retention"
  );
}

/**
 * A settings edit in words, in the UI language: `Axa : 12 → 15` for hires (`aucune` when none was reported
 * before), `+arnaque −spam · 12 entrées` for a blocklist save. `orgName` turns an organization id into its name.
 */
export function settingsEditText(edit: SettingsEdit, i18n: Pick<I18n, "t" | "plural" | "format">, orgName: (id: string) => string): string {
  const { t, plural, format } = i18n;
  if (edit.type === "setHires") {
    const previous = edit.previous === null ? t("staff.audit.hires.none") : format.number(edit.previous);
    return t("staff.audit.hires.change", { org: orgName(edit.orgId), previous, hires: format.number(edit.hires) });
  }
  if (edit.type === "editCampaign") {
    const change = t(`staff.audit.campaign.${edit.change}`);
    return edit.fields.length > 0 && edit.change === "edited" ? `${change}: ${edit.fields.join(", ")}` : change;
  }
  if (edit.type === "recount") return plural("staff.audit.recount.posts", edit.posts);
  // Who was erased is never shown: the log keeps only a reference (a hash) and the count.
  if (edit.type === "eraseAuthor") return `${edit.network} · ${edit.ref} · ${plural("staff.audit.erase.posts", edit.posts)}`;
  if (edit.type === "retention") return plural("staff.audit.retention.posts", edit.posts);
  const words = (sign: string, list: string[]) => {
    const shown = list.slice(0, BLOCKLIST_WORDS_SHOWN).map((word) => `${sign}${word}`);
    if (list.length > shown.length) shown.push(plural("staff.audit.blocklist.more", list.length - shown.length));
    return shown;
  };
  const changes = [...words("+", edit.added), ...words("\u2212", edit.removed)];
  const what = changes.length > 0 ? changes.join(" ") : t("staff.audit.blocklist.same");
  return `${what} · ${plural("staff.audit.blocklist.entries", edit.words)}`;
}

/** The "on" cell of a moderation action: who and what, with the key as a tooltip for the curious. */
function AuditTarget({ entry }: { entry: AuditEntry }) {
  const i18n = useI18n();
  const { who, quote } = moderationTargetText(entry, i18n);
  if (entry.action.type !== "setMode" && !entry.about) return <code>{who}</code>;
  const key = "key" in entry.action ? entry.action.key : "author" in entry.action ? entry.action.author : undefined;
  return (
    <span className="staff-subject" title={key} data-testid="staff-audit-subject">
      <span className="staff-subject__who">{who}</span>
      {quote ? <q className="staff-subject__excerpt">{quote}</q> : null}
    </span>
  );
}

/** Props of {@link AuditView}. */
export interface AuditViewProps {
  /** Names the organizations of hires edits; their ids show until it has loaded. */
  campaign?: Campaign | null;
}

/** Who did what and when, newest first, from `GET /api/staff/moderation/audit`: moderation, blocklist and hires edits. */
export function AuditView({ campaign = null }: AuditViewProps) {
  const i18n = useI18n();
  const { t, format } = i18n;
  const { data, error } = useStaffResource("moderationAudit", { query: { limit: "200" } }, AUDIT_POLL_MS);
  const entries = data?.entries ?? [];
  const names = useMemo(() => new Map(campaign?.organizations.map((org) => [org.id, org.name])), [campaign]);
  const orgName = (id: string) => names.get(id) ?? id;
  return (
    <Panel title={t("staff.audit.title")} subtitle={t("staff.audit.hint")} testId="staff-audit" className="staff-panel">
      <StaffLoadError error={error} />
      {data && entries.length === 0 ? <p className="panel__empty">{t("staff.audit.empty")}</p> : null}
      {entries.length > 0 ? (
        <StaffTable
          caption={t("staff.audit.title")}
          head={
            <>
              <th scope="col">{t("staff.audit.at")}</th>
              <th scope="col">{t("staff.audit.actor")}</th>
              <th scope="col">{t("staff.audit.action")}</th>
              <th scope="col">{t("staff.audit.target")}</th>
            </>
          }
        >
          {entries.map((entry, i) => (
            // Settings edits keep the rev they found, so rev and time need not be unique: the position is.
            <tr key={`${i}-${entry.rev}-${entry.at}`} data-testid="staff-audit-entry" data-action={entry.action.type}>
              <td>
                <time dateTime={entry.at}>{format.timeWithSeconds(entry.at)}</time>
              </td>
              <td>{entry.actor}</td>
              <td>{t(`staff.audit.type.${entry.action.type}`)}</td>
              <td>
                {isSettingsEdit(entry.action) ? (
                  <span data-testid="staff-audit-edit">{settingsEditText(entry.action, i18n, orgName)}</span>
                ) : (
                  <AuditTarget entry={entry} />
                )}
              </td>
            </tr>
          ))}
        </StaffTable>
      ) : null}
    </Panel>
  );
}
