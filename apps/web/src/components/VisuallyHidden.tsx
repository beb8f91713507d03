import type { ComponentPropsWithoutRef } from "react";

/** Content for screen readers only: off screen, but read out and reachable. */
export function VisuallyHidden({ className, ...props }: ComponentPropsWithoutRef<"span">) {
  return <span className={className ? `visually-hidden ${className}` : "visually-hidden"} {...props} />;
}
