import type { LiveStatus } from "../lib/liveState";
import type { EmbedI18n } from "./embedI18n";

/** The class names of the live indicator; the React widgets draw the same markup (see `react/LiveBadge.tsx`). */
export const BADGE_CLASS = "badge";

/** The live indicator without React: a dot and a word, `data-status` for styles and tests. */
export function createStatusBadge(i18n: EmbedI18n): { element: HTMLElement; update(status: LiveStatus): void } {
  const element = document.createElement("span");
  element.setAttribute("role", "status");
  element.setAttribute("data-testid", "embed-status");
  const dot = document.createElement("span");
  dot.className = `${BADGE_CLASS}__dot`;
  dot.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  element.append(dot, label);
  let shown: LiveStatus | null = null;
  const update = (status: LiveStatus) => {
    if (status === shown) return;
    shown = status;
    element.className = `${BADGE_CLASS} ${BADGE_CLASS}--${status}`;
    element.dataset.status = status;
    element.title = i18n.t("status.label");
    label.textContent = i18n.t(`status.${status}`);
  };
  update("connecting");
  return { element, update };
}
