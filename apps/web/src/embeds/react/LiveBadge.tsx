import type { LiveStatus } from "../../lib/liveState";
import { BADGE_CLASS } from "../statusBadge";
import { useEmbed } from "./useEmbed";

/** The live indicator: the same markup as the counter's DOM badge (`statusBadge.ts`). */
export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useEmbed().i18n;
  return (
    <span className={`${BADGE_CLASS} ${BADGE_CLASS}--${status}`} role="status" title={t("status.label")} data-testid="embed-status" data-status={status}>
      <span className={`${BADGE_CLASS}__dot`} aria-hidden="true" />
      <span>{t(`status.${status}`)}</span>
    </span>
  );
}
