import { describe, expect, it } from 'vitest';
import type { RouteTable } from '../../../release-tools/src/domain/route-table.ts';
import { RouteTableCache } from '../../src/domain/route-table-cache.ts';

function countingSource(initial: RouteTable) {
  let table = initial;
  let reads = 0;
  let gate: Promise<void> = Promise.resolve();
  return {
    source: {
      async readTable() {
        reads++;
        await gate;
        return table;
      },
    },
    set: (next: RouteTable) => {
      table = next;
    },
    hold: () => {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
    reads: () => reads,
  };
}

const route = (version: string) => ({
  model: 'fraud',
  stable: { version, targetModel: `fraud/${version}-abc/model.onnx` },
  candidateWeight: 0,
  mode: 'weighted' as const,
});

describe('RouteTableCache', () => {
  it('serves the cached table until the TTL passes, then reads again', async () => {
    // Prepare
    let now = 1_000;
    const src = countingSource({ routes: { fraud: route('1.0.0') } });
    const cache = new RouteTableCache(src.source, { ttlMs: 5_000, now: () => now });
    await cache.table();
    src.set({ routes: { fraud: route('2.0.0') } });
    // Act
    now += 4_999;
    const beforeExpiry = await cache.route('fraud');
    now += 1;
    const afterExpiry = await cache.route('fraud');
    // Assess
    expect(beforeExpiry?.stable.version).toBe('1.0.0');
    expect(afterExpiry?.stable.version).toBe('2.0.0');
    expect(src.reads()).toBe(2);
  });

  it('keeps a table for 5 seconds by default', async () => {
    // Prepare
    let now = 0;
    const src = countingSource({ routes: { fraud: route('1.0.0') } });
    const cache = new RouteTableCache(src.source, { now: () => now });
    await cache.table();
    // Act
    now = 4_999;
    await cache.table();
    const readsWithin = src.reads();
    now = 5_000;
    await cache.table();
    // Assess
    expect([readsWithin, src.reads()]).toEqual([1, 2]);
  });

  it('shares one read between concurrent misses', async () => {
    // Prepare
    const src = countingSource({ routes: {} });
    const cache = new RouteTableCache(src.source, { ttlMs: 5_000, now: () => 0 });
    const release = src.hold();
    // Act
    const pending = Promise.all([cache.table(), cache.table(), cache.table()]);
    release();
    await pending;
    // Assess
    expect(src.reads()).toBe(1);
  });

  it('reads again at once after invalidate', async () => {
    // Prepare
    const src = countingSource({ routes: { fraud: route('1.0.0') } });
    const cache = new RouteTableCache(src.source, { ttlMs: 60_000, now: () => 0 });
    await cache.table();
    src.set({ routes: { fraud: route('3.0.0') } });
    // Act
    cache.invalidate();
    const fresh = await cache.route('fraud');
    // Assess
    expect(fresh?.stable.version).toBe('3.0.0');
  });

  it('does not keep a table whose read began before invalidate', async () => {
    // Prepare: a read of the old table is in flight when the controller writes a new one.
    let table: RouteTable = { routes: { fraud: route('1.0.0') } };
    let finishRead = () => {};
    const slowOnce = {
      readTable: async () => {
        const read = table;
        if (read.routes.fraud?.stable.version === '1.0.0')
          await new Promise<void>((resolve) => {
            finishRead = resolve;
          });
        return read;
      },
    };
    const cache = new RouteTableCache(slowOnce, { ttlMs: 60_000, now: () => 0 });
    const inFlight = cache.route('fraud');
    table = { routes: { fraud: route('2.0.0') } };
    // Act
    cache.invalidate();
    finishRead();
    const answered = await inFlight;
    const next = await cache.route('fraud');
    // Assess: the caller that asked first may get the old table; the next one must not.
    expect(answered?.stable.version).toBe('1.0.0');
    expect(next?.stable.version).toBe('2.0.0');
  });

  it('keeps sharing the read that replaced one invalidated, when the old one finishes', async () => {
    // Prepare: every read waits until the test finishes it.
    const finish: (() => void)[] = [];
    const source = {
      readTable: () => new Promise<RouteTable>((resolve) => finish.push(() => resolve({ routes: {} }))),
    };
    const cache = new RouteTableCache(source, { ttlMs: 60_000, now: () => 0 });
    const first = cache.table();
    cache.invalidate();
    const second = cache.table();
    // Act: the first read ends while the second is still in flight.
    finish[0]!();
    await first;
    const third = cache.table();
    for (const end of finish.slice(1)) end();
    await Promise.all([second, third]);
    // Assess: the third caller shared the second read instead of starting another.
    expect(finish).toHaveLength(2);
  });

  it('answers undefined for a model without a route', async () => {
    const cache = new RouteTableCache(countingSource({ routes: {} }).source);
    expect(await cache.route('unknown')).toBeUndefined();
  });
});
