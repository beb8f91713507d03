/**
 * The map of Europe drawn with plain DOM: an SVG of the countries coloured by posts, a legend and what the map
 * cannot draw beside it, and a visually hidden table of the same numbers for screen readers. No React and no
 * d3: the map widget stays small, and the React pages host the same view (EuropeMap.tsx). Text is only ever
 * set through `textContent`.
 */
import europe from "virtual:europe-map";
import { MAP_STEPS, mapFigures, mapStep, risenCountries, UNKNOWN_COUNTRY, type MapCount } from "./mapFigures";

/** How long a country glows after its posts went up. */
export const GLOW_MS = 1_600;
/** Countries outside the map listed beside it; the table lists them all. */
const OFF_MAP_SHOWN = 5;

const SVG = "http://www.w3.org/2000/svg";

/** The words and formats the map needs, from the app's or the widget's i18n. */
export interface MapLabels {
  /** The table's caption, such as "Posts per country". */
  title: string;
  /** Column headers of the table. */
  country: string;
  posts: string;
  /** "Country unknown". */
  unknown: string;
  /** "Not on the map". */
  offMap: string;
  /** The country's name in the UI language. */
  countryName(code: string): string;
  number(value: number): string;
}

/** The messages the labels come from, in the UI language. */
type MapMessage = "map.title" | "map.unknown" | "map.offMap" | "countries.column.country" | "countries.column.posts";

/** The map's labels from a translator and formatters (the app's `useI18n` or a widget's `bootEmbed`). */
export function mapLabels(
  t: (key: MapMessage) => string,
  format: { country(code: string, fallback: string): string; number(value: number): string },
): MapLabels {
  return {
    title: t("map.title"),
    country: t("countries.column.country"),
    posts: t("countries.column.posts"),
    unknown: t("map.unknown"),
    offMap: t("map.offMap"),
    countryName: (code) => format.country(code, t("map.unknown")),
    number: (value) => format.number(value),
  };
}

/** The map's DOM, and how to update it. */
export interface MapView {
  /** The `<figure>` to put on the page. */
  element: HTMLElement;
  /** Shows `byCountry` (a snapshot's), lighting up the countries whose posts went up since the last call. */
  update(byCountry: Readonly<Record<string, number>>): void;
  /** Stops the glows' timers. */
  dispose(): void;
}

/** The codes the map draws. */
export const DRAWN_COUNTRIES: ReadonlySet<string> = new Set(europe.countries.map((country) => country.code));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, testId?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (testId) node.dataset.testid = testId;
  return node;
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, value: string, className?: string): HTMLElementTagNameMap[K] {
  const node = el(tag, className);
  node.textContent = value;
  return node;
}

