// The one contract every StateStore passes: get/put with compare-and-swap, and list.
import { expect, it } from 'vitest';
import { StateConflictError, type StateStore } from '../../src/ports/state-store.ts';

export function stateStoreContract(make: () => Promise<StateStore> | StateStore): void {
  it('returns undefined for a key never written', async () => {
    const store = await make();

    expect(await store.get('rollouts/none')).toBeUndefined();
  });

  it('creates a key only when expecting none, and reads it back with its version', async () => {
    const store = await make();

    const version = await store.put('rollouts/a', { n: 1 }, null);

    expect(await store.get('rollouts/a')).toEqual({ value: { n: 1 }, version });
  });

  it('refuses to create a key that exists', async () => {
    const store = await make();
    await store.put('rollouts/a', { n: 1 }, null);

    await expect(store.put('rollouts/a', { n: 2 }, null)).rejects.toBeInstanceOf(StateConflictError);
    expect((await store.get('rollouts/a'))?.value).toEqual({ n: 1 });
  });

  it('updates with the current version and returns a new one', async () => {
    const store = await make();
    const v1 = await store.put('rollouts/a', { n: 1 }, null);

    const v2 = await store.put('rollouts/a', { n: 2 }, v1);

    expect(v2).not.toBe(v1);
    expect(await store.get('rollouts/a')).toEqual({ value: { n: 2 }, version: v2 });
  });

  it('refuses an update with a stale version: exactly one of two writers wins', async () => {
    const store = await make();
    const v1 = await store.put('rollouts/a', { n: 1 }, null);
    await store.put('rollouts/a', { by: 'first' }, v1);

    const second = store.put('rollouts/a', { by: 'second' }, v1);

    await expect(second).rejects.toBeInstanceOf(StateConflictError);
    expect((await store.get('rollouts/a'))?.value).toEqual({ by: 'first' });
  });

  it('refuses an update of a key that does not exist', async () => {
    const store = await make();

    await expect(store.put('rollouts/ghost', { n: 1 }, '1')).rejects.toBeInstanceOf(StateConflictError);
  });

  it('lists keys under a prefix, sorted', async () => {
    const store = await make();
    for (const key of ['rollouts/b', 'intents/a', 'rollouts/a', 'rollouts/c', 'routes']) await store.put(key, {}, null);

    expect(await store.list('rollouts/')).toEqual(['rollouts/a', 'rollouts/b', 'rollouts/c']);
    expect(await store.list('')).toEqual(['intents/a', 'rollouts/a', 'rollouts/b', 'rollouts/c', 'routes']);
  });
}
