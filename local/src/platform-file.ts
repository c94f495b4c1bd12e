// <stateDir>/platform.json: where the running platform answers and an admin token for it, for the
// CLI. It holds a credential, so it is created 0600 (temp file + rename, so never world-readable,
// even when a stale one from a killed run is replaced), and removed on a graceful stop.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PLATFORM_FILE = 'platform.json';

export interface PlatformFile {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
  readonly dataPlane: string;
}

export async function writePlatformFile(stateDir: string, content: PlatformFile): Promise<void> {
  const path = join(stateDir, PLATFORM_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** Removes platform.json if `pid` wrote it: never another platform's. */
export async function removePlatformFile(stateDir: string, pid: number): Promise<void> {
  const path = join(stateDir, PLATFORM_FILE);
  const content = await readFile(path, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  try {
    if ((JSON.parse(content) as Partial<PlatformFile>).pid !== pid) return;
  } catch {
    // Unreadable: nobody's, so it goes.
  }
  await rm(path, { force: true });
}
