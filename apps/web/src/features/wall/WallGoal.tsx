import { useI18n } from "../../hooks/useI18n";
import type { GoalProgress } from "./wallData";
import { memo } from "react";

/** The goal bar: label, progress towards the target (Intl-formatted), and the share reached. */
export const WallGoal = memo(function WallGoal({ goal }: { goal: GoalProgress }) {
  const { t, format } = useI18n();
  const label = goal.label ?? t("wall.goal");
  const country = goal.country ? format.country(goal.country, t("countries.unknown")) : null;
  const percent = format.percent(goal.value / goal.target);
  const summary = t("wall.goal.summary", {
    label: country ? `${label} (${country})` : label,
    value: format.number(goal.value),
    target: format.number(goal.target),
    percent,
  });
  return (
    <section className={goal.reached ? "wall-goal wall-goal--reached" : "wall-goal"} data-testid="wall-goal" data-value={goal.value} data-target={goal.target}>
      <div className="wall-goal__head">
        <h2 className="wall-goal__label">
          <span className="wall-goal__kicker">{t("wall.goal")}</span>
          {country ? t("wall.goal.in", { label, country }) : label}
        </h2>
        <p className="wall-goal__numbers">
          {goal.reached ? <span className="wall-goal__reached">{t("wall.goal.reached")} · </span> : null}
          {t("wall.goal.progress", { value: format.number(goal.value), target: format.number(goal.target) })}
        </p>
      </div>
      <div
        className="wall-goal__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={goal.target}
        aria-valuenow={Math.min(goal.value, goal.target)}
        aria-valuetext={summary}
      >
        <span className="wall-goal__fill" style={{ width: `${goal.ratio * 100}%` }} />
      </div>
      <p className="wall-goal__percent" aria-hidden="true">
        {percent}
      </p>
    </section>
  );
});
