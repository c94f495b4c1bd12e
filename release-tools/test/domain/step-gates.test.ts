// Step gates as pure functions: which gates a move asks, which webhooks are due, what the answers
// allow, and the manual gate's approval (who, why, for which step).
import { describe, expect, it } from 'vitest';
import type { Gates, ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import { approvalRefusal } from '../../src/domain/gates/manual-gate.ts';
import {
  decideStepGates,
  dueWebhooks,
  gatesAtMove,
  type StepGateState,
  stateAt,
  withAnswer,
} from '../../src/domain/gates/step-gates.ts';
import { webhookBody } from '../../src/domain/gates/webhook-body.ts';
import type { Intent } from '../../src/domain/intents.ts';
import { applyIntent } from '../../src/domain/rollout/apply-intent.ts';
import { advance, beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';

const A = 'https://a.example.com/gate';
const B = 'http://127.0.0.1:9000/gate';
const gates = (extra: Partial<Gates>): Gates => ({
  maxErrorRate: 0.01,
  maxP99LatencyMs: 100,
  minRequests: 10,
  alarms: [],
  ...extra,
});
const hooks = gates({
  webhooks: [
    { url: A, timeoutMs: 10_000, on: 'step', onFailure: 'hold' },
    { url: B, timeoutMs: 3_000, on: 'promote', onFailure: 'rollback' },
  ],
});

describe('which step gates a move asks', () => {
  it('on: step asks at every move, on: promote only before promotion', () => {
    expect(gatesAtMove(hooks, false).webhooks.map((w) => w.url)).toEqual([A]);
    expect(gatesAtMove(hooks, true).webhooks.map((w) => w.url)).toEqual([A, B]);
    expect(gatesAtMove(gates({ manual: { on: 'promote' } }), false).manual).toBe(false);
    expect(gatesAtMove(gates({ manual: { on: 'promote' } }), true).manual).toBe(true);
    expect(gatesAtMove(gates({ manual: { on: 'step' } }), false).manual).toBe(true);
  });

  it('a policy recorded before step gates asks nothing', () => {
    expect(gatesAtMove(gates({}), true)).toEqual({ webhooks: [], manual: false });
  });
});

describe('which webhooks are due', () => {
  const at = gatesAtMove(hooks, true);

  it('each once per step: a pass is not asked again; a hold after its backoff', () => {
    const empty = stateAt(undefined, 1);
    const passed = withAnswer(empty, A, { outcome: 'pass', why: 'ok' }, 1_000);
    const held = withAnswer(passed, B, { outcome: 'hold', why: 'timeout' }, 1_000);

    expect(dueWebhooks(at, empty, 1_000).map((w) => w.url)).toEqual([A, B]);
    expect(dueWebhooks(at, held, 10_999)).toEqual([]);
    expect(dueWebhooks(at, held, 11_000).map((w) => w.url)).toEqual([B]);
    expect(held.webhooks.find((w) => w.url === B)).toEqual({
      url: B,
      outcome: 'hold',
      why: 'timeout',
      at: 1_000,
      attempts: 1,
      retryAt: 11_000,
    });
    const again = withAnswer(held, B, { outcome: 'hold', why: 'timeout' }, 11_000);
    expect(again.webhooks.find((w) => w.url === B)).toMatchObject({ attempts: 2, retryAt: 31_000 });
  });

  it("another step's answers are stale", () => {
    const saved: StepGateState = { step: 0, webhooks: [{ url: A, outcome: 'pass', why: 'ok', at: 1, attempts: 1 }] };

    expect(stateAt(saved, 0)).toBe(saved);
    expect(stateAt(saved, 1)).toEqual({ step: 1, webhooks: [] });
  });
});

describe('what the answers allow', () => {
  const both = gatesAtMove(gates({ ...hooks, manual: { on: 'promote' } }), true);
  const answered = (a: 'pass' | 'hold' | 'rollback', b: 'pass' | 'hold' | 'rollback') =>
    withAnswer(
      withAnswer(stateAt(undefined, 2), A, { outcome: a, why: `A ${a}` }, 0),
      B,
      { outcome: b, why: `B ${b}` },
      0,
    );
  const approval = { at: 5, who: 'ana', why: 'numbers look right' };

  it('a rollback wins over holds and a missing approval', () => {
    expect(decideStepGates('fraud', both, answered('hold', 'rollback'))).toEqual({
      kind: 'rollback',
      why: 'B rollback',
    });
  });

  it('holds name every webhook not passed yet and the approval awaited', () => {
    expect(decideStepGates('fraud', both, answered('pass', 'hold'))).toEqual({
      kind: 'hold',
      why: 'B hold; waiting for approval (mlrelease approve fraud --reason ...)',
    });
    expect(decideStepGates('fraud', both, stateAt(undefined, 2)).why).toBe(
      `webhook ${A}: not asked yet; webhook ${B}: not asked yet; waiting for approval (mlrelease approve fraud --reason ...)`,
    );
  });

  it('proceeds once every webhook passed and a person approved, saying so', () => {
    expect(decideStepGates('fraud', both, { ...answered('pass', 'pass'), approval })).toEqual({
      kind: 'proceed',
      why: 'A pass; B pass; approved by ana: numbers look right',
    });
  });
});

const canary = (g: Gates): ReleasePolicy => ({
  strategy: 'canary',
  steps: [
    { weight: 10, bakeMs: 60_000 },
    { weight: 50, bakeMs: 60_000 },
  ],
  gates: g,
});
const spec = (version: string, release: ReleasePolicy) =>
  ({ name: 'fraud', version, artifact: `m/${version}`, release }) as ModelSpec;
/** 1.0.0 stable, 1.1.0 at step 1 (10%) since t=1000. */
function carrying(policy: ReleasePolicy): RolloutRecord {
  const stable: RolloutRecord = {
    ...startRollout(undefined, spec('1.0.0', policy), 0, 'new'),
    phase: 'Promoted',
    stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
    candidate: undefined,
  };
  const r = registered(beginCompile(startRollout(stable, spec('1.1.0', policy), 1, 'v'), 2), 3, 'fraud/1.1.0-b', 'bb');
  return startTraffic(r, planOf(policy), 1_000);
}
const approve = (seq: number, who = 'ana', reason?: string): Intent => ({
  seq,
  type: 'approve',
  at: 50_000,
  who,
  ...(reason ? { reason } : {}),
});

describe('mlrelease approve, applied', () => {
  it('records the approval for the current step with who and why, while the step still bakes', () => {
    const r = applyIntent(carrying(canary(gates({ manual: { on: 'step' } }))), approve(1, 'ana', 'dashboards checked'));

    expect(r.intentSeq).toBe(1);
    expect(r.stepGates).toEqual({
      step: 0,
      webhooks: [],
      approval: { at: 50_000, who: 'ana', why: 'dashboards checked' },
    });
    expect(r.history.at(-1)).toMatchObject({
      type: 'approved',
      who: 'ana',
      why: 'step 1 approved by ana: dashboards checked',
      step: 0,
      weight: 10,
    });
  });

  it.each<[string, RolloutRecord, string]>([
    [
      'without a manual gate',
      carrying(canary(gates({}))),
      'its release has no manual gate (gates: { manual: { on: step | promote } })',
    ],
    [
      'at a step the gate does not ask (on: promote)',
      carrying(canary(gates({ manual: { on: 'promote' } }))),
      'step 1/2 needs no approval (the manual gate asks before promotion only)',
    ],
    [
      'twice for one step',
      applyIntent(carrying(canary(gates({ manual: { on: 'step' } }))), approve(1, 'ana', 'ok')),
      'step 1 is already approved by ana: ok',
    ],
  ])('is noted and ignored %s', (_name, r, why) => {
    const after = applyIntent(r, approve(2, 'bo'));

    expect(approvalRefusal(r)).toBe(why);
    expect(after.history.at(-1)).toMatchObject({ type: 'intent-ignored', who: 'bo', why: `approve ignored: ${why}` });
    expect(after.stepGates).toEqual(r.stepGates);
  });

  it('with on: promote, is taken at the last step', () => {
    const policy = canary(gates({ manual: { on: 'promote' } }));
    const last = advance(carrying(policy), planOf(policy), 1, 50, { at: 70_000, why: 'ok' });

    expect(applyIntent(last, approve(1)).stepGates?.approval?.who).toBe('ana');
  });
});

describe('the webhook body', () => {
  it('is a small, versioned summary of the rollout at the move', () => {
    const policy = canary(hooks);
    const r = carrying(policy);
    const verdict = {
      outcome: 'pass' as const,
      why: '120 requests, error rate 0.00%, p99 20ms',
      judge: {
        metric: 'latency' as const,
        test: 'sequential-rank' as const,
        alpha: 0.05,
        pValue: 0.8,
        z: 0,
        pTwoSided: 1,
        effectSize: 0,
        candidateN: 1,
        stableN: 1,
        candidateWorse: false,
      },
    };

    expect(webhookBody(r, planOf(policy), { on: 'step' }, verdict, 61_000)).toEqual({
      apiVersion: 'mlrelease/webhook/v1',
      id: 'fraud/2/1',
      at: '1970-01-01T00:01:01.000Z',
      model: 'fraud',
      rolloutId: 2,
      strategy: 'canary',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      on: 'step',
      step: 1,
      steps: 2,
      weight: 10,
      next: { kind: 'advance', step: 2, weight: 50 },
      gates: {
        outcome: 'pass',
        why: '120 requests, error rate 0.00%, p99 20ms',
        judge: { metric: 'latency', test: 'sequential-rank', pValue: 0.8, alpha: 0.05 },
      },
    });
    const last = advance(r, planOf(policy), 1, 50, { at: 70_000, why: 'ok' });
    expect(webhookBody(last, planOf(policy), { on: 'promote' }, { outcome: 'pass', why: 'ok' }, 0).next).toEqual({
      kind: 'promote',
    });
  });
});
