// Issue 15, finding 6: a full disk answered 500s. New work is now refused before it is read (507,
// or 503 on a read-only start) with Retry-After, and a write that fails with ENOSPC answers 507.
import { describe, expect, it } from 'vitest';
import { isDiskFull } from '../../src/disk-space/disk-full.ts';
import { DiskSpaceGuard } from '../../src/disk-space/disk-space-guard.ts';
import { writeAdmission } from '../../src/disk-space/write-admission.ts';

const MiB = 2 ** 20;
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

function guardOn(disk: { freeBytes: number; totalBytes: number }, reserveBytes?: number) {
  let now = 0;
  let stats = 0;
  const guard = new DiskSpaceGuard({
    dir: '/state',
    statDisk: async () => {
      stats++;
      return { ...disk };
    },
    ...(reserveBytes !== undefined ? { reserveBytes } : {}),
    now: () => now,
  });
  return {
    guard,
    disk,
    tick: (ms: number) => {
      now += ms;
    },
    stats: () => stats,
  };
}

describe('DiskSpaceGuard', () => {
  it.each([
    { name: 'a big disk with 1 GiB free', free: 1024 * MiB, total: 100_000 * MiB, ok: true },
    { name: 'a big disk at its 64 MiB reserve', free: 64 * MiB, total: 100_000 * MiB, ok: false },
    { name: 'a 4 MiB disk above its 5% reserve', free: 0.5 * MiB, total: 4 * MiB, ok: true },
    { name: 'a 4 MiB disk under its 5% reserve', free: 0.1 * MiB, total: 4 * MiB, ok: false },
    { name: 'a full disk', free: 0, total: 4 * MiB, ok: false },
  ])('admits new work on $name: $ok', async ({ free, total, ok }) => {
    const { guard } = guardOn({ freeBytes: free, totalBytes: total });

    expect((await guard.admit()).ok).toBe(ok);
  });

  it('looks at the disk at most once a second', async () => {
    const { guard, disk, tick, stats } = guardOn({ freeBytes: 0, totalBytes: 4 * MiB });
    const first = await guard.admit();
    disk.freeBytes = 2 * MiB;
    const cached = await guard.admit();
    tick(1_000);
    const fresh = await guard.admit();

    expect([first.ok, cached.ok, fresh.ok, stats()]).toEqual([false, false, true, 2]);
  });

  it('refuses after a write failed with ENOSPC, until the next look, whatever statfs said', async () => {
    const { guard, tick } = guardOn({ freeBytes: 2 * MiB, totalBytes: 4 * MiB });
    await guard.admit();

    guard.noteFull();
    const refused = await guard.admit();
    tick(1_000);
    const after = await guard.admit();

    expect(refused).toEqual({ ok: false, freeBytes: 0, retryAfterSeconds: 30 });
    expect(after.ok).toBe(true);
  });
});

describe('writeAdmission', () => {
  it('refuses new work with 507 and Retry-After while the disk is under its reserve', async () => {
    const { guard } = guardOn({ freeBytes: 0, totalBytes: 4 * MiB });

    const refusal = await writeAdmission({ readOnly: () => undefined, guard, log: () => {} }).admitWrite();

    expect(refusal).toMatchObject({
      statusCode: 507,
      headers: { 'retry-after': '30' },
      body: { error: { code: 'InsufficientStorage' } },
    });
  });

  it('refuses every write with 503 ReadOnly on a read-only start, saying why', async () => {
    const { guard } = guardOn({ freeBytes: 2 * MiB, totalBytes: 4 * MiB });

    const refusal = await writeAdmission({
      readOnly: () => 'ENOSPC: no space left on device, write',
      guard,
      log: () => {},
    }).admitWrite();

    expect(refusal).toMatchObject({ statusCode: 503, headers: { 'retry-after': '60' } });
    expect((refusal!.body as { error: { message: string } }).error.message).toBe(
      'the platform is read-only: its state dir cannot be written (ENOSPC: no space left on device, write); free space (or make it writable): it keeps checking and resumes writing by itself, no restart needed',
    );
  });

  it('answers a write that failed with ENOSPC (also as a cause) with 507, and refuses the next request', async () => {
    const { guard } = guardOn({ freeBytes: 2 * MiB, totalBytes: 4 * MiB });
    const logs: string[] = [];
    const admission = writeAdmission({ readOnly: () => undefined, guard, log: (l) => logs.push(l) });

    const answer = admission.answerError(new Error('store failed', { cause: enospc() }), 'req-1');
    const next = await admission.admitWrite();

    expect(answer).toMatchObject({ statusCode: 507, headers: { 'retry-after': '30' } });
    expect(next?.statusCode).toBe(507);
    expect(logs).toEqual([expect.stringContaining('request req-1 refused, the disk is full')]);
  });

  it('leaves other errors to the 500 path', () => {
    const { guard } = guardOn({ freeBytes: 2 * MiB, totalBytes: 4 * MiB });

    expect(
      writeAdmission({ readOnly: () => undefined, guard, log: () => {} }).answerError(new Error('boom'), 'r'),
    ).toBe(undefined);
    expect(isDiskFull(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toBe(false);
  });
});
