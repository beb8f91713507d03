import { useId, type ReactNode } from "react";

/** Props of {@link Panel}. */
export interface PanelProps {
  title: string;
  /** A short line under the title, such as the time zone. */
  subtitle?: string | undefined;
  testId?: string;
  className?: string;
  children: ReactNode;
}

/** A titled dashboard section; the title names the region for assistive technology. */
export function Panel({ title, subtitle, testId, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={className ? `panel ${className}` : "panel"} aria-labelledby={headingId} data-testid={testId}>
      <header className="panel__header">
        <h2 className="panel__title" id={headingId}>
          {title}
        </h2>
        {subtitle ? <p className="panel__subtitle">{subtitle}</p> : null}
      </header>
      {children}
    </section>
  );
}
