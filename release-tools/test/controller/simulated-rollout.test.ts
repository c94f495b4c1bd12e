import { describe, expect, it } from 'vitest';
import { appendIntent, type IntentLog, intentKey } from '../../src/domain/intents.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { harness, manifestOf, model } from './harness.ts';

type H = ReturnType<typeof harness>;
const healthy = { latencyMs: 20, errorRate: 0 };

async function runTicks(h: H, ticks: number, candidate = healthy, until?: (r: RolloutRecord) => boolean) {
  for (let i = 0; i < ticks; i++) {
    h.advance(1_000);
    await h.traffic('fraud', 50, candidate);
    await h.tick();
    const r = await h.record('fraud');
    if (r && until?.(r)) return i + 1;
  }
  return ticks;
}

async function releasedToStable(h: H) {
  await runTicks(h, 5, healthy, (r) => r.phase === 'Promoted');
  h.setDesired(manifestOf(model('fraud', '1.1.0')));
}

describe('simulated rollouts with an injected clock', () => {
  it('sends a model seen for the first time straight to stable after warming it', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));

    await runTicks(h, 5, healthy, (r) => r.phase === 'Promoted');

    const r = await h.record('fraud');
    expect(r?.phase).toBe('Promoted');
    expect(r?.stable?.version).toBe('1.0.0');
    expect(h.warmed).toEqual(['fraud/1.0.0-abcdef123456/model.onnx']);
    expect((await h.router.readTable()).routes.fraud).toMatchObject({
      stable: { version: '1.0.0' },
      candidateWeight: 0,
    });
  });

  it('promotes a healthy candidate through every canary step', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));
    await releasedToStable(h);

    await runTicks(h, 400, healthy, (r) => r.phase === 'Promoted');

    const r = await h.record('fraud');
    expect(r?.phase).toBe('Promoted');
    expect(r?.stable?.version).toBe('1.1.0');
    const steps = r!.history.filter((e) => e.rolloutId === r!.rolloutId && e.type === 'step').map((e) => e.weight);
    expect(steps).toEqual([10, 50, 100]);
    expect((await h.router.readTable()).routes.fraud).toMatchObject({
      stable: { version: '1.1.0' },
      candidateWeight: 0,
    });
    expect(h.events.map((e) => e.type)).toContain('promoted');
  });

  it('rolls an erroring candidate back on the tick its alarm fires', async () => {
    const release = `    strategy: canary
    steps: [ { weight: 50, bake: 10m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 100000 }`;
    const h = harness(manifestOf(model('fraud', '1.0.0'), release));
    await runTicks(h, 5, healthy, (r) => r.phase === 'Promoted');
    h.setDesired(manifestOf(model('fraud', '1.1.0'), release));

    await runTicks(h, 120, { latencyMs: 20, errorRate: 0.5 }, (r) => r.phase === 'RolledBack');
    const [alarm] = await h.alarms.states(['mlrelease-fraud-candidate-error-rate']);

    const r = await h.record('fraud');
    expect(r?.phase).toBe('RolledBack');
    expect(alarm?.state).toBe('ALARM');
    // The alarm changed at `since`; the rollback happened in the same tick.
    const rollback = r!.history.at(-1)!;
    expect(rollback.at).toBe(alarm!.since);
    expect(rollback.alarm).toBe('mlrelease-fraud-candidate-error-rate');
    expect(r?.rolledBackVersions).toEqual(['1.1.0']);
    expect((await h.router.readTable()).routes.fraud).toMatchObject({
      stable: { version: '1.0.0' },
      candidateWeight: 0,
    });
  });

  it('catches a slower candidate with the judge once it has minRequests requests, under every threshold', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));
    await releasedToStable(h);

    // +40 ms: far below the 200 ms p99 threshold, so only the judge can see it.
    await runTicks(h, 120, { latencyMs: 60, errorRate: 0 }, (r) => r.phase === 'RolledBack');

    const r = await h.record('fraud');
    const last = r!.history.at(-1)!;
    expect(r?.phase).toBe('RolledBack');
    // models.yaml's default boundary, alpha-spending: the boundary crossed at this look.
    expect(last.judge).toMatchObject({ test: 'sequential-rank', looks: 'alpha-spending', candidateWorse: true });
    expect(last.judge!.z).toBeGreaterThanOrEqual(last.judge!.spending!.boundaryZ!);
    expect(last.judge!.candidateN).toBeGreaterThanOrEqual(100);
    const [alarm] = await h.alarms.states(['mlrelease-fraud-candidate-p99-latency']);
    expect(alarm?.state).not.toBe('ALARM');
  });

  it('skips the rest of a bake when a user promotes, and rolls back when a user asks', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));
    await releasedToStable(h);
    await runTicks(h, 20, healthy, (r) => r.phase === 'Progressing');
    const intend = async (type: 'promote' | 'rollback', reason?: string) => {
      const log = await h.store.get<IntentLog>(intentKey('fraud'));
      const next = appendIntent(log?.value, 'fraud', {
        type,
        at: h.now(),
        who: 'alice',
        ...(reason ? { reason } : {}),
      });
      await h.store.put(intentKey('fraud'), next, log?.version ?? null);
    };

    await intend('promote');
    await runTicks(h, 1);
    const afterPromote = await h.record('fraud');
    await intend('rollback', 'customer complaint');
    await runTicks(h, 1);
    await runTicks(h, 5);

    expect(afterPromote).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    const r = await h.record('fraud');
    expect(r).toMatchObject({ phase: 'RolledBack', rolledBackVersions: ['1.1.0'], stable: { version: '1.0.0' } });
    expect(r!.history.filter((e) => e.who === 'alice').map((e) => e.why)).toEqual([
      expect.stringContaining('promote requested'),
      'customer complaint',
    ]);
    // models.yaml still names 1.1.0, but a rolled-back version is not retried.
    expect(r!.history.at(-1)!.type).toBe('rolled-back');
  });

  it('pauses a rollout and resumes the bake where it stopped', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));
    await releasedToStable(h);
    await runTicks(h, 20, healthy, (r) => r.phase === 'Progressing');
    const put = async (type: 'pause' | 'resume') => {
      const log = await h.store.get<IntentLog>(intentKey('fraud'));
      await h.store.put(
        intentKey('fraud'),
        appendIntent(log?.value, 'fraud', { type, at: h.now(), who: 'bob' }),
        log?.version ?? null,
      );
    };

    await put('pause');
    await runTicks(h, 200);
    const paused = await h.record('fraud');
    await put('resume');
    await runTicks(h, 1);

    expect(paused).toMatchObject({ phase: 'Paused', step: 0 });
    expect(await h.record('fraud')).toMatchObject({ phase: 'Progressing', step: 0 });
  });
});

describe('intents across rollouts', () => {
  it('drops an intent meant for a rollout that models.yaml has since replaced', async () => {
    const h = harness(manifestOf(model('fraud', '1.0.0')));
    await releasedToStable(h);
    await runTicks(h, 20, healthy, (r) => r.phase === 'Progressing');
    const log = await h.store.get<IntentLog>(intentKey('fraud'));
    await h.store.put(
      intentKey('fraud'),
      appendIntent(log?.value, 'fraud', { type: 'rollback', at: h.now(), who: 'dave' }),
      null,
    );
    h.setDesired(manifestOf(model('fraud', '1.2.0')));

    await runTicks(h, 10, healthy, (r) => r.phase === 'Progressing' && r.release.version === '1.2.0');

    const r = await h.record('fraud');
    expect(r).toMatchObject({ phase: 'Progressing', release: { version: '1.2.0' }, rolledBackVersions: [] });
    expect(r!.history.some((e) => e.who === 'dave')).toBe(false);
  });
});
