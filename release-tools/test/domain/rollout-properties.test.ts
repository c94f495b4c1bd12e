import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import type { Verdict } from '../../src/domain/gates/verdict.ts';
import type { Intent } from '../../src/domain/intents.ts';
import { applyIntent } from '../../src/domain/rollout/apply-intent.ts';
import { beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import { isTerminal, type Phase, type RolloutRecord } from '../../src/domain/rollout/record.ts';
import { IllegalTransitionError, transition } from '../../src/domain/rollout/transition.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import { ALL_PHASES, TERMINAL } from '../support/phases.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };
const policyArb: fc.Arbitrary<ReleasePolicy> = fc.oneof(
  fc
    .array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), bakeMs: fc.integer({ min: 0, max: 10_000 }) }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((steps) => ({ strategy: 'canary' as const, steps, gates })),
  fc
    .record({ increment: fc.integer({ min: 1, max: 100 }), intervalMs: fc.integer({ min: 0, max: 10_000 }) })
    .map((p) => ({ strategy: 'linear' as const, ...p, gates })),
  fc.integer({ min: 1, max: 99 }).map((split) => ({
    strategy: 'ab' as const,
    split,
    sticky: { source: 'header' as const, name: 'u' },
    durationMs: 5_000,
    gates,
  })),
  fc.constant({ strategy: 'all-at-once' as const, gates }),
);

type Op =
  | { kind: 'tick'; dt: number; outcome: Verdict['outcome'] }
  | { kind: 'intent'; type: Intent['type']; full: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      dt: fc.integer({ min: 0, max: 6_000 }),
      outcome: fc.constantFrom('pass', 'wait', 'fail') as fc.Arbitrary<Verdict['outcome']>,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('intent' as const),
      type: fc.constantFrom('promote', 'rollback', 'abort', 'pause', 'resume') as fc.Arbitrary<Intent['type']>,
      full: fc.boolean(),
    }),
  },
);

function verdictOf(outcome: Verdict['outcome']): Verdict {
  if (outcome === 'fail') return { outcome, why: 'x', failedBy: { kind: 'alarm', alarm: 'a', reason: 'r' } };
  return { outcome, why: 'x' };
}

function progressingRecord(policy: ReleasePolicy): RolloutRecord {
  const spec = { name: 'm', version: '2', release: policy } as ModelSpec;
  const base = { ...startRollout(undefined, spec, 0, 'new'), stable: { version: '1', targetModel: 'm/1' } };
  return startTraffic(registered(beginCompile(base, 0), 0, 'm/2', 'ff'), planOf(policy), 0);
}

/** Traffic share of the released version: its weight while a candidate, all of it once promoted. */
const share = (r: RolloutRecord) => (r.phase === 'Promoted' ? 100 : r.weight);

describe('rollout properties', () => {
  it('keeps weights within 0..100, monotone until a rollback, and never leaves a terminal state', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { maxLength: 40 }), (policy, ops) => {
        let r = progressingRecord(policy);
        let now = 0;
        let seq = 0;
        let terminalPhase: Phase | undefined;
        for (const op of ops) {
          const before = r;
          if (op.kind === 'tick') {
            now += op.dt;
            if (r.phase === 'Progressing' || r.phase === 'Paused') {
              const result = progress(r, verdictOf(op.outcome), now);
              if (result.changed) r = result.record;
            }
          } else {
            r = applyIntent(r, { seq: ++seq, type: op.type, at: now, who: 'u', full: op.full });
          }
          expect(r.weight).toBeGreaterThanOrEqual(0);
          expect(r.weight).toBeLessThanOrEqual(100);
          if (r.phase !== 'RolledBack' && r.phase !== 'Aborted') expect(share(r)).toBeGreaterThanOrEqual(share(before));
          if (terminalPhase) expect(r.phase).toBe(terminalPhase);
          if (TERMINAL.includes(r.phase)) terminalPhase = r.phase;
          expect(r.history.length).toBeGreaterThanOrEqual(before.history.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('calls Promoted, RolledBack, Aborted and Retired terminal, and no other phase', () => {
    expect(ALL_PHASES.filter(isTerminal)).toEqual(['Promoted', 'RolledBack', 'Aborted', 'Retired']);
  });

  it('refuses every transition out of a terminal phase', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TERMINAL), fc.constantFrom(...ALL_PHASES), (from, to) => {
        const r = { ...progressingRecord({ strategy: 'all-at-once', gates }), phase: from };
        expect(() => transition(r, to, { type: 'step', at: 0, why: 'x' })).toThrow(IllegalTransitionError);
      }),
    );
  });
});
