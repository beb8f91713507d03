import type { Post } from "@pulse/shared/client";
import { useEffect, useRef, useState } from "react";
import { advanceHighlight, NO_HIGHLIGHT, settleHighlight } from "./wallData";

/**
 * The post the feed scene puts forward: a pinned post first, else a recent one. It stays for `intervalMs`,
 * then the next one not shown lately takes its place. A post taken off screen (hidden, blocked, deleted) is
 * replaced at once; one merely pushed out of `recent` by newer posts stays its full time (see
 * `settleHighlight`). The interval is cleared on unmount.
 */
export function useHighlight(recent: readonly Post[], pinned: readonly Post[], intervalMs: number): Post | null {
  const [state, setState] = useState(NO_HIGHLIGHT);
  const settled = settleHighlight(state, recent, pinned);
  // Adjusting state while rendering, as React documents for state derived from props: no extra paint.
  if (settled !== state) setState(settled);

  const latest = useRef({ recent, pinned });
  useEffect(() => {
    latest.current = { recent, pinned };
  }, [recent, pinned]);

  useEffect(() => {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => {
      setState((current) => advanceHighlight(current, latest.current.recent, latest.current.pinned));
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);

  return settled.post;
}
