import { useId, type ReactNode } from "react";
import type { LiveStatus } from "../../lib/liveState";
import { LiveBadge } from "./LiveBadge";

/** Props of {@link EmbedCard}. */
export interface EmbedCardProps {
  title: string;
  /** A second line under the title, such as the highlighted country. */
  subtitle?: string | null;
  status: LiveStatus;
  testId: string;
  className?: string;
  children: ReactNode;
}

/** The widget's card: a titled section with the live indicator, on its own surface. */
export function EmbedCard({ title, subtitle, status, testId, className, children }: EmbedCardProps) {
  const titleId = useId();
  return (
    <section className={`card ${className ?? ""}`} aria-labelledby={titleId} data-testid={testId}>
      <header className="card__head">
        <div className="card__heading">
          <h1 className="card__title" id={titleId}>
            {title}
          </h1>
          {subtitle ? <p className="card__subtitle">{subtitle}</p> : null}
        </div>
        <LiveBadge status={status} />
      </header>
      {children}
    </section>
  );
}
