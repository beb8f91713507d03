/** Mounts a React widget: the shared boot (parameters, language, theme, height reports), then the widget. */
import { StrictMode, useMemo, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { useCampaign } from "../../hooks/useCampaign";
import { bootEmbed, type BootedEmbed } from "../bootEmbed";
import { createEmbedI18n } from "../embedI18n";
import type { EmbedMessageKey } from "../embedMessages";
import { EmbedContext } from "./EmbedContext";

function EmbedRoot({ boot, Widget }: { boot: BootedEmbed; Widget: ComponentType }) {
  // Times are shown in the campaign's zone once it is known, as on the dashboard.
  const { campaign } = useCampaign();
  const zone = campaign?.timezone;
  const end = campaign?.end ?? null;
  const value = useMemo(
    () => ({ params: boot.params, i18n: zone ? createEmbedI18n(boot.params.lang, zone) : boot.i18n, end }),
    [boot, zone, end],
  );
  return (
    <EmbedContext.Provider value={value}>
      <Widget />
    </EmbedContext.Provider>
  );
}

/** Boots the widget page and renders `Widget` into its `#embed` element. */
export function mountEmbed(titleKey: EmbedMessageKey, Widget: ComponentType): void {
  const boot = bootEmbed(titleKey);
  createRoot(boot.root).render(
    <StrictMode>
      <EmbedRoot boot={boot} Widget={Widget} />
    </StrictMode>,
  );
}
