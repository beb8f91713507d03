/**
 * The wall's URL: `/wall?scenes=counter,countries,timeline,organizations,feed,photos,map&rotate=15&theme=dark&lang=fr`.
 * Every value is checked, and a bad one falls back to its default: a wall screen must come up whatever was
 * typed into its kiosk URL.
 */
import { asTheme, DEFAULT_THEME, type Theme } from "../../components/theme";

/** The wall's scenes, in their default order. `photos` joins the rotation only while there are pictures to show. */
export const SCENES = ["counter", "countries", "timeline", "organizations", "insights", "feed", "photos", "map"] as const;

/** One scene of the wall. */
export type SceneName = (typeof SCENES)[number];

/** Seconds each scene stays on screen when the URL does not say. */
export const DEFAULT_ROTATE_SECONDS = 15;
/** Shorter than this, a scene cannot be read from across a room; smaller values are raised to it. */
export const MIN_ROTATE_SECONDS = 3;
/** Longer than an hour is a still screen in all but name; larger values are lowered to it. */
export const MAX_ROTATE_SECONDS = 3_600;

/** What the wall's URL asks for, once checked. */
export interface WallQuery {
  /** The scenes to show, in order, each once; never empty. */
  scenes: SceneName[];
  /** Seconds per scene; 0 keeps the first scene on screen. */
  rotateSeconds: number;
  theme: Theme;
  /**
   * `client=naive`: the benchmark's baseline (`baseline/`: its client and its rendering) instead of the live wall;
   * anything else is the live client.
   */
  client: "live" | "naive";
}

function asScene(value: string): SceneName | undefined {
  const cleaned = value.trim().toLowerCase();
  return SCENES.find((scene) => scene === cleaned);
}

/** The scenes a `scenes` value names, in its order, without duplicates or unknown names; all of them when none is valid. */
export function parseScenes(values: readonly string[]): SceneName[] {
  const named = values.flatMap((value) => value.split(",")).map(asScene);
  const scenes = [...new Set(named.filter((scene): scene is SceneName => scene !== undefined))];
  return scenes.length > 0 ? scenes : [...SCENES];
}

/**
 * Seconds per scene from a `rotate` value: `0` stops the rotation, a positive number is kept within
 * [{@link MIN_ROTATE_SECONDS}, {@link MAX_ROTATE_SECONDS}], and anything else (missing, negative, not a
 * number) is the default.
 */
export function parseRotate(value: string | null): number {
  if (value === null || value.trim() === "") return DEFAULT_ROTATE_SECONDS;
  const seconds = Number(value.trim());
  if (!Number.isFinite(seconds) || seconds < 0) return DEFAULT_ROTATE_SECONDS;
  if (seconds === 0) return 0;
  return Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, seconds));
}

/** How many steps a scene's progress bar fills in over `rotateSeconds`: four a second (see `.wall-scenes__bar` in wall.css). */
export function progressSteps(rotateSeconds: number): number {
  return Math.max(1, Math.round(rotateSeconds * 4));
}

/** Reads the wall's query string. The language is read app-wide (`resolveLanguage`), not here. */
export function parseWallQuery(search: string): WallQuery {
  const params = new URLSearchParams(search);
  return {
    scenes: parseScenes(params.getAll("scenes")),
    rotateSeconds: parseRotate(params.get("rotate")),
    theme: asTheme(params.get("theme")) ?? DEFAULT_THEME,
    client: params.get("client") === "naive" ? "naive" : "live",
  };
}

/** The scene after `current` in `scenes`, wrapping round; the first scene when `current` is not in the list. */
export function nextScene(scenes: readonly SceneName[], current: SceneName): SceneName {
  const index = scenes.indexOf(current);
  return scenes[(index + 1) % scenes.length] ?? scenes[0] ?? SCENES[0];
}
