import type { Post } from "@pulse/shared/client";
import { useEffect, useSyncExternalStore } from "react";
import type { HighlightTurns } from "./highlightTurns";
import { settleHighlight } from "./wallData";

/**
 * The post the feed scene puts forward, from `turns` (see `createHighlightTurns`): while staff have pinned
 * posts they take turns and none leaves until it is unpinned; otherwise recent posts take turns. A post taken
 * off screen (hidden, blocked, deleted, unpinned) is replaced at once; one merely pushed out of `recent` by
 * newer posts stays its full time (see `settleHighlight`). The turn's timer stops on unmount; `turns` keeps
 * its place for the next mount.
 */
export function useHighlight(recent: readonly Post[], pinned: readonly Post[], turns: HighlightTurns): Post | null {
  const state = useSyncExternalStore(turns.subscribe, turns.state);

  useEffect(() => {
    turns.update(recent, pinned);
  }, [turns, recent, pinned]);
  useEffect(() => () => turns.stop(), [turns]);

  // Settled while rendering too (the same pure step the effect takes), so a post taken off screen is never
  // painted for a frame before the effect runs.
  return settleHighlight(state, recent, pinned).post;
}
