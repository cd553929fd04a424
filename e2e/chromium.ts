/**
 * How the tests and the benchmark launch Chromium: Debian's when the machine
 * has it (CI installs it: Playwright cannot download its own browsers there),
 * otherwise Playwright's own.
 */
import { existsSync } from 'node:fs';

const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Command-line switches. Besides the usual ones for a headless browser on a
 * server, Chromium 15x preloads its address-bar popup (a web page of its own,
 * `chrome://omnibox-popup.top-chrome`) in the background at startup: measured
 * here, that is 1.5–1.9 s of CPU in the first seconds after the browser opens
 * its first page, on a 2-core machine the same seconds a test or a benchmark
 * spends starting Python. A reader's browser has done it long before they open
 * a lesson, so the tests and the benchmark switch it off.
 */
const ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

export const chromiumLaunchOptions: { executablePath?: string; args: string[] } = existsSync(systemChromium)
  ? { executablePath: systemChromium, args: ['--no-sandbox', '--disable-gpu', ...ARGS] }
  : { args: ARGS };
