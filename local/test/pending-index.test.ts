// Issue 15, finding 11: recovery listed every stored request and result at each start (100,000 of
// each after a busy week) to find the few without a result. Now accepted ids are noted in a pending
// index (<stateDir>/pending/) and a start reads only that: its store calls grow with what is
// pending, not with what is stored. A state dir written before the index is listed in full once.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileObjectStore } from '../../inference-stack/src/adapters/local/file-object-store.ts';
import { type DataPlane, startDataPlane } from '../src/data-plane.ts';
import { FilePendingIndex } from '../src/memory-data-plane/file-pending-index.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'state-dir-before-pending-index');

let stateDir: string;
const planes: DataPlane[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pending-index-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const plane of planes.splice(0)) await plane.stop();
  await rm(stateDir, { recursive: true, force: true });
});

const start = async () => {
  const plane = await startDataPlane({ kind: 'local', stateDir, durability: 'process' });
  planes.push(plane);
  return plane;
};
const request = (id: string, lane = 'standard') => JSON.stringify({ id, model: 'alpha', lane });
const received = async (plane: DataPlane) => {
  const messages = (await Promise.all(plane.queues.map((q) => q.receive({ maxMessages: 10 })))).flat();
  return messages.map((m) => (JSON.parse(m.body) as { id: string }).id).sort();
};

/** The plane's files without its pending index: what a crash or the code before the index leaves. */
const bareStore = () => new FileObjectStore({ root: join(stateDir, 'data') });

/** Counts the object store's calls (every FileObjectStore, so the plane's own) while `run` runs. */
async function countingStoreCalls<T>(run: () => Promise<T>): Promise<{ value: T; list: number; get: number }> {
  const list = vi.spyOn(FileObjectStore.prototype, 'list');
  const get = vi.spyOn(FileObjectStore.prototype, 'get');
  const value = await run();
  const counts = { value, list: list.mock.calls.length, get: get.mock.calls.length };
  list.mockRestore();
  get.mockRestore();
  return counts;
}

