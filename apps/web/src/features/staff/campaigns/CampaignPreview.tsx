import "../../wall/wall.css";
import type { Campaign, Snapshot } from "@pulse/shared/client";
import { useId, type CSSProperties } from "react";
import { brandVariables } from "../../../components/brand";
import { PulseLogo } from "../../../components/PulseLogo";
import { resolveTheme } from "../../../components/theme";
import { useCampaignsI18n } from "./useCampaignsI18n";
import { CounterScene } from "../../wall/CounterScene";
import { goalProgress } from "../../wall/wallData";
import { WallGoal } from "../../wall/WallGoal";

/** The total the preview shows: most of the goal when there is one, so the goal bar shows too. */
function sampleTotal(goal: Campaign["goal"]): number {
  const target = typeof goal?.posts === "number" && goal.posts > 0 ? goal.posts : 0;
  return target > 0 ? Math.round(target * 0.62) : 12_345;
}

/** Sample figures for the preview, in the goal's country when it names one. */
function sampleSnapshot(campaign: Campaign): Snapshot {
  const posts = sampleTotal(campaign.goal);
  const country = campaign.goal?.country ?? campaign.hashtags[0]?.country ?? "FR";
  return {
    seq: 0,
    campaign: campaign.id,
    totals: { posts, authors: Math.round(posts * 0.58), originals: posts, retweets: 0, replies: 0, quotes: 0 },
    byCountry: { [country]: posts },
    byOrganization: {},
    timeline: [],
    recent: [],
  };
}

/**
 * The wall's counter scene as the campaign being edited would show it, in its brand colours (made safe for
 * contrast exactly as on the wall, `brandVariables`) and the console's theme, with sample figures; it follows
 * every keystroke. A 16:9 picture sized by its container, as the wall is by the screen.
 */
export function CampaignPreview({ campaign }: { campaign: Campaign }) {
  const { t } = useCampaignsI18n();
  const headingId = useId();
  const theme = resolveTheme(location.search);
  const validBrand = campaign.brand && /^#[0-9a-f]{6}$/i.test(campaign.brand.primary) ? campaign.brand : undefined;
  const accent = validBrand?.accent && /^#[0-9a-f]{6}$/i.test(validBrand.accent) ? validBrand.accent : undefined;
  const brand = brandVariables(validBrand ? { primary: validBrand.primary, accent } : undefined, theme) as unknown as CSSProperties;
  const snapshot = sampleSnapshot(campaign);
  const goal = goalProgress(typeof campaign.goal?.posts === "number" ? campaign.goal : undefined, snapshot);
  return (
    <section className="campaign-preview" aria-labelledby={headingId} data-testid="campaign-preview">
      <h3 id={headingId} className="campaign-preview__title">
        {t("campaigns.preview")}
      </h3>
      <p className="staff-field__hint">{t("campaigns.preview.hint")}</p>
      <div className="campaign-preview__frame">
        <div className="campaign-preview__stage" style={brand} data-testid="campaign-preview-stage" aria-hidden="true">
          <header className="campaign-preview__header">
            <PulseLogo className="wall-header__logo" />
            <p className="campaign-preview__name" data-testid="campaign-preview-name">
              {campaign.name || t("campaigns.preview.noName")}
            </p>
          </header>
          <CounterScene snapshot={snapshot} />
          {goal ? <WallGoal goal={goal} /> : null}
        </div>
      </div>
    </section>
  );
}
