import "./campaigns.css";
import type { ResponseOf } from "@pulse/shared/client";
import { useState } from "react";
import { Panel } from "../../../components/Panel";
import { useCampaignsI18n } from "./useCampaignsI18n";
import { campaignPath } from "../../../lib/campaignPath";
import { StaffLoadError } from "../StaffLoadError";
import { staffCall } from "../staffApi";
import { StaffTable } from "../StaffTable";
import { useStaffAction } from "../useStaffAction";
import { useCan } from "../StaffContext";
import { useStaffResource } from "../useStaffResource";
import { campaignToDraft, duplicateDraft, emptyDraft, type CampaignDraft } from "./campaignDraft";
import { CampaignEditor } from "./CampaignEditor";
import { RecountControl } from "./RecountControl";

/** A campaign as the staff API lists it: the stored record, its status and whether it is the default. */
type Entry = ResponseOf<"staffCampaigns">[number];

/** The list's groups, in order: archived campaigns apart, whatever their dates. */
export const CAMPAIGN_GROUPS = ["live", "scheduled", "ended", "archived"] as const;
/** A group of the list. */
export type CampaignGroup = (typeof CAMPAIGN_GROUPS)[number];

/** The group a campaign is listed in. */
export function groupOf(entry: Pick<Entry, "archived" | "status">): CampaignGroup {
  return entry.archived ? "archived" : entry.status;
}

/** The list refreshes this often, so statuses follow the clock. */
const CAMPAIGNS_POLL_MS = 15_000;

/** The editor open: a new campaign (possibly a duplicate) or an edit, and a key that starts it afresh. */
type Editing = { mode: "create" | "edit"; draft: CampaignDraft; key: number } | null;

