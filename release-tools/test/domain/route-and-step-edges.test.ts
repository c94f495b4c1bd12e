// The edges of the rollout core, each expectation written out: which version every request reaches
// (routedVersion), production variants and mirroring in the route, a step index the plan does not
// have (read as "no mirror", as nextMove reads it as complete), when a shadow hands its evidence
// over to the canary, which findings a step event keeps, and the quickselect pivot.
import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import type { DeadLetterResult } from '../../src/domain/gates/dead-letter-gate.ts';
import type { Verdict } from '../../src/domain/gates/verdict.ts';
import { medianOfThree } from '../../src/domain/percentile.ts';
import {
  advance,
  beginCompile,
  pause,
  promote,
  registered,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routedVersion, routeFor } from '../../src/domain/rollout/route-for.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import { gatesAtStep, shadowPlan } from '../../src/domain/strategies/shadow.ts';
import type { StepPlan } from '../../src/domain/strategies/step-plan.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };
const canary: ReleasePolicy = { strategy: 'canary', steps: [{ weight: 10, bakeMs: 60_000 }], gates };
const allAtOnce: ReleasePolicy = { strategy: 'all-at-once', gates } as ReleasePolicy;
const shadow: ReleasePolicy = {
  strategy: 'shadow',
  sample: 10,
  durationMs: 1_800_000,
  followedBy: { strategy: 'canary', steps: [{ weight: 20, bakeMs: 60_000 }] },
  gates,
} as ReleasePolicy;

/** churn 1.0.0 stable (served by `stableVariant` if given); 1.1.0 registered, no traffic yet. */
function registeredCandidate(policy: ReleasePolicy, variants: { stable?: string; candidate?: string } = {}) {
  const spec = { name: 'churn', version: '1.1.0', release: policy } as ModelSpec;
  const base: RolloutRecord = {
    ...startRollout(undefined, spec, 0, 'new'),
    stable: {
      version: '1.0.0',
      targetModel: 'churn/1.0.0-a',
      ...(variants.stable ? { targetVariant: variants.stable } : {}),
    },
  };
  return registered(beginCompile(base, 1), 2, 'churn/1.1.0-b', 'bb', variants.candidate);
}
const carrying = (policy: ReleasePolicy, variants?: { stable?: string; candidate?: string }) =>
  startTraffic(registeredCandidate(policy, variants), planOf(policy), 1_000);

describe('routedVersion: the version every request of the model reaches', () => {
  it('is none before a first version is stable', () => {
    const spec = { name: 'churn', version: '1.0.0', release: canary } as ModelSpec;
    expect(routedVersion(startRollout(undefined, spec, 0, 'new'))).toBeUndefined();
  });

  it('is stable while a canary sends part of the traffic to the candidate', () => {
    expect(routedVersion(carrying(canary))).toEqual({ version: '1.0.0', targetModel: 'churn/1.0.0-a' });
  });

  it('is the candidate once its route carries all the traffic (all at once)', () => {
    expect(routedVersion(carrying(allAtOnce))).toMatchObject({ version: '1.1.0', targetModel: 'churn/1.1.0-b' });
  });

  it('is stable at 99% on the candidate and the candidate at 100%', () => {
    const r = carrying(canary);
    expect(routedVersion({ ...r, weight: 99 })?.version).toBe('1.0.0');
    expect(routedVersion({ ...r, weight: 100 })?.version).toBe('1.1.0');
  });

  it('is stable for an all-at-once release that does not carry traffic yet (registered)', () => {
    expect(routedVersion({ ...registeredCandidate(allAtOnce), weight: 100 })?.version).toBe('1.0.0');
  });

  it('is the new stable once promoted', () => {
    expect(routedVersion(promote(carrying(canary), { at: 5, why: 'ok' }))?.version).toBe('1.1.0');
  });
});

