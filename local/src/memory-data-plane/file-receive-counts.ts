// Receive counts on disk, one small file per request id under <stateDir>/receives/<lane>/, so a
// request whose delivery kills the platform (an OOM kill, kill -9) still reaches the DLQ after
// maxReceiveCount deliveries in total, across restarts. Not fsynced: a process kill keeps the page
// cache, and a power cut costs at most one more delivery. The file goes when the message is deleted
// (done) or dead-lettered.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceiveCountStore } from '../../../inference-stack/src/adapters/local/memory-queue.ts';

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export class FileReceiveCounts implements ReceiveCountStore {
  private made: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {}

  async get(key: string): Promise<number> {
    try {
      const count = Number.parseInt(await readFile(this.pathOf(key), 'utf8'), 10);
      return Number.isFinite(count) && count > 0 ? count : 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  async set(key: string, count: number): Promise<void> {
    this.made ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.made;
    const path = this.pathOf(key);
    await writeFile(`${path}.tmp`, String(count), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }

  async forget(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`not a receive-count key: ${JSON.stringify(key)}`);
    return join(this.dir, key);
  }
}
