import { accessSync, constants } from "node:fs";

/** Debian's Chromium; `SEATWATCH_E2E_CHROMIUM` points elsewhere (never a browser some tool downloaded itself). */
export const CHROMIUM_PATH = process.env.SEATWATCH_E2E_CHROMIUM || "/usr/bin/chromium";

/** Flags for a headless Chromium that never reaches past loopback. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-dev-shm-usage",
  "--mute-audio",
];

const INSTALL_HINT = "apt-get install -y chromium";

function isExecutable(file: string) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const isCI = () => Boolean(process.env.CI) && !["0", "false", "no"].includes(process.env.CI!.toLowerCase());

let isWarned = false;

/**
 * Whether the browser suites can run here. Without Chromium, CI fails loudly (the suite is part of the bar);
 * a developer's `npm test` skips the browser suites with one clear message instead.
 */
export function isChromiumAvailable(): boolean {
  if (isExecutable(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}. Install Debian's Chromium with \`${INSTALL_HINT}\` (or set SEATWATCH_E2E_CHROMIUM).`;
  if (isCI()) throw new Error(`e2e: ${message} CI must run the browser suites.`);
  if (!isWarned) {
    console.warn(`\n[e2e] SKIPPED: ${message}\n`);
    isWarned = true;
  }
  return false;
}
