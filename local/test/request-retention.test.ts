// Issue 15, finding 11: stored requests expire after requestRetentionDays on both local data planes,
// as the data bucket's lifecycle rule (`expire-requests`) does on AWS; results are kept. The
// 'fauxqs' plane's emulator has no lifecycle rules, so the platform sweeps its bucket through S3
// (ListObjectsV2's LastModified, DeleteObjects), with the same retention function as 'local'.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DataPlane, type DataPlaneKind, startDataPlane } from '../src/data-plane.ts';
import { startRequestRetention } from '../src/retention/request-retention.ts';

const DAY_MS = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(kind: DataPlaneKind, now: () => number, requestRetentionDays?: number): Promise<DataPlane> {
  const stateDir = await mkdtemp(join(tmpdir(), `request-retention-${kind}-`));
  cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
  const plane = await startDataPlane({
    kind,
    stateDir,
    now,
    ...(requestRetentionDays !== undefined ? { requestRetentionDays } : {}),
  });
  cleanups.push(() => plane.stop());
  return plane;
}

const request = (id: string) => JSON.stringify({ id, model: 'alpha', lane: 'standard' });

describe.each(['local', 'fauxqs'] as const)("the '%s' data plane's request retention", (kind) => {
  it('removes requests last written more than requestRetentionDays ago and keeps results', async () => {
    // Prepare: requests and a result written now; the plane's clock then moves 8 days on.
    const clock = { offset: 0 };
    const plane = await start(kind, () => Date.now() + clock.offset);
    for (const id of ['req-old-0001', 'req-old-0002'])
      await plane.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    await plane.store.put('results/req-old-0001.json', '{}', { ifNoneMatch: '*' });
    const young = await plane.expireRequests();
    clock.offset = 8 * DAY_MS;
    // Act
    const expired = await plane.expireRequests();
    // Assess
    expect(young).toEqual([]);
    expect(expired).toEqual(['requests/req-old-0001.json', 'requests/req-old-0002.json']);
    expect(await plane.store.list('requests/')).toEqual([]);
    expect(await plane.store.list('results/')).toEqual(['results/req-old-0001.json']);
  });

  it('keeps requests younger than a configured retention', async () => {
    const clock = { offset: 0 };
    const plane = await start(kind, () => Date.now() + clock.offset, 10);
    await plane.store.put('requests/req-new-0001.json', request('req-new-0001'), { ifNoneMatch: '*' });
    clock.offset = 8 * DAY_MS;
    expect(await plane.expireRequests()).toEqual([]);
    expect(await plane.store.list('requests/')).toEqual(['requests/req-new-0001.json']);
  });
});

describe('the retention schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps 10 s after start, then every hour, off the start', async () => {
    // Prepare
    vi.useFakeTimers();
    const cutoffs: number[] = [];
    const now = () => 10 * DAY_MS;
    const retention = startRequestRetention({
      expiry: {
        expireOlderThan: async (_prefix, cutoff) => {
          cutoffs.push(cutoff);
          return [];
        },
      },
      prefix: 'requests/',
      retentionDays: 7,
      now,
    });
    cleanups.push(async () => retention.stop());
    const atStart = cutoffs.length;
    // Act
    await vi.advanceTimersByTimeAsync(10_000);
    const after10s = cutoffs.length;
    await vi.advanceTimersByTimeAsync(3_600_000);
    // Assess
    expect([atStart, after10s, cutoffs.length]).toEqual([0, 1, 2]);
    expect(cutoffs[0]).toBe(3 * DAY_MS);
  });

  it('joins a sweep already running, and tells which keys it removed', async () => {
    let release: () => void = () => {};
    let sweeps = 0;
    const told: string[][] = [];
    const retention = startRequestRetention({
      expiry: {
        expireOlderThan: async () => {
          sweeps += 1;
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return ['requests/req-gone-0001.json'];
        },
      },
      prefix: 'requests/',
      now: () => 10 * DAY_MS,
      onExpired: (keys) => void told.push([...keys]),
    });
    cleanups.push(async () => retention.stop());
    const a = retention.sweep();
    const b = retention.sweep();
    release();
    expect([await a, await b, sweeps, told]).toEqual([
      ['requests/req-gone-0001.json'],
      ['requests/req-gone-0001.json'],
      1,
      [['requests/req-gone-0001.json']],
    ]);
    // The stack's default retention, 7 days.
    expect([retention.isExpired(3 * DAY_MS - 1), retention.isExpired(3 * DAY_MS)]).toEqual([true, false]);
  });
});
