/**
 * What every widget does first, with or without React: read its parameters, speak the right language, draw the
 * right theme, and keep the parent page told of its height.
 */
import { createEmbedI18n, type EmbedI18n } from "./embedI18n";
import type { EmbedMessageKey } from "./embedMessages";
import { parseEmbedParams, type EmbedParams } from "./embedParams";
import { followTheme } from "./embedTheme";
import { reportHeight } from "./resizeReporter";

/** A widget, ready to draw. */
export interface BootedEmbed {
  params: EmbedParams;
  i18n: EmbedI18n;
  /** The element the widget draws into; its height is what the parent page is told. */
  root: HTMLElement;
}

/**
 * Boots the widget whose document title is `titleKey`, drawing into `#embed`. The theme is a `data-theme`
 * attribute the stylesheets (charts included) key their colours on, so a change of system theme needs no render.
 */
export function bootEmbed(titleKey: EmbedMessageKey): BootedEmbed {
  const root = document.getElementById("embed");
  if (!root) throw new Error("the embed page has no #embed element");
  const params = parseEmbedParams(location.search, navigator.languages ?? [navigator.language]);
  const i18n = createEmbedI18n(params.lang);
  document.documentElement.lang = params.lang;
  document.title = `Pulse · ${i18n.t(titleKey)}`;
  followTheme(params.theme);
  reportHeight(root, params.frame);
  return { params, i18n, root };
}
