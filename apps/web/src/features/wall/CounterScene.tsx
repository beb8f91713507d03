import type { Snapshot } from "@pulse/shared/client";
import { memo, type CSSProperties } from "react";
import { useI18n } from "../../hooks/useI18n";
import { postsPerMinuteNow } from "../dashboard/dashboardData";
import { CountedNumber } from "./CountedNumber";
import type { CountUpSource } from "../../lib/countUpSource";
import { countriesReached } from "./wallData";

/**
 * The counter scene: the giant total (counted up by the page's `countUp`; without one, the snapshot's total as it
 * is; `—` until the first snapshot) and three supporting figures. Memoised: it redraws when the snapshot changes,
 * not on each frame of the roll.
 */
export const CounterScene = memo(function CounterScene({ countUp, snapshot }: { countUp?: CountUpSource; snapshot: Snapshot | null }) {
  const { t, format } = useI18n();
  const target = snapshot ? format.number(snapshot.totals.posts) : "—";
  const stats = [
    { key: "perMinute", label: t("stats.postsPerMinute"), hint: t("stats.postsPerMinuteHint"), value: snapshot ? postsPerMinuteNow(snapshot.timeline) : null },
    { key: "authors", label: t("stats.uniqueAuthors"), hint: t("stats.uniqueAuthorsHint"), value: snapshot?.totals.authors ?? null },
    { key: "countries", label: t("wall.countriesReached"), hint: t("wall.countriesReachedHint"), value: snapshot ? countriesReached(snapshot.byCountry) : null },
  ];
  // The digits shrink as the number grows (the number it rolls to), so a seven-digit total still fits the width.
  const style = { "--digits": Math.max(5, target.length) } as CSSProperties;
  return (
    <div className="wall-counter">
      <h2 className="wall-counter__label">{t("wall.total")}</h2>
      <p className="wall-counter__value" data-testid="wall-total" style={style}>
        {snapshot && countUp ? <CountedNumber source={countUp} /> : target}
      </p>
      <p className="wall-counter__hint">{t("wall.totalHint")}</p>
      <dl className="wall-counter__stats">
        {stats.map((stat) => (
          <div key={stat.key} className="wall-stat">
            <dt className="wall-stat__label">{stat.label}</dt>
            <dd className="wall-stat__value">{stat.value === null ? "—" : format.number(stat.value)}</dd>
            <dd className="wall-stat__hint">{stat.hint}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
});
