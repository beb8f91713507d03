import type { ReactNode } from "react";

/** Props of {@link StaffTable}. */
export interface StaffTableProps {
  /** Names the table for screen readers; the panel's title already shows it. */
  caption: string;
  /** The header cells (`<th scope="col">`). */
  head: ReactNode;
  /** The rows. */
  children: ReactNode;
}

/** A console table that scrolls sideways on its own when narrower than its columns. */
export function StaffTable({ caption, head, children }: StaffTableProps) {
  return (
    <div className="staff-table-wrap">
      <table className="staff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