function When({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { format } = useCampaignsI18n();
  let text = iso;
  try {
    text = new Intl.DateTimeFormat(format.locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  } catch {
    // An unknown zone or time: shown as stored.
  }
  return <time dateTime={iso}>{text}</time>;
}

function CampaignRow({ entry, onEdit, onDuplicate }: { entry: Entry; onEdit(): void; onDuplicate(): void }) {
  const { t } = useCampaignsI18n();
  const run = useStaffAction();
  const mayEdit = useCan()("updateCampaign");
  const { campaign, archived } = entry;
  const { id, name } = campaign;
  return (
    <tr data-testid="campaign-item" data-campaign={id} data-group={groupOf(entry)}>
      <th scope="row">
        <span className="campaign-item__name">{name}</span>
        <span className="staff-field__hint campaign-item__id">{id}</span>
        {entry.default ? <span className="staff-badge">{t("campaigns.default")}</span> : null}
      </th>
      <td>
        <When iso={campaign.start} timeZone={campaign.timezone} /> – <When iso={campaign.end} timeZone={campaign.timezone} />
        <span className="staff-field__hint campaign-item__zone">{campaign.timezone}</span>
      </td>
      <td>{campaign.hashtags.map((h) => `#${h.tag}`).join(" ")}</td>
      <td className="staff-num">{campaign.organizations.length}</td>
      <td>
        {archived ? (
          <span className="staff-field__hint">{t("campaigns.archived.noPages")}</span>
        ) : (
          <ul className="campaign-item__links">
            <li>
              <a href={campaignPath(id, "/")} data-testid="campaign-link-dashboard">
                {t("campaigns.link.dashboard")}
              </a>
            </li>
            <li>
              <a href={campaignPath(id, "/wall")} data-testid="campaign-link-wall">
                {t("campaigns.link.wall")}
              </a>
            </li>
            <li>
              <a href={campaignPath(id, "/embed/counter")} data-testid="campaign-link-embed">
                {t("campaigns.link.embed")}
              </a>
            </li>
          </ul>
        )}
      </td>
      <td>
        <div className="staff-buttons" hidden={!mayEdit}>
          <button type="button" className="staff-button" onClick={onEdit} aria-label={t("campaigns.edit.for", { name })} data-testid="campaign-edit">
            {t("campaigns.edit")}
          </button>
          <button type="button" className="staff-button" onClick={onDuplicate} aria-label={t("campaigns.duplicate.for", { name })} data-testid="campaign-duplicate">
            {t("campaigns.duplicate")}
          </button>
          {archived ? (
            <button
              type="button"
              className="staff-button"
              onClick={() => void run(() => staffCall("unarchiveCampaign", { params: { id } }), t("campaigns.done.unarchived", { name }))}
              aria-label={t("campaigns.unarchive.for", { name })}
              data-testid="campaign-unarchive"
            >
              {t("campaigns.unarchive")}
            </button>
          ) : entry.default ? (
            // The server refuses to archive the default campaign: the v1 paths show it.
            <span className="staff-field__hint" data-testid="campaign-default-note">
              {t("campaigns.default.noArchive")}
            </span>
          ) : (
            <button
              type="button"
              className="staff-button staff-button--danger"
              onClick={() => void run(() => staffCall("archiveCampaign", { params: { id } }), t("campaigns.done.archived", { name }))}
              aria-label={t("campaigns.archive.for", { name })}
              data-testid="campaign-archive"
            >
              {t("campaigns.archive")}
            </button>
          )}
        </div>
        {mayEdit ? <RecountControl id={id} name={name} /> : null}
      </td>
    </tr>
  );
}

/**
 * The Campaigns view: every campaign, grouped as live, scheduled, ended and archived, each with its pages and
 * actions (edit, duplicate, archive or unarchive, recount), and the editor to create or edit one.
 */
export function CampaignsView() {
  const { t, plural } = useCampaignsI18n();
  const { data, error } = useStaffResource("staffCampaigns", {}, CAMPAIGNS_POLL_MS);
  const [editing, setEditing] = useState<Editing>(null);
  const can = useCan();
  const open = (mode: "create" | "edit", draft: CampaignDraft) => setEditing((current) => ({ mode, draft, key: (current?.key ?? 0) + 1 }));

  if (editing) {
    return <CampaignEditor key={editing.key} mode={editing.mode} initial={editing.draft} onClose={() => setEditing(null)} />;
  }

  const entries = data ?? [];
  return (
    <div className="staff-stack campaigns" data-testid="campaigns-view">
      <div className="campaigns__bar" hidden={!can("createCampaign")}>
        <button type="button" className="staff-button staff-button--primary" onClick={() => open("create", emptyDraft())} data-testid="campaign-new">
          {t("campaigns.new")}
        </button>
      </div>
      <StaffLoadError error={error} />
      {CAMPAIGN_GROUPS.map((group) => {
        const members = entries.filter((entry) => groupOf(entry) === group);
        return (
          <Panel
            key={group}
            title={t(`campaigns.group.${group}`)}
            subtitle={plural("campaigns.group.count", members.length)}
            testId={`campaigns-group-${group}`}
            className="staff-panel"
          >
            {members.length === 0 ? (
              <p className="panel__empty">{t("campaigns.group.empty")}</p>
            ) : (
              <StaffTable
                caption={t(`campaigns.group.${group}`)}
                head={
                  <>
                    <th scope="col">{t("campaigns.col.name")}</th>
                    <th scope="col">{t("campaigns.col.dates")}</th>
                    <th scope="col">{t("campaigns.col.hashtags")}</th>
                    <th scope="col" className="staff-num">
                      {t("campaigns.col.organizations")}
                    </th>
                    <th scope="col">{t("campaigns.col.pages")}</th>
                    <th scope="col">{t("campaigns.actions")}</th>
                  </>
                }
              >
                {members.map((entry) => (
                  <CampaignRow
                    key={entry.campaign.id}
                    entry={entry}
                    onEdit={() => open("edit", campaignToDraft(entry.campaign))}
                    onDuplicate={() => open("create", duplicateDraft(entry.campaign, t("campaigns.copyOf", { name: entry.campaign.name })))}
                  />
                ))}
              </StaffTable>
            )}
          </Panel>
        );
      })}
    </div>
  );
}
