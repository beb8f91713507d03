/**
 * Entry of `/embed.js`, built on its own as a classic script (see `vite.config.ts`). Loaded `async`, it runs
 * once per script tag, and `document.currentScript` is that tag. Without one (the script was loaded some other
 * way), every loader script not yet handled is.
 */
import { mountWidgetsLater } from "./embedLoader";

const current = document.currentScript;
// `currentScript` is only set while this script evaluates: the scripts are picked now, the frames made later.
const scripts =
  current instanceof HTMLScriptElement
    ? [current]
    : [...document.querySelectorAll<HTMLScriptElement>("script[data-widget]")].filter((script) => /\/embed\.js(\?|#|$)/.test(script.src));
mountWidgetsLater(scripts);
