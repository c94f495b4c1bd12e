// A read-only platform probes its state dir until it can write, then leaves read-only mode once;
// a leave that fails (another platform took the state dir meanwhile) is said once and tried again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchUntilWritable } from '../../src/disk-space/writable-watch.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the read-only watch', () => {
  it('probes every period, leaves once the probe succeeds, retries a failed leave and says it once', async () => {
    // Prepare: writable from the 3rd probe; the first two leaves fail the same way.
    vi.useFakeTimers();
    let probes = 0;
    let leaves = 0;
    const logs: string[] = [];
    const watch = watchUntilWritable({
      dir: '/state',
      probe: async () => {
        probes += 1;
        return probes >= 3 ? { writable: true } : { writable: false, reason: 'ENOSPC' };
      },
      everyMs: 1_000,
      onWritable: async () => {
        leaves += 1;
        if (leaves <= 2) throw new Error('another platform (pid 42) is running on the state dir /state');
      },
      log: (line) => logs.push(line),
    });
    // Act
    await vi.advanceTimersByTimeAsync(2_000);
    const beforeWritable = [probes, leaves];
    await vi.advanceTimersByTimeAsync(10_000);
    await watch.stop();
    // Assess
    expect(beforeWritable).toEqual([2, 0]);
    expect([probes, leaves]).toEqual([5, 3]);
    expect(logs).toEqual(['still read-only: Error: another platform (pid 42) is running on the state dir /state']);
  });

  it('stops probing when stopped', async () => {
    vi.useFakeTimers();
    let probes = 0;
    const watch = watchUntilWritable({
      dir: '/state',
      probe: async () => {
        probes += 1;
        return { writable: false, reason: 'EROFS' };
      },
      everyMs: 1_000,
      onWritable: async () => {},
      log: () => {},
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probes).toBe(1);
  });
});
