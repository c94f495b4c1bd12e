import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import { advance, beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routeFor } from '../../src/domain/rollout/route-for.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import { gatesAtStep } from '../../src/domain/strategies/shadow.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };
const shadow: ReleasePolicy = {
  strategy: 'shadow',
  sample: 10,
  durationMs: 1_800_000,
  followedBy: { strategy: 'canary', steps: [{ weight: 20, bakeMs: 60_000 }] },
  gates,
};

function serving(policy: ReleasePolicy): RolloutRecord {
  const spec = { name: 'churn', version: '1.1.0', release: policy } as ModelSpec;
  const base = {
    ...startRollout(undefined, spec, 0, 'new'),
    stable: { version: '1.0.0', targetModel: 'churn/1.0.0-a' },
  };
  return startTraffic(registered(beginCompile(base, 1), 2, 'churn/1.1.0-b', 'bb'), planOf(policy), 3);
}

describe('shadow strategy', () => {
  it('plans a mirrored step with no traffic, then the canary steps', () => {
    expect(planOf(shadow).steps).toEqual([
      { weight: 0, holdMs: 1_800_000, mirror: 10 },
      { weight: 20, holdMs: 60_000 },
    ]);
  });

  it('routes nothing to the candidate while mirroring, then stops mirroring at the canary step', () => {
    const r = serving(shadow);

    expect(routeFor(r)).toMatchObject({ candidateWeight: 0, mirror: 10, candidate: { version: '1.1.0' } });
    expect(r.history.at(-1)?.why).toBe("step 1/2: 0%, 10% of stable's requests mirrored");
    const canary = advance(r, planOf(shadow), 1, 20, { at: 1_800_003, why: 'ok' });
    expect(routeFor(canary)).toMatchObject({ candidateWeight: 20 });
    expect(routeFor(canary)?.mirror).toBeUndefined();
  });

  it("starts the canary's evidence at the handover, and only there", () => {
    const twoSteps: ReleasePolicy = {
      ...shadow,
      followedBy: {
        strategy: 'canary',
        steps: [
          { weight: 20, bakeMs: 60_000 },
          { weight: 50, bakeMs: 60_000 },
        ],
      },
    } as ReleasePolicy;
    const r = serving(twoSteps);

    const canary = advance(r, planOf(twoSteps), 1, 20, { at: 1_800_003, why: 'ok' });
    const next = advance(canary, planOf(twoSteps), 2, 50, { at: 1_860_003, why: 'ok' });

    expect([r.trafficSince, canary.trafficSince, next.trafficSince]).toEqual([3, 1_800_003, 1_800_003]);
  });

  it('applies the divergence gate only while the step mirrors', () => {
    const maxDivergence = { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 } as const;
    const plan = planOf({ ...shadow, gates: { ...gates, maxDivergence } });

    expect(gatesAtStep({ ...gates, maxDivergence }, plan, 0)).toEqual({ ...gates, maxDivergence });
    expect(gatesAtStep({ ...gates, maxDivergence }, plan, 1)).toEqual(gates);
    expect(gatesAtStep(gates, plan, 0)).toBe(gates);
  });

  it('a shadow alone is promoted once its duration is over and the gates pass', () => {
    const { followedBy: _, ...alone } = shadow as Extract<ReleasePolicy, { strategy: 'shadow' }>;
    const result = progress(serving(alone), { outcome: 'pass', why: 'fine' }, 1_800_003);

    expect(result.changed && result.record.phase).toBe('Promoted');
  });
});

describe('rollout records written before shadow releases', () => {
  // Written by the release before this one (canary policy, a lastVerdict without divergence).
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/rollout-records-before-shadow.json', import.meta.url), 'utf8'),
  ) as { progressing: RolloutRecord; rolledBack: RolloutRecord };

  it('still route and progress as they did', () => {
    expect(routeFor(fixture.progressing)).toEqual({
      model: 'fraud',
      stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
      candidate: { version: '1.1.0', targetModel: 'fraud/1.1.0-b' },
      candidateWeight: 50,
      mode: 'weighted',
    });
    const result = progress(fixture.progressing, { outcome: 'pass', why: 'fine' }, 200_000);
    expect(result.changed && result.record.phase).toBe('Promoted');
    expect(fixture.rolledBack.history.at(-1)).toMatchObject({ type: 'rolled-back', alarm: 'fraud-candidate-errors' });
    expect(routeFor(fixture.rolledBack)).toMatchObject({ candidateWeight: 0 });
  });
});
