/**
 * Entry of `/embed.js`, built on its own as a classic script (see `vite.config.ts`). Loaded `async`, it runs
 * once per script tag, and `document.currentScript` is that tag. Without one (the script was loaded some other
 * way), every loader script not yet handled is.
 */
import { mountWidget } from "./embedLoader";

const current = document.currentScript;
if (current instanceof HTMLScriptElement) {
  mountWidget(current);
} else {
  for (const script of document.querySelectorAll<HTMLScriptElement>("script[data-widget]")) {
    if (/\/embed\.js(\?|#|$)/.test(script.src)) mountWidget(script);
  }
}
