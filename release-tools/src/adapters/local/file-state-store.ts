// StateStore on the local disk. Each key is a JSON file holding {revision, value}; writes go to a
// temp file and are renamed into place (atomic), under an O_EXCL lock file so the compare-and-swap
// holds across processes (the CLI and `npm start` share one state dir). Files are 0600, dirs 0700:
// the state names models, users and tokens' subjects, and is nobody else's to read.
// A file that does not read back as an envelope is damaged: a copy goes to `.quarantine/` and the
// key fails loudly with the file's name (its model stops, visibly), unless the key is rebuildable
// (the desired state is re-applied from models.yaml, the route table re-derived from the records):
// then the file is moved aside and the key reads as absent.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { DamagedStateError, StateConflictError, type StateStore, type Versioned } from '../../ports/state-store.ts';
import { replaceFile } from './replace-file.ts';

interface Envelope<T> {
  readonly revision: number;
  readonly value: T;
}

const LOCK_STALE_MS = 10_000;
const SAFE_KEY = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*$/;
export const QUARANTINE_DIR = '.quarantine';

export interface FileStateStoreOptions {
  /** Keys whose value can be rebuilt from elsewhere: a damaged file is moved aside and reads as absent. */
  readonly rebuildable?: readonly string[];
  /** Told once per damaged file found (e.g. to log it). */
  readonly onDamaged?: (error: DamagedStateError) => void;
}

export class FileStateStore implements StateStore {
  constructor(
    private readonly root: string,
    private readonly options: FileStateStoreOptions = {},
  ) {}

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const envelope = await this.readEnvelope<T>(key);
    return envelope && { value: envelope.value, version: String(envelope.revision) };
  }

  async put<T>(key: string, value: T, expectedVersion: string | null): Promise<string> {
    const file = this.pathOf(key);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const release = await this.lock(file);
    try {
      const current = await this.readEnvelope<T>(key);
      const currentVersion = current ? String(current.revision) : null;
      if (currentVersion !== expectedVersion) throw new StateConflictError(key);
      const revision = (current?.revision ?? 0) + 1;
      const temp = `${file}.${process.pid}.${revision}.tmp`;
      await replaceFile(file, temp, JSON.stringify({ revision, value } satisfies Envelope<T>, null, 2), { sync: true });
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
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.')) await walk(full);
        } else if (entry.name.endsWith('.json')) keys.push(relative(this.root, full).split(sep).join('/').slice(0, -5));
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
    const file = this.pathOf(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let parsed: unknown;
    let reason: string | undefined;
    try {
      parsed = JSON.parse(text);
      reason = envelopeProblem(parsed);
    } catch (error) {
      reason = `not JSON: ${(error as Error).message}`;
    }
    if (reason === undefined) return parsed as Envelope<T>;
    return this.damaged(key, file, text, reason);
  }

  private async damaged(key: string, file: string, text: string, reason: string): Promise<undefined> {
    const dir = join(this.root, QUARANTINE_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
    const kept = join(dir, `${key.replaceAll('/', '__')}.${digest}.damaged.json`);
    if (this.options.rebuildable?.includes(key)) {
      try {
        await rename(file, kept);
      } catch (error) {
        // Another reader moved it first.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      this.options.onDamaged?.(new DamagedStateError(key, file, `${reason}; moved aside, rebuilt`, kept));
      return undefined;
    }
    let first = true;
    try {
      await copyFile(file, kept, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      first = false;
    }
    const error = new DamagedStateError(key, file, reason, kept);
    if (first) this.options.onDamaged?.(error);
    throw error;
  }

  private async lock(file: string): Promise<() => Promise<void>> {
    const lockFile = `${file}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockFile, 'wx', 0o600);
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

function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a {revision, value} object';
  const { revision } = value as { revision?: unknown };
  if (!Number.isInteger(revision) || (revision as number) < 1) return 'no valid revision';
  if (!('value' in value)) return 'no value';
  return undefined;
}
