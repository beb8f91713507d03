/**
 * The organization widget, drawn with plain DOM (no React) so that it stays small. Text is only ever set
 * through `textContent`, so markup in a post or an organization's name shows as written and never runs.
 */
import { postKey, type Organization, type Post } from "@pulse/shared/client";
import { authorName } from "../../lib/authorName";
import type { LiveStatus } from "../../lib/liveState";
import type { EmbedI18n } from "../embedI18n";
import { createPoliteAnnouncer } from "../politeAnnouncer";
import { createStatusBadge } from "../statusBadge";
import type { OrgFigures } from "./orgWidgetData";

/** Why the widget shows a message instead of an organization. */
export type OrgMessage = "missing" | "unknown" | "unavailable";

const FIGURES = ["posts", "offers", "mentions"] as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, testId?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (testId) node.dataset.testid = testId;
  return node;
}

/** The widget's DOM, and how to update it. */
export interface OrgView {
  /** The organization shown, once the campaign names it. */
  setOrganization(organization: Organization): void;
  /** A message in place of the organization: none asked, not in the campaign, or the campaign not loaded. */
  showMessage(message: OrgMessage): void;
  setFigures(figures: OrgFigures): void;
  /** The latest posts, newest first (only drawn when the partner asked for them). */
  setPosts(posts: readonly Post[]): void;
  setStatus(status: LiveStatus, ended?: boolean): void;
  dispose(): void;
}

/** Draws the widget for organization id `org` into `root`; `feed` adds its latest posts. */
export function createOrgView(root: HTMLElement, i18n: EmbedI18n, org: string | null, feed: boolean): OrgView {
  const { t, format } = i18n;

  const card = el("section", "card org", "embed-organization");
  card.setAttribute("aria-label", t("org.title"));
  if (org !== null) card.dataset.org = org;
  const head = el("header", "card__head");
  const heading = el("div", "card__heading");
  const title = el("p", "card__title");
  title.textContent = t("org.title");
  const name = el("h1", "org__name", "org-name");
  name.textContent = t("org.loading");
  const about = el("p", "card__subtitle", "org-about");
  heading.append(title, name, about);
  const badge = createStatusBadge(i18n);
  head.append(heading, badge.element);

  const figures = el("dl", "org__figures");
  const values = {} as Record<(typeof FIGURES)[number], HTMLElement>;
  for (const figure of FIGURES) {
    const item = el("div", "org__figure");
    const label = el("dt", "org__label");
    label.textContent = t(`org.figure.${figure}`);
    const value = el("dd", "org__value", `org-${figure}`);
    values[figure] = value;
    item.append(label, value);
    figures.append(item);
  }

  const latest = el("section", "org__latest", "org-latest");
  const latestTitle = el("h2", "org__latest-title");
  latestTitle.textContent = t("org.latest");
  const list = el("ol", "org__posts");
  const empty = el("p", "card__empty", "org-no-recent");
  empty.textContent = t("org.noRecent");
  latest.append(latestTitle, empty);

  const message = el("p", "card__empty org__message", "org-message");
  message.hidden = true;
  const announcer = createPoliteAnnouncer();
  card.append(head, figures, ...(feed ? [latest] : []), message, announcer.element);
  root.replaceChildren(card);

  let orgName = org ?? "";
  let shown: OrgFigures | null = null;
  const announce = () => {
    if (shown === null || !message.hidden) return;
    const counts = { org: orgName, posts: format.number(shown.posts) };
    announcer.say(
      shown.offers === null || shown.mentions === null
        ? t("org.summaryPosts", counts)
        : t("org.summary", { ...counts, offers: format.number(shown.offers), mentions: format.number(shown.mentions) }),
    );
  };

  const drawPost = (post: Post) => {
    const author = authorName(post);
    const network = t(`network.${post.network}`);
    const item = el("li", "org-post", "org-post");
    item.dataset.post = postKey(post);
    const article = el("article", "org-post__body");
    article.setAttribute("aria-label", t("feed.postBy", { author, network }));
    const line = el("p", "org-post__head");
    const who = el("span", "org-post__who");
    who.textContent = author;
    const time = el("time", "org-post__time");
    time.dateTime = post.createdAt;
    time.textContent = format.time(post.createdAt);
    line.append(who, time);
    const text = el("p", "org-post__text");
    if (post.lang) text.lang = post.lang;
    text.textContent = post.text;
    const tags = el("p", "org-post__tags");
    tags.textContent = post.kind === "original" ? network : `${network} · ${t(`kind.${post.kind}`)}`;
    article.append(line, text, tags);
    item.append(article);
    return item;
  };

  return {
    setOrganization(organization) {
      orgName = organization.name;
      name.textContent = organization.name;
      about.textContent = [format.country(organization.country, organization.country), organization.sector].filter(Boolean).join(" · ");
      list.setAttribute("aria-label", t("org.latestList", { org: organization.name }));
      card.dataset.state = "ready";
      figures.hidden = false;
      latest.hidden = false;
      message.hidden = true;
      announce();
    },
    showMessage(reason) {
      card.dataset.state = reason;
      message.dataset.reason = reason;
      message.textContent = t(`org.${reason}`, { org: org ?? "" });
      message.hidden = false;
      name.textContent = reason === "unknown" && org !== null ? org : t("org.title");
      about.textContent = "";
      figures.hidden = true;
      latest.hidden = true;
    },
    setFigures(next) {
      for (const figure of FIGURES) {
        const value = next[figure];
        // The exact value for scripts and tests; "—" while the server sends no insights.
        values[figure].dataset.value = value === null ? "" : String(value);
        values[figure].textContent = value === null ? "—" : format.number(value);
        values[figure].title = value === null ? t("org.waiting") : "";
      }
      const changed = shown === null || FIGURES.some((f) => shown?.[f] !== next[f]);
      shown = next;
      if (changed) announce();
    },
    setPosts(posts) {
      if (!feed) return;
      if (posts.length === 0) latest.replaceChildren(latestTitle, empty);
      else {
        list.replaceChildren(...posts.map(drawPost));
        latest.replaceChildren(latestTitle, list);
      }
    },
    setStatus: (status, ended) => badge.update(status, ended),
    dispose() {
      announcer.dispose();
    },
  };
}