/** Draws the map; `labels` names things in the page's language. */
export function createMapView(labels: MapLabels): MapView {
  const figure = el("figure", "map", "map");
  figure.setAttribute("aria-label", labels.title);

  // The drawing: one path per shape. The table below is its text alternative, so the SVG is hidden from it.
  const drawing = el("div", "map__drawing");
  // Sized by the map's own proportions, so a layout that sets only its height (the wall) gets its width right.
  drawing.style.aspectRatio = `${europe.width} / ${europe.height}`;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "map__svg");
  svg.setAttribute("viewBox", `0 0 ${europe.width} ${europe.height}`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const group = document.createElementNS(SVG, "g");
  const paths = new Map<string, SVGPathElement[]>();
  for (const country of europe.countries) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("class", "map__country");
    path.setAttribute("d", country.d);
    path.dataset.code = country.code;
    path.dataset.step = "0";
    path.dataset.posts = "0";
    // A tooltip for the mouse: the name and the posts.
    path.append(document.createElementNS(SVG, "title"));
    group.append(path);
    paths.set(country.code, [...(paths.get(country.code) ?? []), path]);
  }
  svg.append(group);
  drawing.append(svg);

  // Beside the map, for the eyes (the table says all of it): the scale, the unknown, the countries not drawn.
  const side = el("div", "map__side");
  side.setAttribute("aria-hidden", "true");
  const legend = el("div", "map__legend", "map-legend");
  const swatches = el("span", "map__swatches");
  for (let step = 0; step <= MAP_STEPS; step += 1) {
    const swatch = el("span", "map__swatch");
    swatch.dataset.step = String(step);
    swatches.append(swatch);
  }
  const legendMax = el("span", "map__legend-max", "map-legend-max");
  legend.append(text("span", labels.number(0)), swatches, legendMax);
  const facts = el("ul", "map__facts");
  const unknownFact = el("li", "map__fact", "map-unknown");
  const unknownValue = el("span", "map__fact-value");
  unknownFact.append(text("span", labels.unknown), unknownValue);
  facts.append(unknownFact);
  const offMapBlock = el("div", "map__off", "map-off");
  const offMapList = el("ul", "map__facts");
  offMapBlock.append(text("p", labels.offMap, "map__facts-title"), offMapList);
  side.append(legend, facts, offMapBlock);

  const table = el("table", "visually-hidden", "map-table");
  const head = el("thead");
  const headRow = el("tr");
  for (const column of [labels.country, labels.posts]) {
    const th = text("th", column);
    th.scope = "col";
    headRow.append(th);
  }
  head.append(headRow);
  const body = el("tbody");
  table.append(text("caption", labels.title), head, body);

  figure.append(drawing, side, table);

  const row = (code: string, name: string, posts: number) => {
    const tr = el("tr");
    tr.dataset.code = code;
    const th = text("th", name);
    th.scope = "row";
    tr.append(th, text("td", labels.number(posts)));
    return tr;
  };
  const fact = ({ code, posts }: MapCount) => {
    const li = el("li", "map__fact");
    li.dataset.code = code;
    li.append(text("span", labels.countryName(code)), text("span", labels.number(posts), "map__fact-value"));
    return li;
  };

  let previous: Readonly<Record<string, number>> | null = null;
  const glowTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const glow = (code: string) => {
    const shapes = paths.get(code);
    if (!shapes) return;
    clearTimeout(glowTimers.get(code));
    for (const path of shapes) {
      // Two names of the same keyframes, taken in turn: a new name restarts the glow with no layout read (a
      // forced reflow per country was a whole-page layout each, the map's longest tasks at 4K).
      path.dataset.glow = path.dataset.glow === "once" ? "again" : "once";
      path.classList.add("map__country--glow");
      // Last in the group, so its outline is drawn over its neighbours'.
      group.append(path);
    }
    glowTimers.set(
      code,
      setTimeout(() => {
        glowTimers.delete(code);
        for (const path of shapes) {
          path.classList.remove("map__country--glow");
          delete path.dataset.glow;
        }
      }, GLOW_MS),
    );
  };

  return {
    element: figure,
    update(byCountry) {
      const figures = mapFigures(byCountry, DRAWN_COUNTRIES);
      for (const [code, shapes] of paths) {
        const posts = byCountry[code] ?? 0;
        const step = String(mapStep(posts, figures.max));
        for (const path of shapes) {
          if (path.dataset.posts === String(posts) && path.dataset.step === step) continue;
          path.dataset.posts = String(posts);
          path.dataset.step = step;
          path.firstElementChild!.textContent = `${labels.countryName(code)}: ${labels.number(posts)}`;
        }
      }
      legendMax.textContent = labels.number(figures.max);
      unknownValue.textContent = labels.number(figures.unknown);
      unknownFact.dataset.value = String(figures.unknown);
      offMapBlock.hidden = figures.offMap.length === 0;
      offMapList.replaceChildren(...figures.offMap.slice(0, OFF_MAP_SHOWN).map(fact));
      body.replaceChildren(
        ...[...figures.drawn, ...figures.offMap].map(({ code, posts }) => row(code, labels.countryName(code), posts)),
        row(UNKNOWN_COUNTRY, labels.unknown, figures.unknown),
      );
      for (const code of risenCountries(previous, byCountry)) glow(code);
      previous = { ...byCountry };
    },
    dispose() {
      for (const timer of glowTimers.values()) clearTimeout(timer);
      glowTimers.clear();
    },
  };
}
