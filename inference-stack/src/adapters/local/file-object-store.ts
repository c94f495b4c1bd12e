// ObjectStore on a local directory, with S3's guarantees that the pipeline relies on: a reader sees
// a whole object or none (write to a temp file, then rename), and `ifNoneMatch: '*'` lets exactly
// one of many concurrent writers win (link() of the finished temp file fails with EEXIST for the
// others, atomically, across processes too).
//
// Small-file system calls run synchronously: on the page cache they take microseconds, while each
// trip through libuv's 4-thread pool costs more than the call and queues behind the fsyncs, which
// capped the whole asynchronous path at a few hundred predictions/s. Only fsync, the one call that
// waits for the disk, goes to the pool, and a directory's fsyncs are shared by concurrent writers.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  type Dirent,
  fdatasync,
  fsync,
  linkSync,
  mkdirSync,
  open,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlink,
  writeSync,
} from 'node:fs';
import { readdir as readdirAsync, rm as rmAsync, stat as statAsync } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ObjectExistsError, type ObjectStore, type PutOptions } from '../../ports/object-store.ts';
import { GroupSync } from './group-sync.ts';
import { keyToPath, prefixToDir } from './object-key-path.ts';
import { processIsAlive } from './process-alive.ts';

export interface FileObjectStoreOptions {
  readonly root: string;
  /**
   * Which writes are fsynced (file and directory) before put() resolves. A write that backs a
   * promise to a client (a 202) must survive a power loss; others may rely on the page cache.
   * @default every write
   */
  readonly durable?: (key: string) => boolean;
  /**
   * Keeps the bodies of this many recent writes in memory for get(). Only for a store that is the
   * sole writer of its directory: another writer's overwrite would not be seen. @default 0
   */
  readonly recentWrites?: number;
}

export class FileObjectStore implements ObjectStore {
  private readonly root: string;
  private readonly tmpRoot: string;
  private readonly tmp: string;
  private readonly durable: (key: string) => boolean;
  private readonly knownDirs = new Set<string>();
  private readonly dirSyncs = new Map<string, GroupSync>();
  private tmpReady = false;
  private readonly recent = new Map<string, Uint8Array>();
  private readonly recentMax: number;

  constructor(options: FileObjectStoreOptions) {
    this.root = options.root;
    this.tmpRoot = join(options.root, '.tmp');
    // One temp folder per store instance, named by process, so a store never removes another's.
    this.tmp = join(this.tmpRoot, `${process.pid}-${randomUUID()}`);
    this.durable = options.durable ?? (() => true);
    this.recentMax = options.recentWrites ?? 0;
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    const path = keyToPath(this.root, key);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    this.prepareTmp();
    this.ensureDir(dirname(path));
    const durable = this.durable(key);
    const temp = join(this.tmp, randomUUID());
    // Creating an inode can wait for the journal while another write's fsync commits it: that
    // wait belongs in the pool, not on the event loop.
    const fd = await new Promise<number>((resolve, reject) =>
      open(temp, 'wx', 0o600, (e, opened) => (e ? reject(e) : resolve(opened))),
    );
    try {
      try {
        let written = 0;
        while (written < bytes.byteLength) written += writeSync(fd, bytes, written);
        if (durable) await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
      } finally {
        closeSync(fd);
      }
      this.placeUnderKey(temp, path, key, options);
    } catch (error) {
      // A write that failed (a full disk: ENOSPC) or lost the race leaves no temporary file behind;
      // removing it is cleanup, off the event loop (it costs a journal write).
      unlink(temp, () => {});
      throw error;
    }
    // In the same synchronous step as the rename, so the cache follows the order of the writes.
    this.remember(key, bytes);
    if (durable) await this.dirSync(dirname(path)).sync();
  }

  /** Puts the finished temporary file under its key: atomically, and only if absent for `ifNoneMatch`. */
  private placeUnderKey(temp: string, path: string, key: string, options: PutOptions): void {
    if (options.ifNoneMatch !== '*') {
      renameSync(temp, path);
      return;
    }
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key, { cause: error });
      throw error;
    }
    // The linked name is in place; the temp name goes as a failed write's does. A name left by a
    // crash is swept with its folder.
    unlink(temp, () => {});
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = keyToPath(this.root, key);
    const recent = this.recent.get(key);
    if (recent) return new Uint8Array(recent);
    try {
      return new Uint8Array(readFileSync(path));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = prefixToDir(this.root, prefix);
    let entries: Dirent[];
    try {
      entries = readdirSync(start, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) if (entry.isFile()) keys.push(...this.keyOf(entry, prefix));
    return keys.sort();
  }

  /** The key of a listed file under `prefix`, or none (outside it, or the store's own dot-files). */
  private keyOf(entry: Dirent, prefix: string): string[] {
    const segments = relative(this.root, join(entry.parentPath, entry.name)).split(sep);
    if (segments.some((segment) => segment.startsWith('.'))) return [];
    const key = segments.join('/');
    return key.startsWith(prefix) ? [key] : [];
  }

  /**
   * Removes the objects under `prefix` last written before `cutoff` (ms since the epoch), as an S3
   * lifecycle expiration rule does: by age, whether or not anything still refers to them. Unlike
   * the request path it runs on the thread pool, a slice at a time: a sweep of 100,000 objects
   * would otherwise hold the event loop for seconds.
   */
  async expireOlderThan(prefix: string, cutoff: number): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdirAsync(prefixToDir(this.root, prefix), { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const expired: string[] = [];
    for (let i = 0; i < entries.length; i += 256) {
      const slice = entries.slice(i, i + 256).flatMap((e) => (e.isFile() ? this.keyOf(e, prefix) : []));
      const removed = await Promise.all(slice.map((key) => this.expireOne(key, cutoff)));
      expired.push(...slice.filter((_key, j) => removed[j]));
    }
    return expired.sort();
  }

  private async expireOne(key: string, cutoff: number): Promise<boolean> {
    const path = keyToPath(this.root, key);
    try {
      if ((await statAsync(path)).mtimeMs >= cutoff) return false;
      await rmAsync(path, { force: true });
    } catch (error) {
      // Gone meanwhile (another expiry): nothing left to expire.
      if (isMissing(error)) return false;
      throw error;
    }
    this.recent.delete(key);
    return true;
  }

  private remember(key: string, bytes: Uint8Array): void {
    if (this.recentMax === 0) return;
    this.recent.delete(key);
    this.recent.set(key, new Uint8Array(bytes));
    // Oldest first in a Map's order: drop from the front.
    if (this.recent.size > this.recentMax) this.recent.delete(this.recent.keys().next().value as string);
  }

  private prepareTmp(): void {
    if (this.tmpReady) return;
    // Temp files left by a killed process are garbage: nothing refers to them.
    mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.tmpRoot)) {
      const pid = Number(name.split('-')[0]);
      if (pid !== process.pid && !processIsAlive(pid))
        rmSync(join(this.tmpRoot, name), { recursive: true, force: true });
    }
    this.tmpReady = true;
  }

  private ensureDir(dir: string): void {
    if (this.knownDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.knownDirs.add(dir);
  }

  private dirSync(dir: string): GroupSync {
    let group = this.dirSyncs.get(dir);
    if (!group) {
      group = new GroupSync(() => syncDir(dir));
      this.dirSyncs.set(dir, group);
    }
    return group;
  }
}

/** fsyncs a directory: a file created or renamed in it survives a power cut once this resolves. */
export async function syncDir(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  } finally {
    closeSync(fd);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
