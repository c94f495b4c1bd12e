import { describe, expect, it } from 'vitest';
import { abPlan } from '../../src/domain/strategies/ab-test.ts';
import { allAtOncePlan } from '../../src/domain/strategies/all-at-once.ts';
import { canaryPlan } from '../../src/domain/strategies/canary.ts';
import { linearPlan } from '../../src/domain/strategies/linear.ts';
import { nextMove, planOf, skipTo } from '../../src/domain/strategies/next-move.ts';

describe('strategy step plans', () => {
  it.each([
    [
      'canary 10%/5m then 50%/5m',
      canaryPlan({
        steps: [
          { weight: 10, bakeMs: 300_000 },
          { weight: 50, bakeMs: 300_000 },
        ],
      }),
      [
        [10, 300_000],
        [50, 300_000],
      ],
      'weighted',
    ],
    [
      'linear +25% every 1m',
      linearPlan({ increment: 25, intervalMs: 60_000 }),
      [
        [25, 60_000],
        [50, 60_000],
        [75, 60_000],
        [100, 60_000],
      ],
      'weighted',
    ],
    [
      'linear +30% ends at 100',
      linearPlan({ increment: 30, intervalMs: 1_000 }),
      [
        [30, 1_000],
        [60, 1_000],
        [90, 1_000],
        [100, 1_000],
      ],
      'weighted',
    ],
    ['linear +100% is one step', linearPlan({ increment: 100, intervalMs: 1_000 }), [[100, 1_000]], 'weighted'],
    [
      'ab 50/50 for 24h',
      abPlan({ split: 50, sticky: { source: 'header', name: 'x-user-id' }, durationMs: 86_400_000 }),
      [[50, 86_400_000]],
      'sticky',
    ],
    ['all-at-once', allAtOncePlan(), [[100, 0]], 'weighted'],
  ] as const)('%s', (_name, plan, steps, mode) => {
    expect(plan.steps.map((s) => [s.weight, s.holdMs])).toEqual(steps);
    expect(plan.mode).toBe(mode);
  });

  it('keeps the sticky key of an A/B test for the router', () => {
    expect(abPlan({ split: 20, sticky: { source: 'field', name: 'user' }, durationMs: 1 }).sticky).toEqual({
      source: 'field',
      name: 'user',
    });
  });
});

describe('next move from the step and elapsed time', () => {
  const plan = canaryPlan({
    steps: [
      { weight: 10, bakeMs: 60_000 },
      { weight: 50, bakeMs: 60_000 },
    ],
  });

  it.each([
    ['holds during the bake', 0, 0, 59_999, { kind: 'hold', remainingMs: 1 }],
    ['advances when the bake is over', 0, 0, 60_000, { kind: 'advance', step: 1, weight: 50 }],
    ['completes after the last bake', 1, 1_000, 61_000, { kind: 'complete' }],
    ['holds the last step until its bake ends', 1, 1_000, 30_000, { kind: 'hold', remainingMs: 31_000 }],
    ['completes a step index past the end', 5, 0, 0, { kind: 'complete' }],
  ] as const)('%s', (_name, step, since, now, expected) => {
    expect(nextMove(plan, step, since, now)).toEqual(expected);
  });

  it('skips straight to a step or to completion', () => {
    expect(skipTo(plan, 1)).toEqual({ kind: 'advance', step: 1, weight: 50 });
    expect(skipTo(plan, 2)).toEqual({ kind: 'complete' });
  });

  it('completes all-at-once on the first tick after traffic starts', () => {
    expect(nextMove(allAtOncePlan(), 0, 5, 5)).toEqual({ kind: 'complete' });
  });
});

describe('planOf', () => {
  const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };

  it('plans each strategy from its own fields', () => {
    expect(planOf({ strategy: 'canary', steps: [{ weight: 5, bakeMs: 10 }], gates })).toEqual({
      steps: [{ weight: 5, holdMs: 10 }],
      mode: 'weighted',
    });
    expect(planOf({ strategy: 'linear', increment: 50, intervalMs: 20, gates })).toEqual({
      steps: [
        { weight: 50, holdMs: 20 },
        { weight: 100, holdMs: 20 },
      ],
      mode: 'weighted',
    });
    const sticky = { source: 'header', name: 'u' } as const;
    expect(planOf({ strategy: 'ab', split: 40, sticky, durationMs: 30, gates })).toEqual({
      steps: [{ weight: 40, holdMs: 30 }],
      mode: 'sticky',
      sticky,
    });
    expect(planOf({ strategy: 'all-at-once', gates })).toEqual({
      steps: [{ weight: 100, holdMs: 0 }],
      mode: 'weighted',
    });
  });
});
