// One behavioural contract for every ObjectStore adapter (mocked S3, fauxqs S3, the test fake).
import { expect, it } from 'vitest';
import { ObjectExistsError, type ObjectStore } from '../../../src/ports/object-store.ts';

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

export function objectStoreContract(makeStore: () => Promise<ObjectStore>): void {
  it('reads back what was put, as bytes', async () => {
    const store = await makeStore();
    await store.put('requests/a.json', '{"a":1}');
    expect(text(await store.get('requests/a.json'))).toBe('{"a":1}');
  });

  it('answers undefined for a missing key', async () => {
    const store = await makeStore();
    expect(await store.get('requests/none.json')).toBeUndefined();
  });

  it('overwrites without a condition', async () => {
    const store = await makeStore();
    await store.put('k.json', 'one');
    await store.put('k.json', 'two');
    expect(text(await store.get('k.json'))).toBe('two');
  });

  it('refuses a conditional put over an existing key and keeps the first body', async () => {
    const store = await makeStore();
    await store.put('results/x.json', 'first', { ifNoneMatch: '*' });
    await expect(store.put('results/x.json', 'second', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(ObjectExistsError);
    expect(text(await store.get('results/x.json'))).toBe('first');
  });

  it('lets exactly one of two concurrent conditional puts win', async () => {
    const store = await makeStore();
    const outcomes = await Promise.allSettled([
      store.put('results/race.json', 'a', { ifNoneMatch: '*' }),
      store.put('results/race.json', 'b', { ifNoneMatch: '*' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('lists every key under a prefix in order, across pages', async () => {
    const store = await makeStore();
    const keys = Array.from({ length: 5 }, (_, i) => `results/r${i}.json`);
    for (const key of [...keys].reverse()) await store.put(key, '{}');
    await store.put('requests/other.json', '{}');
    expect(await store.list('results/')).toEqual(keys);
  });

  it('stores binary bodies unchanged', async () => {
    const store = await makeStore();
    const bytes = new Uint8Array([0, 255, 1, 254]);
    await store.put('bin', bytes, { contentType: 'application/octet-stream' });
    expect(await store.get('bin')).toEqual(bytes);
  });
}
