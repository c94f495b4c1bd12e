import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { harness, manifestOf, model } from './harness.ts';

class CrashError extends Error {
  override readonly name = 'CrashError';
}

/** Counts writes; the write numbered `crashAt` dies before it lands, as if the process stopped. */
class CrashingStore implements StateStore {
  writes = 0;
  constructor(
    private readonly inner: StateStore,
    private readonly crashAt: number,
  ) {}
  get<T>(key: string) {
    return this.inner.get<T>(key);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  async put<T>(key: string, value: T, expected: string | null) {
    this.writes++;
    if (this.writes === this.crashAt) throw new CrashError(`crash before write ${this.crashAt} (${key})`);
    return this.inner.put(key, value, expected);
  }
}

const release = `    strategy: canary
    steps: [ { weight: 10, bake: 5s }, { weight: 50, bake: 5s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 20 }`;

/** `candidateErrorRate` 0 ends Promoted; 0.5 trips the gates and ends RolledBack. */
async function fullRelease(crashAt: number, candidateErrorRate = 0) {
  const store = new CrashingStore(new MemoryStateStore(), crashAt);
  const h = harness(manifestOf(model('fraud', '1.0.0'), release), { store });
  const errors: string[] = [];
  for (let i = 0; i < 60; i++) {
    if (i === 6) h.setDesired(manifestOf(model('fraud', '1.1.0'), release));
    h.advance(1_000);
    await h.traffic('fraud', 50, { latencyMs: 20, errorRate: candidateErrorRate });
    const report = await h.tick();
    errors.push(...report.models.flatMap((m) => (m.error ? [m.error] : [])));
  }
  return { h, errors, writes: store.writes, record: await h.record('fraud'), table: await h.router.readTable() };
}

describe('a crash between any two writes', () => {
  it('resumes to the same outcome, history and route as a run without a crash', async () => {
    const clean = await fullRelease(0);
    const cleanTypes = clean.record!.history.map((e) => `${e.type}:${e.to}`);
    expect(clean.record).toMatchObject({ phase: 'Promoted', stable: { version: '1.1.0' } });

    for (let crashAt = 1; crashAt <= clean.writes; crashAt++) {
      const run = await fullRelease(crashAt);

      expect(run.errors, `crash at write ${crashAt}`).toEqual([
        expect.stringContaining(`crash before write ${crashAt}`),
      ]);
      expect(run.record?.phase, `crash at write ${crashAt}`).toBe('Promoted');
      expect(
        run.record?.history.map((e) => `${e.type}:${e.to}`),
        `crash at write ${crashAt}`,
      ).toEqual(cleanTypes);
      expect(run.table.routes.fraud, `crash at write ${crashAt}`).toMatchObject({
        stable: { version: '1.1.0' },
        candidateWeight: 0,
      });
    }
    expect(clean.writes).toBeGreaterThan(8);
  });

  it('rolls a failing canary back to the same outcome, history and route after a crash at any write', async () => {
    const clean = await fullRelease(0, 0.5);
    const cleanTypes = clean.record!.history.map((e) => `${e.type}:${e.to}`);
    expect(clean.record).toMatchObject({
      phase: 'RolledBack',
      stable: { version: '1.0.0' },
      rolledBackVersions: ['1.1.0'],
    });
    expect(cleanTypes).toContain('rolled-back:RolledBack');

    for (let crashAt = 1; crashAt <= clean.writes; crashAt++) {
      const run = await fullRelease(crashAt, 0.5);

      expect(run.errors, `crash at write ${crashAt}`).toEqual([
        expect.stringContaining(`crash before write ${crashAt}`),
      ]);
      expect(run.record, `crash at write ${crashAt}`).toMatchObject({
        phase: 'RolledBack',
        stable: { version: '1.0.0' },
        rolledBackVersions: ['1.1.0'],
      });
      expect(
        run.record?.history.map((e) => `${e.type}:${e.to}`),
        `crash at write ${crashAt}`,
      ).toEqual(cleanTypes);
      expect(run.table.routes.fraud, `crash at write ${crashAt}`).toEqual({
        model: 'fraud',
        stable: expect.objectContaining({ version: '1.0.0' }),
        candidateWeight: 0,
        mode: 'weighted',
      });
    }
    expect(clean.writes).toBeGreaterThan(6);
  });
});
