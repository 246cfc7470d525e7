import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: `npx playwright install` cannot download browsers on the build machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often have a 64 MB /dev/shm, too small for the renderer; Debian's wrapper means to add this
  // flag then, but its check breaks when findmnt prints more than one line.
  '--disable-dev-shm-usage',
];

/** Launches Debian's chromium; fails, never skips, when it is missing, so browser tests keep guarding. */
export async function launchBrowser(): Promise<Browser> {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    throw new Error(
      `no chromium at ${CHROMIUM}: install Debian's browser with \`apt-get install -y chromium\` ` +
        '(.ci/run does this), or point CHROMIUM_PATH at a Chromium binary',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
