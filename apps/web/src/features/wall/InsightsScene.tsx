import "./insightsScene.css";
import type { InsightsState } from "@pulse/shared/client";
import { memo, type CSSProperties, type ReactNode } from "react";
import { useI18n } from "../../hooks/useI18n";
import { hasInsightData, insightRows, languageName, languageRows, OTHER_LANGUAGES, risingRows } from "../insights/insightsData";
import { SceneHeading } from "./SceneHeading";
import { useAfterFirstFrame } from "./useAfterFirstFrame";

/** Rows per list on the wall: four, so that each line is large enough to read across a room. */
export const WALL_INSIGHT_ROWS = 4;
/** Cards in the grid's first row, drawn in the scene's first frame; the second row comes a frame later. */
const FIRST_FRAME_CARDS = 3;

/** One row: a name (and a short note), a value, and a bar relative to the list's leader (0–1). */
interface WallInsightRow {
  key: string;
  name: string;
  note?: string | undefined;
  value: string;
  share: number;
}

/** One card: a kicker title and its ranked rows, the leader marked. `name` keys its test id. */
function InsightCard({ name, title, rows, emptyText }: { name: string; title: string; rows: readonly WallInsightRow[]; emptyText: string }) {
  return (
    <section className="wall-insights__card" data-testid={`wall-insights-${name}`}>
      <h3 className="wall-insights__title">{title}</h3>
      {rows.length === 0 ? (
        <p className="wall-insights__none">{emptyText}</p>
      ) : (
        <ol className="wall-insights__rows" aria-label={title} style={{ "--rows": WALL_INSIGHT_ROWS } as CSSProperties}>
          {rows.map((row, index) => (
            <li key={row.key} className={index === 0 ? "wall-insight wall-insight--lead" : "wall-insight"} data-key={row.key}>
              <span className="wall-insight__name">
                {row.name}
                {row.note ? <span className="wall-insight__note"> {row.note}</span> : null}
              </span>
              <span className="wall-insight__value">{row.value}</span>
              <span className="wall-insight__track" aria-hidden="true">
                <span className="wall-insight__fill" style={{ width: `${row.share * 100}%` }} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * What people talk about, in large type: six cards of four rows (hashtags, rising terms, mentions, posters, linked
 * sites, languages). Until the server has counted a post the scene says it waits. The grid's second row of cards
 * comes a frame after the first (the scene's first frame, almost all layout, was the wall's longest task at 1080p).
 */
export const InsightsScene = memo(function InsightsScene({ insights }: { insights: InsightsState | undefined }) {
  const { t, format } = useI18n();
  const secondRowShown = useAfterFirstFrame();
  const title = t("insights.title");
  let body: ReactNode;
  if (!hasInsightData(insights)) {
    body = (
      <p className="wall-empty" data-testid="wall-insights-waiting">
        {t("insights.waiting")}
      </p>
    );
  } else {
    const n = format.number;
    const none = t("insights.none");
    const rising = risingRows(insights.rising, WALL_INSIGHT_ROWS);
    const risingMax = Math.max(1, ...rising.map((row) => row.lastHour));
    const cards: { name: string; rows: WallInsightRow[] }[] = [
      {
        name: "hashtags",
        rows: insightRows(insights.hashtags, (h) => h.tag, WALL_INSIGHT_ROWS).map((row) => ({ ...row, name: `#${row.key}`, value: n(row.posts) })),
      },
      {
        name: "rising",
        rows: rising.map((row) => ({
          key: row.term,
          name: row.term,
          note: row.fresh ? t("insights.new") : `+${n(row.gain)}`,
          value: n(row.lastHour),
          share: row.lastHour / risingMax,
        })),
      },
      {
        name: "mentions",
        rows: insightRows(insights.mentions, (m) => m.handle, WALL_INSIGHT_ROWS).map((row) => ({ ...row, name: `@${row.key}`, value: n(row.posts) })),
      },
      {
        name: "authors",
        rows: insightRows(insights.authors, (a) => `${a.network ?? ""}:${a.handle}`, WALL_INSIGHT_ROWS).map((row) => ({
          ...row,
          name: row.entry.name || `@${row.entry.handle}`,
          value: n(row.posts),
        })),
      },
      {
        name: "domains",
        rows: insightRows(insights.domains, (d) => d.domain, WALL_INSIGHT_ROWS).map((row) => ({ ...row, name: row.key, value: n(row.posts) })),
      },
      {
        name: "languages",
        rows: languageRows(insights.languages, WALL_INSIGHT_ROWS).map((row) => ({
          key: row.lang,
          name: row.lang === OTHER_LANGUAGES ? t("insights.otherLanguages") : languageName(row.lang, format.locale, t("insights.unknownLanguage")),
          value: format.percent(row.share),
          share: row.share,
        })),
      },
    ];
    body = (
      <div className="wall-insights__grid">
        {cards.slice(0, secondRowShown ? cards.length : FIRST_FRAME_CARDS).map((card) => (
          <InsightCard key={card.name} name={card.name} title={t(`insights.${card.name}` as "insights.hashtags")} rows={card.rows} emptyText={none} />
        ))}
      </div>
    );
  }
  return (
    <div className="wall-insights">
      <SceneHeading title={title} />
      {body}
    </div>
  );
});
