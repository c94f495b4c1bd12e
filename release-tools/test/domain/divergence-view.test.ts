import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import type { DivergenceResult } from '../../src/domain/gates/divergence-gate.ts';
import { divergenceMoved, divergenceView } from '../../src/domain/gates/divergence-view.ts';
import { beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';

const policy: ReleasePolicy = {
  strategy: 'shadow',
  sample: 10,
  durationMs: 60_000,
  followedBy: { strategy: 'canary', steps: [{ weight: 20, bakeMs: 60_000 }] },
  gates: {
    maxErrorRate: 0.01,
    maxP99LatencyMs: 100,
    minRequests: 10,
    alarms: [],
    maxDivergence: { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 },
  },
};

const finding = (pairs: number, exceeding: number): DivergenceResult => ({
  metric: 'abs-diff-p99',
  threshold: 0.05,
  alpha: 0.05,
  pairs,
  exceeding,
  eValue: 0.5,
  diverges: false,
  dropped: 0,
  examples: exceeding > 0 ? ['r1'] : [],
});

function shadowing(): RolloutRecord {
  const spec = { name: 'churn', version: '1.1.0', release: policy } as ModelSpec;
  const base = {
    ...startRollout(undefined, spec, 0, 'new'),
    stable: { version: '1.0.0', targetModel: 'churn/1.0.0-a' },
  };
  return startTraffic(registered(beginCompile(base, 1), 2, 'churn/1.1.0-b', 'bb'), planOf(policy), 3);
}

describe('divergenceView', () => {
  it('is absent until the divergence gate has looked', () => {
    expect(divergenceView(shadowing())).toBeUndefined();
  });

  it("shows the shadow's last verdict with the share, what is tolerated and the mirror in force", () => {
    const r = { ...shadowing(), lastVerdict: { at: 50, outcome: 'pass', why: 'ok', divergence: finding(200, 1) } };

    expect(divergenceView(r)).toMatchObject({
      pairs: 200,
      exceeding: 1,
      share: 0.005,
      tolerated: 0.01,
      verdict: 'within-tolerance',
      at: 50,
      mirroring: 10,
    });
  });

  it('during the canary, shows the finding the handover recorded, with no mirror in force', () => {
    const r = shadowing();
    const handover = progress(
      { ...r, lastVerdict: { at: 50, outcome: 'pass', why: 'ok', divergence: finding(300, 0) } },
      { outcome: 'pass', why: 'ok', divergence: finding(310, 0) },
      60_003,
    );
    const canary = handover.changed
      ? { ...handover.record, lastVerdict: { at: 70_000, outcome: 'wait', why: '0/10' } }
      : r;

    const view = divergenceView(canary);

    expect(canary.step).toBe(1);
    expect(view).toMatchObject({ pairs: 310, at: 60_003 });
    expect(view).not.toHaveProperty('mirroring');
  });

  it("ignores the findings of the model's earlier rollouts", () => {
    const r = shadowing();
    const earlier = { ...r.history.at(-1)!, rolloutId: r.rolloutId - 1, divergence: finding(99, 9) };

    expect(divergenceView({ ...r, history: [...r.history, earlier] })).toBeUndefined();
  });
});

describe('divergenceMoved: when a shadow records its evidence again', () => {
  it.each([
    ['nothing looked', undefined, undefined, false],
    ['first finding', undefined, finding(0, 0), true],
    ['first pair', finding(0, 0), finding(1, 0), true],
    ['a few more pairs', finding(100, 0), finding(149, 0), false],
    ['half as many again', finding(100, 0), finding(150, 0), true],
    ['another pair beyond tolerance', finding(100, 0), finding(101, 1), true],
  ] as const)('%s', (_, recorded, now, moved) => {
    expect(divergenceMoved(recorded, now)).toBe(moved);
  });
});

describe('the verdict a view gives', () => {
  const view = (d: Partial<DivergenceResult>) =>
    divergenceView({
      ...shadowing(),
      lastVerdict: { at: 50, outcome: 'pass', why: 'ok', divergence: { ...finding(0, 0), ...d } },
    })?.verdict;

  it.each([
    ['nothing compared', { pairs: 0, exceeding: 0 }, 'no-pairs'],
    ['1 in 200 beyond (tolerated 1%)', { pairs: 200, exceeding: 1 }, 'within-tolerance'],
    ['2 in 200: at the tolerance, not above', { pairs: 200, exceeding: 2 }, 'within-tolerance'],
    ['4 in 108, the test not conclusive yet', { pairs: 108, exceeding: 4 }, 'above-tolerance'],
    ['the gate failed', { pairs: 255, exceeding: 9, diverges: true }, 'diverges'],
  ] as const)('%s: %s', (_, d, verdict) => {
    expect(view(d)).toBe(verdict);
  });
});
