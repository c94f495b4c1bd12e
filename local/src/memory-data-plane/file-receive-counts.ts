// Receive counts on disk, one small file per request id under <stateDir>/receives/<lane>/, so a
// request whose delivery kills the platform (an OOM kill, kill -9) still reaches the DLQ after
// maxReceiveCount deliveries in total, across restarts. Not fsynced: a process kill keeps the page
// cache, and a power cut costs at most one more delivery. The file goes when the message is deleted
// (done) or dead-lettered. Read from disk only for keys that had a file when this process first
// asked: one platform per state dir, so what this process wrote it knows, and a message first sent
// by it has no count to read (before, every hand-out read a file first).
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceiveCountStore } from '../../../inference-stack/src/adapters/local/memory-queue.ts';
import { processIsAlive } from '../../../inference-stack/src/adapters/local/process-alive.ts';
import { replaceFile } from '../../../release-tools/src/adapters/local/replace-file.ts';

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export class FileReceiveCounts implements ReceiveCountStore {
  private made: Promise<unknown> | undefined;
  private readonly writing = new Map<string, Promise<void>>();
  private writes = 0;
  /** Keys with a count file when this process first asked. */
  private onDisk: Promise<Set<string>> | undefined;
  /** Counts this process has written (and not forgotten). */
  private readonly written = new Map<string, number>();

  constructor(private readonly dir: string) {}

  async get(key: string): Promise<number> {
    const path = this.pathOf(key);
    const written = this.written.get(key);
    if (written !== undefined) return written;
    this.onDisk ??= this.listKeys();
    if (!(await this.onDisk).has(key)) return 0;
    try {
      const count = Number.parseInt(await readFile(path, 'utf8'), 10);
      return Number.isFinite(count) && count > 0 ? count : 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /**
   * Writes of one key run one after another, each through its own temporary file: a message
   * delivered several times at once must not have one write rename another's temporary file away.
   */
  set(key: string, count: number): Promise<void> {
    const path = this.pathOf(key);
    const previous = this.writing.get(key) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        this.made ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
        await this.made;
        await replaceFile(path, `${path}.${process.pid}.${++this.writes}.tmp`, String(count), { sync: false });
        // Only once on disk: a write that failed (a full disk) must not count.
        this.written.set(key, count);
      });
    this.writing.set(key, write);
    const settled = () => {
      if (this.writing.get(key) === write) this.writing.delete(key);
    };
    write.then(settled, settled);
    return write;
  }

  /** Removes the temporary files of writes a dead process left (killed between write and rename). */
  async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const pid = /\.(\d+)\.\d+\.tmp$/.exec(name)?.[1];
      // Left in place when the dir cannot be written (a read-only start).
      if (pid !== undefined && !processIsAlive(Number(pid)))
        await rm(join(this.dir, name), { force: true }).catch(() => undefined);
    }
  }

  async forget(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.written.delete(key);
    (await this.onDisk)?.delete(key);
  }

  private async listKeys(): Promise<Set<string>> {
    try {
      return new Set((await readdir(this.dir)).filter((name) => SAFE_KEY.test(name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw error;
    }
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`not a receive-count key: ${JSON.stringify(key)}`);
    return join(this.dir, key);
  }
}
