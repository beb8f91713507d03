import { useI18n } from "../../hooks/useI18n";

/** Props of {@link StaffLoadError}. */
export interface StaffLoadErrorProps {
  /** The failed load, or null to show nothing. */
  error: Error | null;
  /** Classes beside `staff-error`, such as the grid's `staff-span`. */
  className?: string;
}

/** The alert a console view shows when its data could not be loaded (the last data, if any, stays shown). */
export function StaffLoadError({ error, className }: StaffLoadErrorProps) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className={className ? `staff-error ${className}` : "staff-error"} role="alert">
      {t("staff.error.load", { error: error.message })}
    </p>
  );
}
