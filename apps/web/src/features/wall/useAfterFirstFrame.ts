import { useContext, useEffect, useState } from "react";
import { SlotStateContext } from "./scenePreparation";

/**
 * False on a component's first render, true once its scene's first part has been drawn: a scene mounts its
 * secondary part after its main one, so the two are laid out and painted in two frames rather than in one long
 * task (at 4K on a slow CPU, a whole scene's first frame was the wall's longest task). A scene shown as it mounts
 * turns true on the first animation frame after its mount (behind the scene's fade-in, a frame's difference is not
 * seen; the frame request is cancelled on unmount); a scene prepared out of sight (see `scenePreparation.ts`) at
 * its `later` step, after its first part's layout.
 */
export function useAfterFirstFrame(): boolean {
  const slot = useContext(SlotStateContext);
  // Decided at mount: a scene prepared out of sight follows its steps, even once shown.
  const [prepared] = useState(() => slot !== "shown");
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (prepared) return;
    const frame = requestAnimationFrame(() => setDrawn(true));
    return () => cancelAnimationFrame(frame);
  }, [prepared]);
  if (!prepared) return drawn;
  return slot !== "dom" && slot !== "layout";
}
