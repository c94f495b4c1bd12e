import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { StateConflictError } from '../../src/ports/state-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-state-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileStateStore', () => {
  it('creates, reads and updates with compare-and-swap', async () => {
    const store = new FileStateStore(dir);

    const v1 = await store.put('rollouts/a', { n: 1 }, null);
    const v2 = await store.put('rollouts/a', { n: 2 }, v1);

    expect(await store.get('rollouts/a')).toEqual({ value: { n: 2 }, version: v2 });
    await expect(store.put('rollouts/a', { n: 3 }, v1)).rejects.toBeInstanceOf(StateConflictError);
    await expect(store.put('rollouts/a', { n: 3 }, null)).rejects.toBeInstanceOf(StateConflictError);
  });

  it('lets exactly one of many concurrent writers win from the same version', async () => {
    const stores = Array.from({ length: 8 }, () => new FileStateStore(dir));
    const base = await stores[0]!.put('k', 0, null);

    const results = await Promise.allSettled(stores.map((s, i) => s.put('k', i + 1, base)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof StateConflictError)).toHaveLength(7);
  });

  it('lists keys under a prefix and refuses keys that escape the directory', async () => {
    const store = new FileStateStore(dir);
    await store.put('rollouts/b', 1, null);
    await store.put('rollouts/a', 1, null);
    await store.put('routes', 1, null);

    expect(await store.list('rollouts/')).toEqual(['rollouts/a', 'rollouts/b']);
    await expect(store.get('../etc/passwd')).rejects.toThrow('invalid state key');
  });
});
