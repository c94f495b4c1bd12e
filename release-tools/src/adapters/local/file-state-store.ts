// StateStore on the local disk. Each key is a JSON file holding {revision, value}; writes go to a
// temp file and are renamed into place (atomic), under an O_EXCL lock file so the compare-and-swap
// holds across processes (the CLI and `npm start` share one state dir).
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { StateConflictError, type StateStore, type Versioned } from '../../ports/state-store.ts';

interface Envelope<T> {
  readonly revision: number;
  readonly value: T;
}

const LOCK_STALE_MS = 10_000;
const SAFE_KEY = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*$/;

export class FileStateStore implements StateStore {
  constructor(private readonly root: string) {}

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const envelope = await this.readEnvelope<T>(key);
    return envelope && { value: envelope.value, version: String(envelope.revision) };
  }

  async put<T>(key: string, value: T, expectedVersion: string | null): Promise<string> {
    const file = this.pathOf(key);
    await mkdir(dirname(file), { recursive: true });
    const release = await this.lock(file);
    try {
      const current = await this.readEnvelope<T>(key);
      const currentVersion = current ? String(current.revision) : null;
      if (currentVersion !== expectedVersion) throw new StateConflictError(key);
      const revision = (current?.revision ?? 0) + 1;
      const temp = `${file}.${process.pid}.${revision}.tmp`;
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify({ revision, value } satisfies Envelope<T>, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
      return String(revision);
    } finally {
      await release();
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.endsWith('.json')) keys.push(relative(this.root, full).split(sep).join('/').slice(0, -5));
      }
    };
    await walk(this.root);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  private pathOf(key: string): string {
    // Keys come from model names; refuse anything that could escape the state dir.
    if (!SAFE_KEY.test(key)) throw new Error(`invalid state key: ${JSON.stringify(key)}`);
    return join(this.root, `${key}.json`);
  }

  private async readEnvelope<T>(key: string): Promise<Envelope<T> | undefined> {
    try {
      return JSON.parse(await readFile(this.pathOf(key), 'utf8')) as Envelope<T>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async lock(file: string): Promise<() => Promise<void>> {
    const lockFile = `${file}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockFile, 'wx');
        await handle.close();
        return () => rm(lockFile, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A writer killed while holding the lock must not block everyone forever.
        const age = Date.now() - (await stat(lockFile).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (age > LOCK_STALE_MS) await rm(lockFile, { force: true });
        else await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 50)));
      }
    }
  }
}
