// Can the platform write its state dir? Asked once at start by writing (and syncing) a small file:
// on a full disk (ENOSPC, EDQUOT), a read-only mount (EROFS) or a dir it may not write (EACCES,
// EPERM), the platform starts read-only instead of failing half-way through its first writes.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export type WriteProbe = { readonly writable: true } | { readonly writable: false; readonly reason: string };

const CANNOT_WRITE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

export async function probeWritable(dir: string): Promise<WriteProbe> {
  const path = join(dir, `.write-probe-${process.pid}`);
  try {
    const file = await open(path, 'w', 0o600);
    try {
      await file.writeFile(Buffer.alloc(4096));
      await file.sync();
    } finally {
      await file.close();
    }
    return { writable: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!CANNOT_WRITE.has(code)) throw error;
    return { writable: false, reason: (error as Error).message };
  } finally {
    await rm(path, { force: true }).catch(() => undefined);
  }
}
