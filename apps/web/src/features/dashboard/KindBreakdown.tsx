import type { Totals } from "@pulse/shared/client";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { kindRows } from "./dashboardData";

/** Originals, retweets, replies and quotes: counts, shares and one stacked bar. */
export function KindBreakdown({ totals }: { totals: Totals | null }) {
  const { t, format } = useI18n();
  const rows = totals ? kindRows(totals) : [];
  const sum = rows.reduce((acc, row) => acc + row.posts, 0);
  return (
    <Panel title={t("kinds.title")} className="area-kinds">
      <div className="kinds__bar" aria-hidden="true">
        {rows.map((row) => (
          <span
            key={row.key}
            className={`kinds__segment kinds__segment--${row.key}`}
            style={{ flexGrow: sum > 0 ? row.posts : 0 }}
          />
        ))}
      </div>
      <dl className="kinds">
        {(["originals", "retweets", "replies", "quotes"] as const).map((key) => {
          const posts = rows.find((row) => row.key === key)?.posts;
          return (
            <div key={key} className={`kinds__item kinds__item--${key}`}>
              <dt>
                <span className="kinds__swatch" aria-hidden="true" />
                {t(`kinds.${key}`)}
              </dt>
              <dd className="kinds__value" data-testid={`kind-${key}`}>
                {posts === undefined ? "—" : format.number(posts)}
              </dd>
              <dd className="kinds__share">
                {posts === undefined || sum === 0 ? "\u00a0" : t("kinds.share", { share: format.percent(posts / sum) })}
              </dd>
            </div>
          );
        })}
      </dl>
    </Panel>
  );
}
