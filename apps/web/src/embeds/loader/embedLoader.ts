/**
 * The `/embed.js` loader: turns `<script async src="https://HOST/embed.js" data-widget="counter">` into the
 * widget's iframe, right after the script, and keeps the iframe as tall as the widget says it is. With
 * `data-campaign="<id>"` the widget is that campaign's (`/c/<id>/embed/<widget>`), without it the default
 * campaign's (`/embed/<widget>`). Partner pages load this file, so it stays tiny and has no dependencies.
 */
import { campaignPath, isCampaignId } from "../../lib/campaignPath";
import { EMBED_WIDGETS, frameIdOr, isEmbedWidget, resizeHeightFor, type EmbedWidget } from "../embedProtocol";

/** The iframe's accessible name per widget, in French and English; the widget's own language decides which. */
const TITLES: Record<"fr" | "en", Record<EmbedWidget, string>> = {
  fr: {
    counter: "Pulse : compteur de publications en direct",
    countries: "Pulse : publications par pays, en direct",
    timeline: "Pulse : publications par minute, en direct",
    feed: "Pulse : dernières publications, en direct",
    map: "Pulse : carte des publications en Europe, en direct",
    organization: "Pulse : une organisation, en direct",
  },
  en: {
    counter: "Pulse: live post counter",
    countries: "Pulse: live posts by country",
    timeline: "Pulse: live posts per minute",
    feed: "Pulse: latest posts, live",
    map: "Pulse: live map of posts in Europe",
    organization: "Pulse: one organization, live",
  },
};

/** The iframe's height until the widget reports its own, close to what it will be so the page barely moves. */
export const INITIAL_HEIGHTS: Record<EmbedWidget, number> = { counter: 140, countries: 320, timeline: 280, feed: 200, map: 420, organization: 200 };

/** The `data-*` attributes passed on to the widget's URL, when set. */
const PASSED_ON = ["country", "lang", "theme", "limit", "media", "org", "feed"] as const;

/** The iframe a script asks for. */
export interface WidgetFrame {
  widget: EmbedWidget;
  /** The widget's origin: the loader's own, taken from the script's `src`. Resize messages must come from it. */
  origin: string;
  src: string;
  title: string;
  frame: string;
}

/**
 * What a loader script with `src` and `data` (its dataset) asks for, or why it cannot be served. `frame` is the
 * id echoed in resize messages; `browserLang` picks the title's language when `data-lang` says nothing.
 */
export function widgetFrame(
  src: string,
  data: Readonly<Record<string, string | undefined>>,
  frame: string,
  browserLang = "fr",
): WidgetFrame | string {
  // `data-org` alone asks for that organization's widget.
  const widget = data.widget ?? (data.org?.trim() ? "organization" : undefined);
  if (!isEmbedWidget(widget)) return `data-widget must be one of ${EMBED_WIDGETS.join(", ")} (got ${JSON.stringify(widget ?? null)})`;
  if (frameIdOr(frame) === null) return `bad frame id ${JSON.stringify(frame)}`;
  const campaign = data.campaign?.trim() || null;
  if (campaign !== null && !isCampaignId(campaign)) {
    return `data-campaign must be a campaign id: lowercase letters, digits and dashes (got ${JSON.stringify(campaign)})`;
  }
  let base: URL;
  try {
    base = new URL(src);
  } catch {
    return `cannot tell the Pulse server from the script's src ${JSON.stringify(src)}`;
  }
  const url = new URL(campaignPath(campaign, `/embed/${widget}`), base.origin);
  for (const name of PASSED_ON) {
    const value = data[name]?.trim();
    if (value) url.searchParams.set(name, value);
  }
  url.searchParams.set("frame", frame);
  const lang = (data.lang ?? browserLang).toLowerCase().startsWith("en") ? "en" : "fr";
  return { widget, origin: base.origin, src: url.href, title: data.title?.trim() || TITLES[lang][widget], frame };
}

/** A fresh frame id: random, so several scripts (even several copies of this loader) never share one. */
export function newFrameId(): string {
  return `pulse-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Inserts the widget `script` asks for right after it, and resizes it from the widget's messages: only from the
 * widget's origin, only from that iframe, only with its frame id. Returns the iframe, or null (with a console
 * warning) when the script asks for nothing valid or was already handled.
 */
export function mountWidget(script: HTMLScriptElement): HTMLIFrameElement | null {
  if (script.dataset.pulseFrame) return null;
  const spec = widgetFrame(script.src, script.dataset, newFrameId(), navigator.language);
  if (typeof spec === "string") {
    console.warn(`Pulse embed: ${spec}`);
    return null;
  }
  script.dataset.pulseFrame = spec.frame;

  const iframe = document.createElement("iframe");
  iframe.src = spec.src;
  iframe.title = spec.title;
  iframe.loading = "lazy";
  iframe.className = "pulse-embed";
  iframe.dataset.pulseFrame = spec.frame;
  iframe.dataset.widget = spec.widget;
  // The widget reports its height, so the frame never needs a scrollbar.
  iframe.setAttribute("scrolling", "no");
  // `color-scheme: normal` matches the widget's, so the browser keeps the frame transparent on any page.
  iframe.style.cssText = `display:block;width:100%;height:${INITIAL_HEIGHTS[spec.widget]}px;border:0;background:transparent;color-scheme:normal;overflow:hidden`;
  script.after(iframe);

  window.addEventListener("message", (event) => {
    if (event.origin !== spec.origin || event.source !== iframe.contentWindow) return;
    const height = resizeHeightFor(event.data, spec.frame);
    if (height !== null) iframe.style.height = `${height}px`;
  });
  return iframe;
}

/**
 * Mounts the widgets of `scripts` in a task of their own, after the loader's evaluation. Creating an iframe
 * builds its first (blank) document at once, in the partner's main thread (25–93 ms in traces of the bench's
 * partner page at 4× throttling); in the same task as the loader's compile and run (15–25 ms) it made one longer
 * task, and a task's blocking time is what it takes beyond 50 ms.
 */
export function mountWidgetsLater(scripts: readonly HTMLScriptElement[]): void {
  if (scripts.length === 0) return;
  const mount = () => {
    for (const script of scripts) mountWidget(script);
  };
  // A user-blocking task runs before the page's queued ones (a load handler's work, say), so the widget does not
  // start later than it would have in the loader's own task; a timer where the browser has no task scheduler.
  if (typeof scheduler !== "undefined" && typeof scheduler.postTask === "function") void scheduler.postTask(mount, { priority: "user-blocking" });
  else setTimeout(mount, 0);
}
