import { useEffect, useState } from "react";

/**
 * False on a component's first render, true from the first animation frame after its mount: a scene
 * mounts its secondary part a frame after its main one, so the two are laid out and painted in two frames rather
 * than in one long task (at 4K on a slow CPU, a whole scene's first frame was the wall's longest task). Behind the
 * scene's fade-in, a frame's difference is not seen. The frame request is cancelled on unmount.
 */
export function useAfterFirstFrame(): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setDrawn(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  return drawn;
}
