/**
 * The few strings the app's first paint shows before React and the page's code have loaded (see `appShell.ts`):
 * kept apart so the page's entry carries these and not the whole dictionary. `fr.ts` and `en.ts` spread them.
 */
export const shellFr = {
  "app.name": "Pulse",
  "app.tagline": "Tableau de bord en direct",
  "app.loading": "Chargement…",
};

/** A key of the first paint's strings. */
export type ShellMessageKey = keyof typeof shellFr;

/** English. Typed against French, so a key missing here fails the type check. */
export const shellEn: Record<ShellMessageKey, string> = {
  "app.name": "Pulse",
  "app.tagline": "Live dashboard",
  "app.loading": "Loading…",
};
