import "./insights.css";
import type { InsightsState } from "@pulse/shared/client";
import type { ReactNode } from "react";
import { useI18n } from "../../hooks/useI18n";
import type { MessageKey } from "../../i18n/fr";
import {
  hashtagKey,
  hasInsightData,
  insightRows,
  languageName,
  languageRows,
  OTHER_LANGUAGES,
  risingRows,
  type InsightRow,
} from "./insightsData";

/** Props of {@link InsightsLists}. */
export interface InsightsListsProps {
  /** The campaign's insights; undefined until the server sends them. */
  insights: InsightsState | undefined;
  /** Rows per list. */
  limit: number;
  /** Given, each hashtag is a button that calls it (the dashboard filters its feed); pressed when it is `activeTag`. */
  onHashtag?: ((tag: string) => void) | undefined;
  activeTag?: string | null | undefined;
}

/** The networks the dictionaries name; another one shows as the server spells it. */
const KNOWN_NETWORKS: ReadonlySet<string> = new Set(["x", "mastodon", "bluesky", "other"]);

/** One titled list; `name` keys its test id and heading. */
function InsightList({ name, children, empty }: { name: string; children: ReactNode; empty: boolean }) {
  const { t } = useI18n();
  return (
    <section className="insights__list" data-testid={`insights-${name}`}>
      <h3 className="insights__heading">{t(`insights.${name}` as MessageKey)}</h3>
      {empty ? <p className="insights__none">{t("insights.none")}</p> : <ol className="insights__rows">{children}</ol>}
    </section>
  );
}

/** One ranked row: what it counts, its posts, a bar relative to the leader, and `extra` under the name. */
function InsightRowItem({ row, label, extra }: { row: InsightRow; label: ReactNode; extra?: ReactNode }) {
  const { format } = useI18n();
  return (
    <li className="insights__row" data-key={row.key} data-posts={row.posts}>
      <span className="insights__label">
        {label}
        {extra ? <span className="insights__extra">{extra}</span> : null}
      </span>
      <span className="insights__count">{format.number(row.posts)}</span>
      <span className="meter insights__meter" aria-hidden="true">
        <span className="meter__fill" style={{ width: `${row.share * 100}%` }} />
      </span>
    </li>
  );
}

/**
 * The insights as six ranked lists (hashtags, rising terms, mentions, posters, linked sites, languages), each with
 * a bar relative to its leader; "waiting" until the server has counted a post. Used by the dashboard panel and the
 * staff view.
 */
export function InsightsLists({ insights, limit, onHashtag, activeTag = null }: InsightsListsProps) {
  const { t, format } = useI18n();
  if (!hasInsightData(insights)) {
    return (
      <p className="panel__empty" data-testid="insights-waiting">
        {t("insights.waiting")}
      </p>
    );
  }
  const hashtags = insightRows(insights.hashtags, (h) => h.tag, limit);
  const mentions = insightRows(insights.mentions, (m) => m.handle, limit);
  const authors = insightRows(insights.authors, (a) => `${a.network ?? ""}:${a.handle}`, limit);
  const domains = insightRows(insights.domains, (d) => d.domain, limit);
  const rising = risingRows(insights.rising, limit);
  const languages = languageRows(insights.languages, limit);
  const active = activeTag === null ? null : hashtagKey(activeTag);
  const risingMax = Math.max(1, ...rising.map((row) => row.lastHour));

  return (
    <div className="insights">
      <InsightList name="hashtags" empty={hashtags.length === 0}>
        {hashtags.map((row) => (
          <InsightRowItem
            key={row.key}
            row={row}
            label={
              onHashtag ? (
                <button
                  type="button"
                  className="insights__tag"
                  aria-pressed={active === row.key}
                  title={t("insights.filterBy", { tag: row.key })}
                  onClick={() => onHashtag(row.key)}
                  data-testid="insights-hashtag"
                >
                  #{row.key}
                </button>
              ) : (
                <span className="insights__name">#{row.key}</span>
              )
            }
          />
        ))}
      </InsightList>
      <InsightList name="rising" empty={rising.length === 0}>
        {rising.map((row) => (
          <InsightRowItem
            key={row.term}
            row={{ key: row.term, posts: row.lastHour, share: row.lastHour / risingMax }}
            label={<span className="insights__name">{row.term}</span>}
            extra={<span className="insights__gain">{row.fresh ? t("insights.new") : t("insights.gain", { gain: format.number(row.gain) })}</span>}
          />
        ))}
      </InsightList>
      <InsightList name="mentions" empty={mentions.length === 0}>
        {mentions.map((row) => (
          <InsightRowItem key={row.key} row={row} label={<span className="insights__name">@{row.key}</span>} />
        ))}
      </InsightList>
      <InsightList name="authors" empty={authors.length === 0}>
        {authors.map((row) => {
          const { name, handle, network } = row.entry;
          const where = network ? ` · ${KNOWN_NETWORKS.has(network) ? t(`network.${network}` as MessageKey) : network}` : "";
          return (
            <InsightRowItem
              key={row.key}
              row={row}
              label={<span className="insights__name">{name || `@${handle}`}</span>}
              extra={name ? `@${handle}${where}` : where.slice(3) || undefined}
            />
          );
        })}
      </InsightList>
      <InsightList name="domains" empty={domains.length === 0}>
        {domains.map((row) => (
          <InsightRowItem key={row.key} row={row} label={<span className="insights__name">{row.key}</span>} />
        ))}
      </InsightList>
      <InsightList name="languages" empty={languages.length === 0}>
        {languages.map((row) => (
          <InsightRowItem
            key={row.lang}
            row={{ key: row.lang, posts: row.posts, share: row.share }}
            label={
              <span className="insights__name">
                {row.lang === OTHER_LANGUAGES ? t("insights.otherLanguages") : languageName(row.lang, format.locale, t("insights.unknownLanguage"))}
              </span>
            }
            extra={format.percent(row.share)}
          />
        ))}
      </InsightList>
    </div>
  );
}
