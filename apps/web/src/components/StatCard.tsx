import type { ReactNode } from "react";

/** Props of {@link StatCard}. */
export interface StatCardProps {
  label: string;
  /** The formatted value; the element holding it carries `testId` and nothing else. */
  value: string;
  hint?: string;
  testId?: string;
  /** `hero` is the page's headline number. */
  size?: "hero" | "regular";
  children?: ReactNode;
}

/** One headline number with its label. */
export function StatCard({ label, value, hint, testId, size = "regular", children }: StatCardProps) {
  return (
    <section className={`stat-card stat-card--${size}`}>
      <h2 className="stat-card__label">{label}</h2>
      <p className="stat-card__value" data-testid={testId}>
        {value}
      </p>
      {hint ? <p className="stat-card__hint">{hint}</p> : null}
      {children}
    </section>
  );
}
