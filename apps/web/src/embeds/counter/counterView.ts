/**
 * The counter widget, drawn with plain DOM (no React, no chart library) so that everything it loads stays
 * under its 25 kB gzip budget. Text is only ever set through `textContent`.
 */
import { createCountUpSource } from "../../lib/countUpSource";
import type { LiveStatus } from "../../lib/liveState";
import type { EmbedI18n } from "../embedI18n";
import { createPoliteAnnouncer } from "../politeAnnouncer";
import { createStatusBadge } from "../statusBadge";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, testId?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (testId) node.dataset.testid = testId;
  return node;
}

/** The counter's DOM, and how to update it. */
export interface CounterView {
  /** Shows `value` (rolling to it from the value shown), and announces it politely. */
  setValue(value: number): void;
  /** The connection's status; `ended` once the campaign clock has passed the campaign's end. */
  setStatus(status: LiveStatus, ended?: boolean): void;
  /** The line under the number: hashtags or the campaign name. */
  setContext(text: string): void;
  dispose(): void;
}

/** Draws the counter into `root`. `country` is the country shown, or null for all. */
export function createCounterView(root: HTMLElement, i18n: EmbedI18n, country: string | null): CounterView {
  const { t, plural, format } = i18n;
  const countryName = country === null ? null : format.country(country, country);
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  const card = el("section", "card counter", "embed-counter");
  const head = el("header", "card__head");
  const label = el("p", "card__title counter__label");
  const badge = createStatusBadge(i18n);
  head.append(label, badge.element);

  const number = el("p", "counter__value", "counter-value");
  // Under the number: the country counted, then the hashtags or the campaign's name.
  const about = el("p", "counter__about");
  if (countryName !== null) {
    const where = el("span", "counter__country", "counter-country");
    where.textContent = countryName;
    about.append(where);
  }
  const context = el("span", "counter__context", "counter-context");
  about.append(context);
  const announcer = createPoliteAnnouncer();
  card.append(head, number, about, announcer.element);
  card.setAttribute("aria-label", t("counter.title"));
  root.replaceChildren(card);

  let target: number | null = null;
  // The wall's roll: a new number at most every ROLL_STEP_MS, written into the text and nothing else.
  const rolling = createCountUpSource();
  const show = () => {
    number.textContent = format.number(rolling.get());
  };
  rolling.subscribe(show);

  return {
    setValue(value) {
      if (value === target) return;
      const first = target === null;
      target = value;
      // The exact value, at once, for scripts and tests; the text may still be rolling towards it.
      number.dataset.value = String(value);
      label.textContent = plural("counter.label", value);
      rolling.setTarget(value, !(first || reducedMotion.matches || document.hidden));
      // The first value is written even when it is the 0 the roll starts from.
      if (first) show();
      announcer.say(
        countryName === null ? plural("counter.announce", value) : plural("counter.announceCountry", value, { country: countryName }),
      );
    },
    setStatus: (status, ended) => badge.update(status, ended),
    setContext(text) {
      context.textContent = text;
    },
    dispose() {
      rolling.dispose();
      announcer.dispose();
    },
  };
}
