import { createContext } from "react";

/**
 * How far an upcoming scene has been prepared, one step a frame, so no one frame does it all: `dom` (React has
 * made its first part; `content-visibility: hidden` keeps style and layout off), `layout` (that part styled and
 * laid out, unseen), `later` (the parts a scene draws a frame after its first, see `useAfterFirstFrame`, made and
 * laid out, unseen), `paint` (painted into a layer of its own at opacity 0). Showing it is then a change of
 * opacity the compositor animates. See `.wall-scene[data-upcoming]` in wall.css.
 */
export type PreparationPhase = "dom" | "layout" | "later" | "paint";

/** The phase after each one; the last one waits for the scene's turn. */
export const NEXT_PHASE: Record<PreparationPhase, PreparationPhase | null> = { dom: "layout", layout: "later", later: "paint", paint: null };

/** A scene's slot on the wall: being prepared (its phase), or `shown`. */
export type SlotState = PreparationPhase | "shown";

/** The state of the slot a scene renders in; `shown` outside the wall's deck. */
export const SlotStateContext = createContext<SlotState>("shown");
