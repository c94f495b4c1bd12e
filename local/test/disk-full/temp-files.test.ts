// Issue 15, finding 6: on a full disk each failed write left its temporary file behind (2,253 after
// one run), and a crash leaves them too. A write that fails removes its temporary file; the
// orphans of a dead process are removed at start.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileObjectStore } from '../../../inference-stack/src/adapters/local/file-object-store.ts';
import { FileStateStore } from '../../../release-tools/src/adapters/local/file-state-store.ts';
import { FileMessageJournal } from '../../src/memory-data-plane/file-message-journal.ts';
import { FileReceiveCounts } from '../../src/memory-data-plane/file-receive-counts.ts';

// The disk "fills up" after the first bytes of a write, as ENOSPC does: the file exists, partly written.
const disk = vi.hoisted(() => ({ full: false }));
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, ...rest: unknown[]) => {
    if (disk.full) {
      fs.writeSync(fd, 'x');
      throw enospc();
    }
    return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile = (async (path: string, data: string, options?: unknown) => {
    if (!disk.full) return fs.writeFile(path, data, options as never);
    await fs.writeFile(path, 'x', options as never);
    throw enospc();
  }) as typeof fs.writeFile;
  const open = (async (...args: Parameters<typeof fs.open>) => {
    const handle = await fs.open(...args);
    if (disk.full)
      handle.writeFile = async () => {
        await handle.write('x');
        throw enospc();
      };
    return handle;
  }) as typeof fs.open;
  return { ...fs, default: { ...fs, writeFile, open }, writeFile, open };
});

let dir: string;
beforeEach(async () => {
  disk.full = false;
  dir = await mkdtemp(join(tmpdir(), 'temp-files-'));
});
afterAll(() => {
  disk.full = false;
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

describe('temporary files on a full disk', () => {
  it('the object store removes the temporary file of a write that failed', async () => {
    const store = new FileObjectStore({ root: join(dir, 'data') });
    await store.put('requests/a.json', '{}');
    disk.full = true;

    const failures = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.put(`requests/${i}.json`, '{}')),
    );

    expect(failures.every((f) => f.status === 'rejected')).toBe(true);
    await vi.waitFor(async () => expect(await filesUnder(join(dir, 'data'))).toEqual(['requests/a.json']));
    await rm(dir, { recursive: true, force: true });
  });

  it('receive counts remove the temporary file of a write that failed', async () => {
    const counts = new FileReceiveCounts(join(dir, 'receives'));
    await counts.set('req-0001', 1);
    disk.full = true;

    await expect(counts.set('req-0002', 1)).rejects.toThrow(/ENOSPC/);

    expect(await filesUnder(join(dir, 'receives'))).toEqual(['req-0001']);
    await rm(dir, { recursive: true, force: true });
  });

  it('the DLQ journal removes the temporary file of a write that failed', async () => {
    const journal = new FileMessageJournal(join(dir, 'dlq'));
    const message = { messageId: 'm-1', body: '{}', attributes: {}, receiveCount: 3, sentAt: 1 };
    await journal.added(message);
    disk.full = true;

    await expect(journal.added({ ...message, messageId: 'm-2' })).rejects.toThrow(/ENOSPC/);

    expect(await filesUnder(join(dir, 'dlq'))).toEqual(['m-1.json']);
    await rm(dir, { recursive: true, force: true });
  });

  it('the file state store (rollouts, routes) removes the temporary file of a write that failed', async () => {
    const state = new FileStateStore(join(dir, 'state'));
    const first = await state.put('rollouts/m', { phase: 'Progressing' }, null);
    disk.full = true;

    await expect(state.put('rollouts/m', { phase: 'Promoted' }, first)).rejects.toThrow(/ENOSPC/);
    disk.full = false;

    expect((await filesUnder(join(dir, 'state'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await state.get('rollouts/m'))?.value).toEqual({ phase: 'Progressing' });
    await rm(dir, { recursive: true, force: true });
  });

  it('temporary files a dead process left are removed when the stores start', async () => {
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max: never a live process
    await mkdir(join(dir, 'receives'), { recursive: true });
    await writeFile(join(dir, 'receives', `req-0003.${deadPid}.1.tmp`), '1');
    await writeFile(join(dir, 'receives', `req-0004.${process.pid}.1.tmp`), '1');
    await mkdir(join(dir, 'dlq'), { recursive: true });
    await writeFile(join(dir, 'dlq', 'm-3.json.tmp'), '{"messageId"');

    await new FileReceiveCounts(join(dir, 'receives')).sweep();
    const loaded = await new FileMessageJournal(join(dir, 'dlq')).load();

    expect(await filesUnder(join(dir, 'receives'))).toEqual([`req-0004.${process.pid}.1.tmp`]);
    expect(await filesUnder(join(dir, 'dlq'))).toEqual([]);
    expect(loaded).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
