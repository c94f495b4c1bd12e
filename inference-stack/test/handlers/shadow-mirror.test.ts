import { describe, expect, it } from 'vitest';
import { MemoryMirrorStore } from '../../../release-tools/src/adapters/local/memory-mirror-store.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { MirrorJob } from '../../src/domain/mirror-message.ts';
import { mirrorOf, route } from '../../src/domain/router.ts';
import type { NamedTensors } from '../../src/domain/tensors/tensor.ts';
import { ShadowMirror } from '../../src/handlers/shadow-mirror.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { RecordingMetrics, ScriptedHost } from '../support/fakes.ts';

const SHADOW: ModelRoute = {
  model: 'churn',
  stable: { version: '1.0.0', targetModel: 'churn/1.0.0.tar.gz' },
  candidate: { version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' },
  candidateWeight: 0,
  mode: 'weighted',
  mirror: 25,
};
const out = (p: number): NamedTensors => ({ probability: { dtype: 'float32', shape: [1, 1], data: [p] } });
const job = (requestId: string): MirrorJob => ({
  model: 'churn',
  requestId,
  inputs: { features: { dtype: 'float32', shape: [1, 1], data: [1] } },
  stable: { version: '1.0.0', outputs: out(0.2) },
  candidate: { track: 'candidate', ...SHADOW.candidate! },
});

describe('mirrorOf: which requests a shadow mirrors', () => {
  it('mirrors the sampled share of what stable answers, never a candidate answer', () => {
    const decision = route(SHADOW, {}, () => 0.5);

    expect(decision.track).toBe('stable');
    expect(mirrorOf(SHADOW, decision, () => 0.2)).toMatchObject({ track: 'candidate', version: '1.1.0' });
    expect(mirrorOf(SHADOW, decision, () => 0.3)).toBeUndefined();
    expect(mirrorOf({ ...SHADOW, mirror: undefined }, decision, () => 0)).toBeUndefined();
  });

  it('spends no random draw on a route without a mirror', () => {
    let draws = 0;
    mirrorOf(
      { ...SHADOW, mirror: undefined },
      route(SHADOW, {}, () => 0.5),
      () => {
        draws++;
        return 0;
      },
    );

    expect(draws).toBe(0);
  });
});

describe('ShadowMirror: off the response path, bounded', () => {
  it('records each mirrored answer as a pair and a candidate invocation', async () => {
    const pairs = new MemoryMirrorStore();
    const metrics = new RecordingMetrics();
    const mirror = new ShadowMirror({
      host: new ScriptedHost(() => ({ outputs: out(0.9), inferenceMs: 3, loadMs: 0 })),
      metrics,
      pairs,
      now: () => 1000,
    });

    mirror.offer(job('r1'));
    await mirror.drained();

    const evidence = await pairs.pairs({ model: 'churn', candidateVersion: '1.1.0', since: 0, until: 2000 });
    expect(evidence.pairs).toEqual([
      expect.objectContaining({ requestId: 'r1', stableVersion: '1.0.0', disagree: true, at: 1000 }),
    ]);
    expect(evidence.pairs[0]?.maxAbsDiff).toBeCloseTo(0.7, 6);
    expect(metrics.records).toEqual([
      { model: 'churn', track: 'candidate', version: '1.1.0', latencyMs: 3, error: false, at: 1000 },
    ]);
  });

  it('drops and counts what does not fit the queue, and never waits for the candidate', async () => {
    const pairs = new MemoryMirrorStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const host = new ScriptedHost(async () => {
      await gate;
      return { outputs: out(0.2), inferenceMs: 1, loadMs: 0 };
    });
    const mirror = new ShadowMirror(
      { host, metrics: new RecordingMetrics(), pairs, now: () => 5 },
      { capacity: 2, concurrency: 1 },
    );

    const accepted = ['a', 'b', 'c', 'd', 'e'].map((id) => mirror.offer(job(id)));

    // One running, two waiting: the other two are dropped at once, while the candidate still hangs.
    expect(accepted).toEqual([true, true, true, false, false]);
    release();
    await mirror.drained();
    const evidence = await pairs.pairs({ model: 'churn', candidateVersion: '1.1.0', since: 0, until: 10 });
    expect(evidence.pairs.map((p) => p.requestId)).toEqual(['a', 'b', 'c']);
    expect(evidence.dropped).toBe(2);
  });

  it("counts the candidate's own error as an error, with no pair", async () => {
    const pairs = new MemoryMirrorStore();
    const metrics = new RecordingMetrics();
    const host = new ScriptedHost(() => {
      throw new ModelInvocationError('churn/1.1.0.tar.gz', 'bad shape');
    });
    const mirror = new ShadowMirror({ host, metrics, pairs, now: () => 5 });

    mirror.offer(job('r1'));
    await mirror.drained();

    expect(metrics.records).toEqual([expect.objectContaining({ track: 'candidate', error: true })]);
    expect((await pairs.pairs({ model: 'churn', candidateVersion: '1.1.0', since: 0, until: 10 })).pairs).toEqual([]);
  });
});
