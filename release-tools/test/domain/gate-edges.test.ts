// The edges of the newer gates, written out: the dead-letter gate's age limit and its line, the
// manual gate's refusals by phase, the divergence view's mirror, share and finding chosen, and
// the step gates' small predicates.
import { describe, expect, it } from 'vitest';
import type { Gates, ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import { assessGates, type GateSignals } from '../../src/domain/gates/assess-gates.ts';
import {
  assessDeadLetters,
  type DeadLetterEvidence,
  describeDeadLetters,
} from '../../src/domain/gates/dead-letter-gate.ts';
import type { DivergenceResult } from '../../src/domain/gates/divergence-gate.ts';
import { divergenceView, viewOfFinding } from '../../src/domain/gates/divergence-view.ts';
import { approvalRefusal, approveStep } from '../../src/domain/gates/manual-gate.ts';
import { decideStepGates, hasStepGates, stateAt, withAnswer } from '../../src/domain/gates/step-gates.ts';
import { webhookVerdict } from '../../src/domain/gates/webhook-gate.ts';
import { beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import type { MirroredPair } from '../../src/ports/mirrored-pairs.ts';
import type { WebhookAnswer } from '../../src/ports/webhook.ts';

const evidence = (count: number, oldestAgeMs?: number, ids = count): DeadLetterEvidence => ({
  version: '1.1.0',
  count,
  ...(oldestAgeMs !== undefined ? { oldestAgeMs } : {}),
  requestIds: Array.from({ length: ids }, (_, i) => `req-${i}`),
});

describe('the dead-letter gate, written out', () => {
  it('reports the gate it applied, with the age limit only when it has one', () => {
    expect(assessDeadLetters({ max: 3, maxAgeMs: 60_000 }, evidence(2, 30_000))).toStrictEqual({
      version: '1.1.0',
      count: 2,
      max: 3,
      oldestAgeMs: 30_000,
      maxAgeMs: 60_000,
      fails: false,
      examples: ['req-0', 'req-1'],
    });
    expect(assessDeadLetters({ max: 3 }, evidence(0))).toStrictEqual({
      version: '1.1.0',
      count: 0,
      max: 3,
      fails: false,
      examples: [],
    });
  });

  it('an age with no dead letters (a stale reading) fails nothing and is not shown as theirs', () => {
    const d = assessDeadLetters({ max: 3, maxAgeMs: 60_000 }, evidence(0, 90_000, 0));
    expect(d.fails).toBe(false);
    expect(describeDeadLetters(d)).toBe('0 dead letters of candidate 1.1.0 (max 3, max age 60s)');
  });

  it('without an age limit any age passes', () => {
    expect(assessDeadLetters({ max: 3 }, evidence(2, 10 * 3_600_000)).fails).toBe(false);
  });

  it.each([
    [{ max: 0 }, evidence(1, 1_400), '1 dead letter of candidate 1.1.0 (max 0), oldest 1s old; e.g. requests req-0'],
    [{ max: 0 }, evidence(2), '2 dead letters of candidate 1.1.0 (max 0); e.g. requests req-0, req-1'],
    [
      { max: 5, maxAgeMs: 119_999 },
      evidence(2, 119_400),
      '2 dead letters of candidate 1.1.0 (max 5, max age 120s), oldest 119s old; e.g. requests req-0, req-1',
    ],
    [
      { max: 5, maxAgeMs: 120_000 },
      evidence(2, 150_000, 0),
      '2 dead letters of candidate 1.1.0 (max 5, max age 2m), oldest 3m old',
    ],
    [
      { max: 5, maxAgeMs: 5_400_000 },
      evidence(3, 5_430_000, 0),
      '3 dead letters of candidate 1.1.0 (max 5, max age 90m), oldest 91m old',
    ],
  ])('%o: %s', (gate, e, line) => {
    expect(describeDeadLetters(assessDeadLetters(gate, e))).toBe(line);
  });
});

const gates = (extra: Partial<Gates>): Gates => ({
  maxErrorRate: 0.01,
  maxP99LatencyMs: 100,
  minRequests: 10,
  alarms: [],
  ...extra,
});
const canary = (g: Gates): ReleasePolicy => ({
  strategy: 'canary',
  steps: [
    { weight: 10, bakeMs: 60_000 },
    { weight: 50, bakeMs: 60_000 },
  ],
  gates: g,
});
/** 1.1.0 registered, then (with traffic) at step 1 (10%) since t=1000. */
function rollout(policy: ReleasePolicy, traffic = true): RolloutRecord {
  const spec = { name: 'fraud', version: '1.1.0', artifact: 'm/1.1.0', release: policy } as ModelSpec;
  const stable: RolloutRecord = {
    ...startRollout(undefined, { ...spec, version: '1.0.0' }, 0, 'new'),
    phase: 'Promoted',
    stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
    candidate: undefined,
  };
  const r = registered(beginCompile(startRollout(stable, spec, 1, 'v'), 2), 3, 'fraud/1.1.0-b', 'bb');
  return traffic ? startTraffic(r, planOf(policy), 1_000) : r;
}

describe('the manual gate by phase', () => {
  const manual = canary(gates({ manual: { on: 'step' } }));

  it.each([
    ['Promoted', 'rollout is Promoted'],
    ['RolledBack', 'rollout is RolledBack'],
    ['Registered', 'no traffic on 1.1.0 yet (Registered)'],
    ['Compiling', 'no traffic on 1.1.0 yet (Compiling)'],
  ] as const)('%s: %s', (phase, why) => {
    expect(approvalRefusal({ ...rollout(manual), phase })).toBe(why);
  });

  it('takes an approval while Paused as while Progressing', () => {
    expect(approvalRefusal({ ...rollout(manual), phase: 'Paused' })).toBeUndefined();
    expect(approvalRefusal(rollout(manual))).toBeUndefined();
  });

  it('an approval without a reason says "approved"', () => {
    const r = approveStep(rollout(manual), { seq: 1, type: 'approve', at: 5_000, who: 'ana' });
    expect(r.stepGates?.approval).toEqual({ at: 5_000, who: 'ana', why: 'approved' });
    expect(r.history.at(-1)?.why).toBe('step 1 approved by ana: approved');
  });
});

const finding = (pairs: number, exceeding: number, extra: Partial<DivergenceResult> = {}): DivergenceResult => ({
  metric: 'abs-diff-p99',
  threshold: 0.05,
  alpha: 0.05,
  pairs,
  exceeding,
  eValue: 0.5,
  diverges: false,
  dropped: 0,
  examples: [],
  ...extra,
});

describe('the divergence view, written out', () => {
  const shadow: ReleasePolicy = {
    strategy: 'shadow',
    sample: 10,
    durationMs: 60_000,
    followedBy: { strategy: 'canary', steps: [{ weight: 20, bakeMs: 60_000 }] },
    gates: gates({ maxDivergence: { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 } }),
  };
  const looked = (r: RolloutRecord, at: number, d: DivergenceResult): RolloutRecord => ({
    ...r,
    lastVerdict: { at, outcome: 'pass', why: 'ok', divergence: d },
  });
  const recorded = (r: RolloutRecord, at: number, d: DivergenceResult): RolloutRecord => ({
    ...r,
    history: [...r.history, { ...r.history.at(-1)!, at, divergence: d }],
  });

  it('with no pairs the share is 0, not NaN', () => {
    expect(viewOfFinding(finding(0, 0), 7)).toStrictEqual({
      metric: 'abs-diff-p99',
      threshold: 0.05,
      alpha: 0.05,
      pairs: 0,
      exceeding: 0,
      share: 0,
      tolerated: expect.any(Number),
      eValue: 0.5,
      verdict: 'no-pairs',
      dropped: 0,
      examples: [],
      at: 7,
    });
  });

  it('shows the p99 difference when the finding has one', () => {
    expect(viewOfFinding(finding(10, 0, { p99AbsDiff: 0.02 }), 7).p99AbsDiff).toBe(0.02);
  });

  it('shows the mirror while Paused, not once the rollout is over', () => {
    const r = looked(rollout(shadow), 50, finding(20, 0));
    expect(divergenceView({ ...r, phase: 'Paused' })?.mirroring).toBe(10);
    expect(divergenceView({ ...r, phase: 'RolledBack' })).not.toHaveProperty('mirroring');
  });

  it('a step past the plan (the policy changed under it) mirrors nothing', () => {
    expect(divergenceView({ ...looked(rollout(shadow), 50, finding(20, 0)), step: 5 })).not.toHaveProperty('mirroring');
  });

  it('the later of the last verdict and the recorded finding wins; at the same instant, the verdict', () => {
    const base = rollout(shadow);
    expect(divergenceView(recorded(looked(base, 50, finding(20, 0)), 60, finding(30, 0)))?.pairs).toBe(30);
    expect(divergenceView(recorded(looked(base, 60, finding(20, 0)), 60, finding(30, 0)))?.pairs).toBe(20);
    expect(divergenceView(recorded(looked(base, 70, finding(20, 0)), 60, finding(30, 0)))?.pairs).toBe(20);
  });
});

describe('step gates: the small predicates', () => {
  const hook = { url: 'https://a.example.com/gate', timeoutMs: 1_000, on: 'step' as const, onFailure: 'hold' as const };

  it.each([
    [[], false, false],
    [[hook], false, true],
    [[], true, true],
    [[hook], true, true],
  ])('webhooks %j, manual %s: step gates %s', (webhooks, manual, expected) => {
    expect(hasStepGates({ webhooks, manual })).toBe(expected);
  });

  it('a passing answer has no retry time', () => {
    const state = withAnswer(stateAt(undefined, 0), hook.url, { outcome: 'pass', why: 'ok' }, 1_000);
    expect(state.webhooks[0]).not.toHaveProperty('retryAt');
  });

  it('an approval recorded where no manual gate asks is not named', () => {
    const state = {
      ...withAnswer(stateAt(undefined, 0), hook.url, { outcome: 'pass', why: 'A pass' }, 1_000),
      approval: { at: 1, who: 'ana', why: 'ok' },
    };
    expect(decideStepGates('fraud', { webhooks: [hook], manual: false }, state)).toEqual({
      kind: 'proceed',
      why: 'A pass',
    });
  });
});

describe('the webhook gate at the edges of 2xx and of a reason’s length', () => {
  const URL = 'https://checks.example.com/gate';
  const ok = (json: unknown, status: number): WebhookAnswer => ({ kind: 'response', status, body: { json } });

  it.each([
    [199, 'hold', `webhook ${URL}: hold (HTTP 199)`],
    [200, 'pass', `webhook ${URL}: pass`],
    [299, 'pass', `webhook ${URL}: pass`],
    [300, 'hold', `webhook ${URL}: hold (HTTP 300)`],
  ])('HTTP %s with pass: true: %s', (status, outcome, why) => {
    expect(webhookVerdict({ url: URL, onFailure: 'hold' }, ok({ pass: true }, status))).toEqual({ outcome, why });
  });

  it('keeps a reason of 200 characters whole and cuts one of 201 to 199 and an ellipsis', () => {
    const verdict = (reason: string) =>
      webhookVerdict({ url: URL, onFailure: 'hold' }, ok({ pass: true, reason }, 200));
    expect(verdict('r'.repeat(200)).why).toBe(`webhook ${URL}: pass: ${'r'.repeat(200)}`);
    expect(verdict('r'.repeat(201)).why).toBe(`webhook ${URL}: pass: ${'r'.repeat(199)}…`);
    expect(verdict(' \n\t ').why).toBe(`webhook ${URL}: pass`);
  });
});

describe('assessGates: a traffic failure during an undecided divergence', () => {
  const gates = {
    maxErrorRate: 0.01,
    maxP99LatencyMs: 200,
    minRequests: 100,
    alarms: [],
    maxDivergence: { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 },
  } as const;
  /** 155 pairs, every 31st differing by 0.6: 5 beyond tolerance (3.2%, 1% tolerated), e-value under 20. */
  const undecided: MirroredPair[] = Array.from({ length: 155 }, (_, i) => ({
    model: 'churn',
    stableVersion: '1.0.0',
    candidateVersion: '1.1.0',
    requestId: `req-${i}`,
    maxAbsDiff: i % 31 === 30 ? 0.6 : 0,
    disagree: i % 31 === 30,
    at: i,
  }));

  it('fails on the error rate; the divergence that has not decided does not turn it into a wait', () => {
    const signals: GateSignals = {
      candidate: { count: 500, errors: 50, p50Ms: 10, p99Ms: 20 },
      stable: { count: 500, errors: 0, p50Ms: 10, p99Ms: 20 },
      strata: [],
      alarms: [],
      mirror: { pairs: undecided, dropped: 0 },
    };
    const verdict = assessGates(signals, { gates });
    expect(verdict.divergence).toMatchObject({ pairs: 155, exceeding: 5, diverges: false });
    expect(verdict.outcome).toBe('fail');
  });
});
