import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import {
  abort,
  beginCompile,
  pause,
  promote,
  registered,
  rollBack,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routeFor, sameRoute } from '../../src/domain/rollout/route-for.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };
const canary: ReleasePolicy = { strategy: 'canary', steps: [{ weight: 10, bakeMs: 60_000 }], gates };
const ab: ReleasePolicy = {
  strategy: 'ab',
  split: 30,
  sticky: { source: 'header', name: 'x-user-id' },
  durationMs: 3_600_000,
  gates,
};
const who = { at: 5, why: 'test' };

/** fraud 1.0.0 stable; 1.1.0 registered, not yet carrying traffic. */
function registeredCandidate(policy: ReleasePolicy): RolloutRecord {
  const spec = { name: 'fraud', version: '1.1.0', release: policy } as ModelSpec;
  const base = {
    ...startRollout(undefined, spec, 0, 'new'),
    stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
  };
  return registered(beginCompile(base, 1), 2, 'fraud/1.1.0-b', 'bb');
}
const carrying = (policy: ReleasePolicy) => {
  const r = registeredCandidate(policy);
  return startTraffic(r, planOf(policy), 3);
};
const stableOnly = {
  model: 'fraud',
  stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
  candidateWeight: 0,
  mode: 'weighted',
};

describe('routeFor: the route a rollout record implies', () => {
  it('has no route before a first version is stable', () => {
    const spec = { name: 'fraud', version: '1.0.0', release: canary } as ModelSpec;
    expect(
      routeFor(registered(beginCompile(startRollout(undefined, spec, 0, 'new'), 1), 2, 'fraud/1.0.0-a', 'aa')),
    ).toBe(undefined);
  });

  it('sends the step weight to the candidate while a canary progresses', () => {
    expect(routeFor(carrying(canary))).toEqual({
      model: 'fraud',
      stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
      candidate: { version: '1.1.0', targetModel: 'fraud/1.1.0-b' },
      candidateWeight: 10,
      mode: 'weighted',
    });
  });

  it('keeps the candidate weight while paused', () => {
    expect(routeFor(pause(carrying(canary), who))).toMatchObject({
      candidateWeight: 10,
      candidate: { version: '1.1.0' },
    });
  });

  it('splits A/B traffic by the sticky key', () => {
    expect(routeFor(carrying(ab))).toEqual({
      model: 'fraud',
      stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
      candidate: { version: '1.1.0', targetModel: 'fraud/1.1.0-b' },
      candidateWeight: 30,
      mode: 'sticky',
      sticky: { source: 'header', name: 'x-user-id' },
    });
  });

  it.each([
    ['registered, before traffic', () => registeredCandidate(canary)],
    ['rolled back', () => rollBack(carrying(canary), who)],
    ['aborted', () => abort(carrying(canary), who)],
  ])('sends everything to stable when %s', (_why, record) => {
    expect(routeFor(record())).toEqual(stableOnly);
  });

  it('sends everything to the new stable once promoted', () => {
    expect(routeFor(promote(carrying(canary), who))).toEqual({
      ...stableOnly,
      stable: { version: '1.1.0', targetModel: 'fraud/1.1.0-b' },
    });
  });

  it('sends nothing to a candidate without a target model, even while progressing', () => {
    const r = carrying(canary);
    const withoutTarget = { ...r, candidate: { ...r.candidate!, targetModel: '' } };
    expect(routeFor(withoutTarget)).toEqual(stableOnly);
  });
});

describe('sameRoute', () => {
  it('tells equal routes from different ones, and a route from none', () => {
    const a = routeFor(carrying(canary));
    expect(sameRoute(a, routeFor(carrying(canary)))).toBe(true);
    expect(sameRoute(a, { ...a!, candidateWeight: 50 })).toBe(false);
    expect(sameRoute(a, undefined)).toBe(false);
    expect(sameRoute(undefined, undefined)).toBe(true);
  });
});
