// Where a Chromium for the browser tests is, if any: CHROMIUM_PATH, else the usual install paths
// and PATH. Without one the browser tests skip with one line saying how to get it, except in CI
// (CI=true), where a skipped browser test would hide a broken dashboard: there they fail.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const CHROMIUM_INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    ...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []),
    ...(env.PATH ?? '').split(delimiter).flatMap((dir) => (dir ? NAMES.map((name) => join(dir, name)) : [])),
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The Chromium to use, or undefined after printing why the browser tests skip; throws in CI. */
export function chromiumForTests(suite: string): string | undefined {
  const found = findChromium();
  if (found) return found;
  if (process.env.CI)
    throw new Error(`${suite}: no Chromium found, and CI must run the browser tests: ${CHROMIUM_INSTALL_HINT}`);
  console.warn(`${suite} skipped: no Chromium found; ${CHROMIUM_INSTALL_HINT}`);
  return undefined;
}
