import { useEffect, useState } from "react";
import { nextScene, type SceneName } from "./wallQuery";

/**
 * The scene on screen: the first of `scenes`, then the next one every `rotateSeconds` (wrapping round).
 * No timer runs with a single scene or a rotation of 0; the interval is cleared on change and on unmount.
 */
export function useSceneRotation(scenes: readonly SceneName[], rotateSeconds: number): SceneName {
  const [scene, setScene] = useState<SceneName>(() => scenes[0] ?? "counter");

  useEffect(() => {
    if (rotateSeconds <= 0 || scenes.length < 2) return;
    const timer = setInterval(() => setScene((current) => nextScene(scenes, current)), rotateSeconds * 1_000);
    return () => clearInterval(timer);
  }, [scenes, rotateSeconds]);

  return scenes.includes(scene) ? scene : (scenes[0] ?? "counter");
}
