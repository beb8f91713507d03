import { useId, type FormEvent } from "react";
import { useI18n } from "../../hooks/useI18n";
import { pageCampaign } from "../../lib/campaignPath";
import { useStaffResource } from "./useStaffResource";
import { withStaffCampaign } from "./staffView";

/** The campaign list changes only through the console; it is read again after every action and this often. */
const CAMPAIGNS_POLL_MS = 30_000;

/**
 * Chooses the campaign the console acts on. Choosing reloads the console on `?campaign=<id>` (the default
 * campaign: none), so its live feed joins that campaign and every view's requests name it (`staffApi.ts`). A
 * select and a button rather than a select alone, so moving through the list with the keyboard switches nothing.
 */
export function StaffCampaignPicker() {
  const { t } = useI18n();
  const selectId = useId();
  const { data } = useStaffResource("staffCampaigns", {}, CAMPAIGNS_POLL_MS);
  const current = pageCampaign();
  const campaigns = (data ?? []).filter((entry) => !entry.archived || entry.campaign.id === current);
  if (campaigns.length === 0) return null;
  const defaultId = campaigns.find((entry) => entry.default)?.campaign.id ?? null;
  const selected = current ?? defaultId ?? "";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get("campaign") ?? "");
    const chosen = id === defaultId ? null : id || null;
    if (chosen === current) return;
    location.assign(`${location.pathname}${withStaffCampaign(location.search, chosen)}`);
  };

  return (
    <form className="staff-picker" onSubmit={submit} data-testid="staff-campaign-picker">
      <label htmlFor={selectId}>{t("staff.campaign.label")}</label>
      <select id={selectId} name="campaign" defaultValue={selected} key={selected} data-testid="staff-campaign-select">
        {campaigns.map(({ campaign, default: isDefault }) => (
          <option key={campaign.id} value={campaign.id}>
            {isDefault ? t("staff.campaign.default", { name: campaign.name }) : campaign.name}
          </option>
        ))}
      </select>
      <button type="submit" className="staff-button" data-testid="staff-campaign-choose">
        {t("staff.campaign.choose")}
      </button>
    </form>
  );
}
