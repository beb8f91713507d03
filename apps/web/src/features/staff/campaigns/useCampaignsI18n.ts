import { useMemo } from "react";
import { useI18n } from "../../../hooks/useI18n";
import { campaignsEn, campaignsFr, type CampaignsMessageKey } from "../../../i18n/campaignsMessages";
import type { MessageKey } from "../../../i18n/fr";
import { interpolate, type I18n, type MessageValues } from "../../../i18n/i18n";

/** A key of the Campaigns view's dictionary or of the app's. */
export type CampaignsKey = CampaignsMessageKey | MessageKey;

/** The base of a Campaigns key that has `_one` and `_other` forms. */
type CampaignsPluralKey = CampaignsMessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** The Campaigns view's translator: its own strings, then the app's, in the console's language and formats. */
export interface CampaignsI18n extends Omit<I18n, "t" | "plural"> {
  t(key: CampaignsKey, values?: MessageValues): string;
  plural(key: CampaignsPluralKey, count: number, values?: MessageValues): string;
}

/** The translator of the nearest `I18nProvider`, with the Campaigns view's dictionary in its language. */
export function useCampaignsI18n(): CampaignsI18n {
  const app = useI18n();
  return useMemo(() => {
    const own: Record<string, string> = app.lang === "fr" ? campaignsFr : campaignsEn;
    const rules = new Intl.PluralRules(app.format.locale);
    const t = (key: CampaignsKey, values?: MessageValues) => (key in own ? interpolate(own[key]!, values) : app.t(key as MessageKey, values));
    return {
      ...app,
      t,
      // French puts 0 and 1 in "one"; every other category takes the "_other" form.
      plural: (key, count, values) => t(`${key}_${rules.select(count) === "one" ? "one" : "other"}` as CampaignsKey, { ...values, count: app.format.number(count) }),
    };
  }, [app]);
}
