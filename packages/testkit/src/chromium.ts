import { existsSync } from "node:fs";

/** Where Debian's chromium lives, in the order they are tried. `CHROMIUM_PATH` comes first when set. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The install command printed when no browser is found. */
export const CHROMIUM_INSTALL = "apt-get update && apt-get install -y chromium";

/** The path of a Chromium binary, or an error that names the command that installs one. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  const found = [fromEnv, ...CANDIDATES].find((p): p is string => typeof p === "string" && p !== "" && existsSync(p));
  if (!found) throw new Error(`chromium not found (looked in ${CANDIDATES.join(", ")}): install it with "${CHROMIUM_INSTALL}"`);
  return found;
}

/**
 * Launch options for playwright-core's `chromium.launch`. Playwright gives every launch a fresh, temporary
 * `--user-data-dir` of its own (and refuses one in `args`), so none is passed here.
 */
export function chromiumLaunchOptions(): { executablePath: string; headless: boolean; args: string[] } {
  return {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  };
}