describe('routeFor: production variants and mirroring', () => {
  it('names the production variant of each version a variant serves', () => {
    expect(routeFor(carrying(canary, { stable: 'churn-1-0-0-aaaa', candidate: 'churn-1-1-0-bbbb' }))).toEqual({
      model: 'churn',
      stable: { version: '1.0.0', targetModel: 'churn/1.0.0-a', targetVariant: 'churn-1-0-0-aaaa' },
      candidate: { version: '1.1.0', targetModel: 'churn/1.1.0-b', targetVariant: 'churn-1-1-0-bbbb' },
      candidateWeight: 10,
      mode: 'weighted',
    });
  });

  it('keeps the stable variant when nothing goes to the candidate', () => {
    expect(routeFor(registeredCandidate(canary, { stable: 'churn-1-0-0-aaaa', candidate: 'c' }))).toEqual({
      model: 'churn',
      stable: { version: '1.0.0', targetModel: 'churn/1.0.0-a', targetVariant: 'churn-1-0-0-aaaa' },
      candidateWeight: 0,
      mode: 'weighted',
    });
  });

  it('keeps mirroring while a shadow is paused', () => {
    expect(routeFor(pause(carrying(shadow), { at: 2_000, why: 'look' }))).toEqual({
      model: 'churn',
      stable: { version: '1.0.0', targetModel: 'churn/1.0.0-a' },
      candidate: { version: '1.1.0', targetModel: 'churn/1.1.0-b' },
      candidateWeight: 0,
      mode: 'weighted',
      mirror: 10,
    });
  });

  it('mirrors nothing for a step index its plan does not have', () => {
    const route = routeFor({ ...carrying(shadow), step: 7, weight: 20 });
    expect(route).toMatchObject({ candidateWeight: 20, candidate: { version: '1.1.0' } });
    expect(route).not.toHaveProperty('mirror');
  });
});

describe('advance: when a shadow hands its evidence over to the canary', () => {
  const twoMirrored: StepPlan = {
    steps: [
      { weight: 0, holdMs: 1_000, mirror: 10 },
      { weight: 0, holdMs: 1_000, mirror: 50 },
      { weight: 20, holdMs: 1_000 },
    ],
    mode: 'weighted',
  };

  it('keeps the evidence window from one mirrored step to the next, and restarts it when mirroring stops', () => {
    const r = carrying(shadow);
    const second = advance(r, twoMirrored, 1, 0, { at: 5_000, why: 'ok' });
    expect(second).toMatchObject({ step: 1, stepSince: 5_000, trafficSince: 1_000 });

    const third = advance(second, twoMirrored, 2, 20, { at: 9_000, why: 'ok' });
    expect(third).toMatchObject({ step: 2, stepSince: 9_000, trafficSince: 9_000 });
  });

  it('reads a step index its plan does not have as not mirroring, on either side', () => {
    const lost = advance({ ...carrying(canary), step: 7 }, planOf(canary), 0, 10, { at: 5_000, why: 'ok' });
    expect(lost).toMatchObject({ step: 0, stepSince: 5_000, trafficSince: 1_000 });

    const past = advance(carrying(shadow), planOf(shadow), 4, 20, { at: 5_000, why: 'ok' });
    expect(past).toMatchObject({ step: 4, stepSince: 5_000, trafficSince: 5_000 });
  });
});

describe('progress: the findings a step event keeps', () => {
  const letters = (count: number): DeadLetterResult => ({
    version: '1.1.0',
    count,
    max: 5,
    fails: false,
    examples: count > 0 ? ['req-1'] : [],
  });
  const pass = (deadLetters: DeadLetterResult): Verdict => ({ outcome: 'pass', why: 'gates pass', deadLetters });

  it('leaves out a dead-letter count of 0, and keeps one of 1', () => {
    const none = progress(carrying(canary), pass(letters(0)), 61_000);
    expect(none.changed && none.record.history.at(-1)).toMatchObject({ type: 'promoted' });
    expect(none.changed && none.record.history.at(-1)).not.toHaveProperty('deadLetters');

    const one = progress(carrying(canary), pass(letters(1)), 61_000);
    expect(one.changed && one.record.history.at(-1)?.deadLetters).toEqual(letters(1));
  });
});

describe('shadow plan', () => {
  it('is weighted (no sticky key), with or without a canary after it', () => {
    expect(shadowPlan({ sample: 5, durationMs: 60_000 })).toEqual({
      steps: [{ weight: 0, holdMs: 60_000, mirror: 5 }],
      mode: 'weighted',
    });
  });

  it('judges divergence at no step index the plan does not have', () => {
    const withDivergence = { ...gates, maxDivergence: { maxAbsDiff: 0.1, maxRate: 0.01 } } as never;
    expect(gatesAtStep(withDivergence, planOf(shadow), 0)).toHaveProperty('maxDivergence');
    expect(gatesAtStep(withDivergence, planOf(shadow), 5)).toEqual(gates);
  });
});

describe('medianOfThree: the quickselect pivot', () => {
  it.each([
    [1, 2, 3],
    [1, 3, 2],
    [2, 1, 3],
    [2, 3, 1],
    [3, 1, 2],
    [3, 2, 1],
  ])('is the middle value of %d, %d, %d', (a, b, c) => {
    expect(medianOfThree(a, b, c)).toBe(2);
  });

  it('is the repeated value when two are equal', () => {
    expect([medianOfThree(2, 2, 1), medianOfThree(1, 3, 3), medianOfThree(3, 1, 3)]).toEqual([2, 3, 3]);
  });
});
