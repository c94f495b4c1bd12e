// The rollout state machine one operation at a time, each expectation written out: which phase may
// follow which, what each operation records, how a pause moves the bake, what a tick and an intent do.
import { describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import type { Verdict } from '../../src/domain/gates/verdict.ts';
import { applyIntent } from '../../src/domain/rollout/apply-intent.ts';
import {
  abort,
  advance,
  beginCompile,
  pause,
  promote,
  registered,
  resume,
  retire,
  rollBack,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { canTransition, IllegalTransitionError, note, transition } from '../../src/domain/rollout/transition.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import { ALL_PHASES } from '../support/phases.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };
const canary: ReleasePolicy = {
  strategy: 'canary',
  steps: [
    { weight: 10, bakeMs: 60_000 },
    { weight: 50, bakeMs: 60_000 },
    { weight: 100, bakeMs: 60_000 },
  ],
  gates,
};
const spec = (version: string, release: ReleasePolicy = canary) =>
  ({ name: 'fraud', version, artifact: `models/fraud-${version}.onnx`, release }) as ModelSpec;

/** 1.0.0 stable; 1.1.0 registered as fraud/1.1.0-b, no traffic yet. */
function registeredCandidate(policy: ReleasePolicy = canary): RolloutRecord {
  const stable: RolloutRecord = {
    ...startRollout(undefined, spec('1.0.0', policy), 0, 'new'),
    phase: 'Promoted',
    stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-a' },
    candidate: undefined,
  };
  return registered(
    beginCompile(startRollout(stable, spec('1.1.0', policy), 1, 'new version'), 2),
    3,
    'fraud/1.1.0-b',
    'bb',
  );
}
/** 1.1.0 on step 1 (10%) since t=1000. */
const carrying = (policy: ReleasePolicy = canary) => startTraffic(registeredCandidate(policy), planOf(policy), 1_000);
const last = (r: RolloutRecord) => r.history.at(-1)!;
const pass: Verdict = { outcome: 'pass', why: 'gates pass' };
const wait: Verdict = { outcome: 'wait', why: '3 of 10 requests' };

describe('the phase graph', () => {
  const phases = ALL_PHASES;

  it('allows exactly these moves', () => {
    const allowed = phases.flatMap((from) =>
      phases.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`),
    );

    expect(allowed).toEqual([
      'Pending>Compiling',
      'Pending>Aborted',
      'Compiling>Registered',
      'Compiling>Aborted',
      'Registered>Progressing',
      'Registered>Promoted',
      'Registered>Aborted',
      'Progressing>Progressing',
      'Progressing>Paused',
      'Progressing>Promoted',
      'Progressing>RolledBack',
      'Progressing>Aborted',
      'Paused>Progressing',
      'Paused>Promoted',
      'Paused>RolledBack',
      'Paused>Aborted',
    ]);
  });

  it('names the model and both phases when a move is refused, and says when the phase is terminal', () => {
    const r = carrying();
    expect(() => transition(r, 'Compiling', { type: 'step', at: 0, why: 'x' })).toThrow(
      new IllegalTransitionError('fraud', 'Progressing', 'Compiling'),
    );
    expect(new IllegalTransitionError('fraud', 'Progressing', 'Compiling').message).toBe(
      'fraud: cannot go from Progressing to Compiling',
    );
    expect(new IllegalTransitionError('fraud', 'Aborted', 'Progressing').message).toBe(
      'fraud: cannot go from Aborted to Progressing (terminal)',
    );
    expect(new IllegalTransitionError('fraud', 'Aborted', 'Progressing').name).toBe('IllegalTransitionError');
  });

  it('records the step and weight only on events of a rollout carrying traffic, and the controller as who by default', () => {
    const compiling = beginCompile(startRollout(undefined, spec('1.0.0'), 7, 'new'), 8);
    expect(last(compiling)).toStrictEqual({
      at: 8,
      rolloutId: 1,
      type: 'compiling',
      version: '1.0.0',
      from: 'Pending',
      to: 'Compiling',
      who: 'controller',
      why: 'preparing the release (compile, register)',
    });
    const noted = note(carrying(), { type: 'warmed', at: 9, who: 'ana', why: 'loaded', alarm: 'a1', held: false });
    expect(last(noted)).toEqual({
      at: 9,
      rolloutId: 2,
      type: 'warmed',
      version: '1.1.0',
      from: 'Progressing',
      to: 'Progressing',
      who: 'ana',
      why: 'loaded',
      step: 0,
      weight: 10,
      alarm: 'a1',
      held: false,
    });
  });
});

describe('rollout operations', () => {
  it('starts a first rollout as number 1, recording who started it and why', () => {
    const r = startRollout(undefined, spec('1.0.0'), 7, 'new model');

    expect(r).toEqual({
      model: 'fraud',
      rolloutId: 1,
      phase: 'Pending',
      candidate: { version: '1.0.0', artifact: 'models/fraud-1.0.0.onnx' },
      release: { version: '1.0.0', artifact: 'models/fraud-1.0.0.onnx', signature: undefined },
      policy: canary,
      step: 0,
      weight: 0,
      startedAt: 7,
      rolledBackVersions: [],
      intentSeq: 0,
      history: [
        { at: 7, rolloutId: 1, type: 'started', version: '1.0.0', to: 'Pending', who: 'controller', why: 'new model' },
      ],
    });
  });

  it('starts the next rollout after the last one, keeping stable, holds, handled intents and history', () => {
    const before = { ...rollBack(carrying(), { at: 2_000, why: 'alarm' }), intentSeq: 4 };

    const r = startRollout(before, spec('1.2.0'), 3_000, 'new version');

    expect(r.rolloutId).toBe(3);
    expect(r.stable).toEqual({ version: '1.0.0', targetModel: 'fraud/1.0.0-a' });
    expect(r.rolledBackVersions).toEqual(['1.1.0']);
    expect(r.intentSeq).toBe(4);
    expect(r.history.slice(0, -1)).toEqual(before.history);
    expect(last(r)).toMatchObject({ rolloutId: 3, type: 'started', version: '1.2.0' });
  });

  it('retires a model: no versions, no clock, its stable version named as the last release', () => {
    const r = retire({ ...pause(carrying(), { at: 1_500, why: 'look' }), trafficSince: 1_000 }, 9_000);

    expect(r).toMatchObject({ phase: 'Retired', rolloutId: 3, release: { version: '1.0.0' }, weight: 0 });
    for (const gone of ['stable', 'candidate', 'trafficSince', 'stepSince', 'pausedAt'])
      expect(r).not.toHaveProperty(gone);
    expect(last(r)).toEqual({
      at: 9_000,
      rolloutId: 3,
      type: 'retired',
      version: '1.0.0',
      to: 'Retired',
      who: 'controller',
      why: 'removed from models.yaml',
    });
    const neverStable = retire(startRollout(undefined, spec('0.1.0'), 0, 'new'), 1);
    expect(neverStable.release).toEqual({ version: '0.1.0' });
  });

  it('registers the prepared release on both candidate and release, with its production variant when single-model', () => {
    const base = beginCompile(startRollout(undefined, spec('1.0.0'), 0, 'new'), 1);

    const mme = registered(base, 2, 'fraud/1.0.0-a', 'aa');
    const neo = registered(base, 2, 'fraud/1.0.0-a', 'aa', 'fraud-1-0-0-aa');

    expect(mme.release).toEqual({
      version: '1.0.0',
      artifact: 'models/fraud-1.0.0.onnx',
      signature: undefined,
      targetModel: 'fraud/1.0.0-a',
      sha256: 'aa',
    });
    expect(mme.candidate).toEqual(mme.release);
    expect(last(mme)).toMatchObject({ type: 'registered', to: 'Registered', why: 'registered fraud/1.0.0-a' });
    expect(neo.release.targetVariant).toBe('fraud-1-0-0-aa');
    expect(last(neo).why).toBe('registered fraud/1.0.0-a (production variant fraud-1-0-0-aa)');
  });

  it('starts traffic at the first step, starting both the step and the metric window', () => {
    const r = carrying();

    expect(r).toMatchObject({ phase: 'Progressing', step: 0, weight: 10, stepSince: 1_000, trafficSince: 1_000 });
    expect(last(r)).toMatchObject({ type: 'step', to: 'Progressing', why: 'step 1/3: 10%' });
    expect(startTraffic(registeredCandidate(), { steps: [], mode: 'weighted' }, 5).weight).toBe(100);
  });

  it('advances to a step, restarting its bake, and never moves weight back towards stable', () => {
    const plan = planOf(canary);
    const up = advance(carrying(), plan, 1, 50, { at: 61_000, why: 'gates pass' });
    const down = advance(up, plan, 2, 30, { at: 62_000, why: 'gates pass' });

    expect(up).toMatchObject({ step: 1, weight: 50, stepSince: 61_000 });
    expect(last(up).why).toBe('step 2/3: 50% (gates pass)');
    expect(down).toMatchObject({ step: 2, weight: 50 });
    expect(last(down).why).toBe('step 3/3: 50% (gates pass)');
  });

  it('promotes a registered release to stable and clears the candidate', () => {
    const r = promote(carrying(), { at: 9, why: 'all steps healthy' });

    expect(r.stable).toEqual({
      version: '1.1.0',
      artifact: 'models/fraud-1.1.0.onnx',
      signature: undefined,
      targetModel: 'fraud/1.1.0-b',
      sha256: 'bb',
    });
    expect(r).toMatchObject({ phase: 'Promoted', candidate: undefined, weight: 0 });
    const unregistered = { ...carrying(), release: { version: '1.1.0' } };
    expect(() => promote(unregistered, { at: 9, why: 'x' })).toThrow(
      'fraud: cannot promote 1.1.0 before it is registered',
    );
  });

  it('holds a rolled-back version once, however often it is rolled back', () => {
    const r = rollBack(carrying(), { at: 9, why: 'alarm', alarm: 'mlrelease-fraud-candidate-errors' });

    expect(r).toMatchObject({ phase: 'RolledBack', candidate: undefined, weight: 0, rolledBackVersions: ['1.1.0'] });
    expect(last(r)).toMatchObject({ type: 'rolled-back', held: true, alarm: 'mlrelease-fraud-candidate-errors' });
    const again = rollBack({ ...carrying(), rolledBackVersions: ['1.1.0'] }, { at: 9, why: 'alarm' });
    expect(again.rolledBackVersions).toEqual(['1.1.0']);
  });

  it('holds an aborted version unless asked not to', () => {
    const held = abort(carrying(), { at: 9, why: 'user' });
    const free = abort(carrying(), { at: 9, why: 'models.yaml went back' }, { hold: false });

    expect(held).toMatchObject({ phase: 'Aborted', weight: 0, candidate: undefined, rolledBackVersions: ['1.1.0'] });
    expect(last(held).held).toBe(true);
    expect(free.rolledBackVersions).toEqual([]);
    expect(last(free).held).toBe(false);
  });

  it('resumes the bake where the pause stopped it', () => {
    const paused = pause(advance(carrying(), planOf(canary), 1, 50, { at: 40_000, why: 'p' }), {
      at: 100_000,
      why: 'look',
    });
    expect(paused).toMatchObject({ phase: 'Paused', pausedAt: 100_000, stepSince: 40_000 });

    const resumed = resume(paused, { at: 160_000, why: 'ok' });

    // 60 s baked before the pause; the 60 s paused do not count.
    expect(resumed).toMatchObject({ phase: 'Progressing', stepSince: 100_000 });
    expect(resumed).not.toHaveProperty('pausedAt', expect.anything());
    expect(resume({ ...paused, pausedAt: undefined }, { at: 160_000, why: 'ok' }).stepSince).toBe(40_000);
  });
});

describe('progress: one tick of a rollout carrying traffic', () => {
  const failing: Verdict = {
    outcome: 'fail',
    why: 'alarm mlrelease-fraud-candidate-errors is ALARM',
    failedBy: { kind: 'alarm', alarm: 'mlrelease-fraud-candidate-errors', reason: 'r' },
  };

  it('rolls back on a failing gate, naming the alarm, paused or not', () => {
    for (const r of [carrying(), pause(carrying(), { at: 1_100, why: 'look' })]) {
      const result = progress(r, failing, 2_000);
      expect(result.action).toBe('rolled-back');
      expect(result.changed && last(result.record)).toMatchObject({
        type: 'rolled-back',
        at: 2_000,
        why: 'alarm mlrelease-fraud-candidate-errors is ALARM',
        alarm: 'mlrelease-fraud-candidate-errors',
      });
    }
  });

  it('names no alarm when the judge failed the candidate', () => {
    const judged: Verdict = { outcome: 'fail', why: 'slower', failedBy: { kind: 'judge' } as never };
    const result = progress(carrying(), judged, 2_000);
    expect(result.changed && last(result.record)).not.toHaveProperty('alarm');
  });

  it('does nothing while paused and the gates pass', () => {
    expect(progress(pause(carrying(), { at: 1_100, why: 'look' }), pass, 999_999)).toEqual({
      changed: false,
      action: 'paused',
    });
  });

  it('bakes until the step has held for its whole bake, rounding the seconds left up', () => {
    expect(progress(carrying(), pass, 1_000 + 58_999)).toEqual({ changed: false, action: 'baking (2s left)' });
    expect(progress(carrying(), pass, 1_000 + 59_999)).toEqual({ changed: false, action: 'baking (1s left)' });
    expect(progress(carrying(), pass, 1_000 + 60_000)).toMatchObject({ changed: true, action: 'advanced' });
  });

  it('waits for enough traffic once the bake is over, without moving', () => {
    expect(progress(carrying(), wait, 61_000)).toEqual({ changed: false, action: 'waiting: 3 of 10 requests' });
  });

  it('advances to the next step at its weight when the bake is over and the gates pass', () => {
    const result = progress(carrying(), pass, 61_000);
    expect(result.changed && result.record).toMatchObject({ step: 1, weight: 50, stepSince: 61_000 });
  });

  it('promotes after the last step, saying why', () => {
    const lastStep = advance(carrying(), planOf(canary), 2, 100, { at: 200_000, why: 'p' });
    const result = progress(lastStep, pass, 260_000);
    expect(result.action).toBe('promoted');
    expect(result.changed && last(result.record)).toMatchObject({
      type: 'promoted',
      why: 'all steps healthy: gates pass',
    });
  });
});

describe('progress: the judge on the record', () => {
  const judge = { test: 'sequential-rank', metric: 'latency', alpha: 0.05, z: 0.1 } as never;

  it('keeps the judge result on the event of every move it allowed or caused', () => {
    const rolled = progress(
      carrying(),
      { outcome: 'fail', why: 'slower', judge, failedBy: { kind: 'judge', result: judge } },
      2_000,
    );
    const advanced = progress(carrying(), { outcome: 'pass', why: 'as fast', judge }, 61_000);
    const lastStep = advance(carrying(), planOf(canary), 2, 100, { at: 200_000, why: 'p' });
    const promoted = progress(lastStep, { outcome: 'pass', why: 'as fast', judge }, 260_000);

    for (const result of [rolled, advanced, promoted]) expect(result.changed && last(result.record).judge).toBe(judge);
    const plain = progress(carrying(), pass, 61_000);
    expect(plain.changed && last(plain.record)).not.toHaveProperty('judge');
  });

  it('records the step and weight on a pause event too', () => {
    expect(last(pause(carrying(), { at: 1_500, why: 'look' }))).toMatchObject({ type: 'paused', step: 0, weight: 10 });
  });
});

describe('applyIntent', () => {
  const intent = (type: 'promote' | 'rollback' | 'abort' | 'pause' | 'resume' | 'retry', extra = {}) => ({
    seq: 7,
    type,
    at: 5_000,
    who: 'ana',
    ...extra,
  });

  it('consumes every intent and says who asked and why', () => {
    const r = applyIntent(carrying(), intent('pause', { reason: 'checking a dashboard' }));

    expect(r.intentSeq).toBe(7);
    expect(last(r)).toMatchObject({ type: 'paused', who: 'ana', why: 'checking a dashboard', at: 5_000 });
    expect(last(applyIntent(carrying(), intent('pause'))).why).toBe('pause requested');
  });

  it('ignores any intent on an ended rollout, saying so', () => {
    const ended = promote(carrying(), { at: 2_000, why: 'done' });

    const r = applyIntent(ended, intent('rollback'));

    expect(r.phase).toBe('Promoted');
    expect(r.intentSeq).toBe(7);
    expect(last(r)).toMatchObject({ type: 'intent-ignored', why: 'rollback ignored: rollout is Promoted' });
  });

  it('rolls back a rollout carrying traffic, and aborts one that has none yet', () => {
    expect(applyIntent(carrying(), intent('rollback')).phase).toBe('RolledBack');
    expect(applyIntent(pause(carrying(), { at: 1, why: 'x' }), intent('rollback')).phase).toBe('RolledBack');
    expect(applyIntent(registeredCandidate(), intent('rollback')).phase).toBe('Aborted');
    expect(applyIntent(registeredCandidate(), intent('abort')).phase).toBe('Aborted');
  });

  it('pauses only a progressing rollout and resumes only a paused one', () => {
    expect(applyIntent(registeredCandidate(), intent('pause')).phase).toBe('Registered');
    expect(last(applyIntent(registeredCandidate(), intent('pause'))).why).toBe('pause ignored: rollout is Registered');
    expect(last(applyIntent(carrying(), intent('resume'))).why).toBe('resume ignored: rollout is Progressing');
    const paused = pause(carrying(), { at: 1_000, why: 'x' });
    expect(applyIntent(paused, intent('resume')).phase).toBe('Progressing');
  });

  it('leaves retry to the controller', () => {
    expect(last(applyIntent(carrying(), intent('retry'))).why).toBe('retry ignored: retry needs the desired version');
  });

  it('promotes one step at a time, or all the way with --full, only once traffic flows', () => {
    expect(last(applyIntent(registeredCandidate(), intent('promote'))).why).toBe(
      'promote ignored: no traffic on 1.1.0 yet (Registered)',
    );
    const promoted = applyIntent(carrying(), intent('promote'));
    expect(promoted).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    expect(promoted.history.slice(-2).map((e) => e.type)).toEqual(['step', 'step']);
    expect(applyIntent(carrying(), intent('promote', { full: true })).phase).toBe('Promoted');
    const lastStep = advance(carrying(), planOf(canary), 2, 100, { at: 2_000, why: 'p' });
    expect(applyIntent(lastStep, intent('promote')).phase).toBe('Promoted');
  });

  it('resumes a paused rollout it promotes a step', () => {
    const paused = pause(carrying(), { at: 1_000, why: 'x' });

    const r = applyIntent(paused, intent('promote'));

    expect(r).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    expect(r.history.slice(-2).map((e) => e.type)).toEqual(['resumed', 'step']);
  });
});
