// ObjectStore on a local directory, with S3's guarantees that the pipeline relies on: a reader sees
// a whole object or none (write to a temp file, then rename), and `ifNoneMatch: '*'` lets exactly
// one of many concurrent writers win (link() of the finished temp file fails with EEXIST for the
// others, atomically, across processes too).
import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ObjectExistsError, type ObjectStore, type PutOptions } from '../../ports/object-store.ts';
import { keyToPath, prefixToDir } from './object-key-path.ts';

export interface FileObjectStoreOptions {
  readonly root: string;
  /**
   * Which writes are fsynced (file and directory) before put() resolves. A write that backs a
   * promise to a client (a 202) must survive a power loss; others may rely on the page cache.
   * @default every write
   */
  readonly durable?: (key: string) => boolean;
}

export class FileObjectStore implements ObjectStore {
  private readonly root: string;
  private readonly tmp: string;
  private readonly durable: (key: string) => boolean;
  private readonly knownDirs = new Set<string>();
  private ready: Promise<void> | undefined;

  constructor(options: FileObjectStoreOptions) {
    this.root = options.root;
    this.tmp = join(options.root, '.tmp');
    this.durable = options.durable ?? (() => true);
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    const path = keyToPath(this.root, key);
    // Temp files left by a killed process are garbage: nothing refers to them.
    this.ready ??= rm(this.tmp, { recursive: true, force: true }).then(async () => {
      await mkdir(this.tmp, { recursive: true });
    });
    await this.ready;
    await this.ensureDir(dirname(path));
    const durable = this.durable(key);
    const temp = join(this.tmp, randomUUID());
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(body);
      if (durable) await file.sync();
    } finally {
      await file.close();
    }
    if (options.ifNoneMatch === '*') {
      try {
        await link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key, { cause: error });
        throw error;
      } finally {
        await unlink(temp);
      }
    } else {
      await rename(temp, path);
    }
    if (durable) await syncDir(dirname(path));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(keyToPath(this.root, key)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = prefixToDir(this.root, prefix);
    let entries: Dirent[];
    try {
      entries = await readdir(start, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const segments = relative(this.root, join(entry.parentPath, entry.name)).split(sep);
      if (segments.some((segment) => segment.startsWith('.'))) continue;
      const key = segments.join('/');
      if (key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.knownDirs.add(dir);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
