import { useThrottledValue } from "../hooks/useThrottledValue";
import { VisuallyHidden } from "./VisuallyHidden";

/** How often, at most, a screen reader hears the counters again. */
export const ANNOUNCE_INTERVAL_MS = 10_000;

/**
 * A polite live region for counters that change several times a second: it takes the latest message at most
 * once per `intervalMs`, so a screen reader user hears a summary now and then instead of a stream.
 */
export function LiveAnnouncer({ message, intervalMs = ANNOUNCE_INTERVAL_MS }: { message: string; intervalMs?: number }) {
  const announced = useThrottledValue(message, intervalMs);
  return (
    <VisuallyHidden aria-live="polite" aria-atomic="true">
      {announced}
    </VisuallyHidden>
  );
}
