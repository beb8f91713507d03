import { shownStatus, type ShownStatus } from "../lib/campaignClock";
import type { LiveStatus } from "../lib/liveState";
import type { EmbedI18n } from "./embedI18n";

/** The class names of the live indicator; the React widgets draw the same markup (see `react/LiveBadge.tsx`). */
export const BADGE_CLASS = "badge";

/**
 * The live indicator without React: a dot and a word, `data-status` (the connection's status) for styles and tests.
 * `ended` (the campaign clock passed the campaign's end) makes "live" read "ended", with `data-ended`.
 */
export function createStatusBadge(i18n: EmbedI18n): { element: HTMLElement; update(status: LiveStatus, ended?: boolean): void } {
  const element = document.createElement("span");
  element.setAttribute("role", "status");
  element.setAttribute("data-testid", "embed-status");
  const dot = document.createElement("span");
  dot.className = `${BADGE_CLASS}__dot`;
  dot.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  element.append(dot, label);
  let last: string | null = null;
  const update = (status: LiveStatus, ended = false) => {
    const shown: ShownStatus = shownStatus(status, ended);
    if (`${status}/${shown}` === last) return;
    last = `${status}/${shown}`;
    element.className = `${BADGE_CLASS} ${BADGE_CLASS}--${shown}`;
    element.dataset.status = status;
    element.dataset.ended = String(shown === "ended");
    element.title = i18n.t("status.label");
    label.textContent = i18n.t(`status.${shown}`);
  };
  update("connecting");
  return { element, update };
}