describe('recovery through the pending index', () => {
  it('reads a state dir written before the index: lists it once, then reads only the index', async () => {
    // Prepare: written by the data plane before the index (3 done, 2 pending, 1 dead-lettered).
    await cp(FIXTURE, stateDir, { recursive: true });
    // Act
    const first = await countingStoreCalls(async () => (await start()).recover());
    const firstReceived = await received(planes[0]!);
    await planes.shift()!.stop();
    const second = await countingStoreCalls(async () => (await start()).recover());
    // Assess
    expect(first.value).toEqual({ recovered: 2, remaining: 0, damaged: [] });
    expect(firstReceived).toEqual(['req-pend-0001', 'req-pend-0002']);
    expect(first.list).toBe(2);
    expect(JSON.parse(await readFile(join(stateDir, 'pending', 'format.json'), 'utf8'))).toMatchObject({ format: 1 });
    // The dead letter stays noted (a redrive finishes it); the done ones are not.
    expect(await readdir(join(stateDir, 'pending', 'ids'))).toEqual([
      'req-dead-0001',
      'req-pend-0001',
      'req-pend-0002',
    ]);
    expect(second.value).toEqual({ recovered: 2, remaining: 0, damaged: [] });
    expect(second.list).toBe(0);
    expect(await received(planes[0]!)).toEqual(['req-pend-0001', 'req-pend-0002']);
  });

  it('makes a start read O(pending), not O(stored): 300 finished and 3 pending requests', async () => {
    // Prepare: as the platform does, the first start recovers (a fresh state dir: nothing).
    const plane = await start();
    await plane.recover();
    for (let i = 0; i < 303; i++) {
      const id = `req-${String(i).padStart(8, '0')}`;
      await plane.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
      if (i >= 3) await plane.store.put(`results/${id}.json`, '{}', { ifNoneMatch: '*' });
    }
    await planes.shift()!.stop();
    // Act
    const restart = await countingStoreCalls(async () => (await start()).recover());
    // Assess: no listing; one look at each pending id's result and one read of its request.
    expect(restart.value).toEqual({ recovered: 3, remaining: 0, damaged: [] });
    expect(await received(planes[0]!)).toEqual(['req-00000000', 'req-00000001', 'req-00000002']);
    expect([restart.list, restart.get]).toEqual([0, 6]);
  });

  it('loses nothing when the platform dies in the middle of storing a request', async () => {
    // Prepare: the request file is written, and the process dies before the put returns (no 202).
    const first = await start();
    const put = FileObjectStore.prototype.put;
    vi.spyOn(FileObjectStore.prototype, 'put').mockImplementation(async function (this: FileObjectStore, ...args) {
      await put.apply(this, args);
      return new Promise<void>(() => {});
    });
    void first.store.put('requests/req-torn-0001.json', request('req-torn-0001'), { ifNoneMatch: '*' });
    await vi.waitFor(async () => expect(await readdir(join(stateDir, 'data', 'requests'))).toHaveLength(1));
    vi.restoreAllMocks();
    // Act: a new process on the same state dir.
    const second = await start();
    const outcome = await second.recover();
    // Assess
    expect(outcome).toEqual({ recovered: 1, remaining: 0, damaged: [] });
    expect(await received(second)).toEqual(['req-torn-0001']);
  });

  it('drops a note whose request was never stored (the process died before it; no 202 was given) or has its result', async () => {
    // Prepare
    const plane = await start();
    await plane.recover();
    await writeFile(join(stateDir, 'pending', 'ids', 'req-never-0001'), '');
    await plane.store.put('requests/req-done-0009.json', request('req-done-0009'), { ifNoneMatch: '*' });
    // The result is stored and the process dies before its note is removed.
    await bareStore().put('results/req-done-0009.json', '{}');
    await planes.shift()!.stop();
    // Act
    const outcome = await (await start()).recover();
    // Assess
    expect(outcome).toEqual({ recovered: 0, remaining: 0, damaged: [] });
    expect(await readdir(join(stateDir, 'pending', 'ids'))).toEqual([]);
  });

  it.each([
    ['a build the process did not finish (no format.json)', async () => rm(join(stateDir, 'pending', 'format.json'))],
    ['a torn format.json', async () => writeFile(join(stateDir, 'pending', 'format.json'), '{"form')],
    ['a later format', async () => writeFile(join(stateDir, 'pending', 'format.json'), '{"format":2}')],
  ])('lists everything again after %s, and finds a request the index did not note', async (_name, damage) => {
    // Prepare: an index, then a request stored without a note (as the code before the index did).
    const plane = await start();
    await plane.recover();
    await planes.shift()!.stop();
    await bareStore().put('requests/req-unnoted-1.json', request('req-unnoted-1'));
    await damage();
    // Act
    const restart = await countingStoreCalls(async () => (await start()).recover());
    // Assess
    expect(restart.value).toEqual({ recovered: 1, remaining: 0, damaged: [] });
    expect(restart.list).toBe(2);
    expect(await readdir(join(stateDir, 'pending', 'ids'))).toEqual(['req-unnoted-1']);
    expect(JSON.parse(await readFile(join(stateDir, 'pending', 'format.json'), 'utf8'))).toMatchObject({ format: 1 });
  });

  it('trusts notes after a kill -9 (same boot) or a graceful stop, and lists everything once after a reboot that followed neither', async () => {
    // Prepare: notes written under boot A, never synced by a graceful stop.
    const dir = join(stateDir, 'pending');
    const underA = new FilePendingIndex(dir, { bootId: () => 'boot-a' });
    await underA.markComplete();
    await underA.add(['req-noted-0001']);
    // Act / Assess: the same boot (a kill -9 keeps the page cache) reads them.
    expect(await new FilePendingIndex(dir, { bootId: () => 'boot-a' }).read()).toEqual(['req-noted-0001']);
    // Another boot (a power cut may have lost unsynced notes) lists everything, as does an unknown one.
    expect(await new FilePendingIndex(dir, { bootId: () => 'boot-b' }).read()).toBeUndefined();
    expect(await new FilePendingIndex(dir, { bootId: () => undefined }).read()).toBeUndefined();
    // A graceful stop syncs them: any later boot reads them.
    await underA.close();
    expect(await new FilePendingIndex(dir, { bootId: () => 'boot-b' }).read()).toEqual(['req-noted-0001']);
    // Until a process claims them again without a graceful stop.
    await new FilePendingIndex(dir, { bootId: () => 'boot-b' }).markComplete();
    expect(await new FilePendingIndex(dir, { bootId: () => 'boot-c' }).read()).toBeUndefined();
  });
});
