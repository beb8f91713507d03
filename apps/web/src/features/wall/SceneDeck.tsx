import { useEffect, useState, type ReactNode } from "react";
import { NEXT_PHASE, SlotStateContext, type PreparationPhase } from "./scenePreparation";
import type { SceneName } from "./wallQuery";

/** The step of a scene while it waits, advanced one step per animation frame; frames are cancelled on unmount. */
function usePreparationPhase(waiting: boolean): PreparationPhase {
  const [phase, setPhase] = useState<PreparationPhase>("dom");
  useEffect(() => {
    if (!waiting) return;
    const next = NEXT_PHASE[phase];
    if (next === null) return;
    const frame = requestAnimationFrame(() => setPhase(next));
    return () => cancelAnimationFrame(frame);
  }, [waiting, phase]);
  return phase;
}

function SceneSlot({ name, shown, children }: { name: SceneName; shown: boolean; children: ReactNode }) {
  const phase = usePreparationPhase(!shown);
  return (
    <section
      className={`wall-scene wall-scene--${name}`}
      data-slot={name}
      data-testid={shown ? "wall-scene" : undefined}
      data-scene={shown ? name : undefined}
      data-upcoming={shown ? undefined : phase}
      aria-hidden={shown ? undefined : true}
      inert={!shown}
    >
      <SlotStateContext value={shown ? "shown" : phase}>{children}</SlotStateContext>
    </section>
  );
}

/**
 * The scene on screen and, while it is being prepared (see `scenePreparation.ts`), the next one stacked under it
 * out of sight. Slots keep their order in the rotation, so the prepared scene's elements are the ones shown: React
 * neither moves nor remounts them when its turn comes.
 */
export function SceneDeck({ scenes, scene, upcoming, label, busy, render }: { scenes: readonly SceneName[]; scene: SceneName; upcoming: SceneName | null; label: string; busy: boolean; render: (scene: SceneName) => ReactNode }) {
  const dealt = upcoming === null ? [scene] : scenes.filter((name) => name === scene || name === upcoming);
  return (
    <main className="wall-scene-deck" aria-label={label} aria-busy={busy}>
      {dealt.map((name) => (
        <SceneSlot key={name} name={name} shown={name === scene}>
          {render(name)}
        </SceneSlot>
      ))}
    </main>
  );
}
