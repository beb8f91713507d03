import { useEffect, useState } from "react";
import { nextScene, type SceneName } from "./wallQuery";

/** The scene on screen, and the one that comes next while it is being prepared. */
export interface SceneTurn {
  scene: SceneName;
  /** The next scene during the last `leadMs` of the current one's turn (see {@link useSceneRotation}); else null. */
  upcoming: SceneName | null;
}

/**
 * The scene on screen: the first of `scenes`, then the next one every `rotateSeconds` (wrapping round). For the
 * last `leadMs` of each turn it also names the scene that comes next, so the wall can lay it out and paint it
 * out of sight before it is shown (a scene's first frame was the wall's longest task on a slow CPU); 0 names none.
 * No timer runs with a single scene or a rotation of 0; timers are cleared on change and on unmount.
 */
export function useSceneRotation(scenes: readonly SceneName[], rotateSeconds: number, leadMs = 0): SceneTurn {
  const [turn, setTurn] = useState<{ scene: SceneName; preparing: boolean }>(() => ({ scene: scenes[0] ?? "counter", preparing: false }));

  useEffect(() => {
    if (rotateSeconds <= 0 || scenes.length < 2) return;
    const periodMs = rotateSeconds * 1_000;
    // Never more than half a turn ahead, so a short rotation still shows each scene alone for a while.
    const lead = Math.min(Math.max(0, leadMs), periodMs / 2);
    let timer: ReturnType<typeof setTimeout>;
    // Each turn: `periodMs - lead` alone, then `lead` with the next scene in preparation (none without a lead).
    const startTurn = () => {
      timer = lead > 0 ? setTimeout(prepare, periodMs - lead) : setTimeout(advance, periodMs);
    };
    const prepare = () => {
      setTurn((current) => ({ ...current, preparing: true }));
      timer = setTimeout(advance, lead);
    };
    const advance = () => {
      setTurn((current) => ({ scene: nextScene(scenes, current.scene), preparing: false }));
      startTurn();
    };
    startTurn();
    return () => clearTimeout(timer);
  }, [scenes, rotateSeconds, leadMs]);

  const scene = scenes.includes(turn.scene) ? turn.scene : (scenes[0] ?? "counter");
  // None once the scenes have shrunk to one (the next scene would be this one).
  const upcoming = turn.preparing ? nextScene(scenes, scene) : null;
  return { scene, upcoming: upcoming === scene ? null : upcoming };
}
