// One tick of a rollout that carries traffic: the gates may roll it back; otherwise, once the
// step has baked and the gates pass, it advances or is promoted.
import type { Verdict } from '../gates/verdict.ts';
import { nextMove, planOf } from '../strategies/next-move.ts';
import { advance, promote, rollBack } from './operations.ts';
import type { RolloutRecord } from './record.ts';

export type ProgressResult =
  | { readonly changed: true; readonly record: RolloutRecord; readonly action: string }
  | { readonly changed: false; readonly action: string };

export function progress(r: RolloutRecord, verdict: Verdict, now: number): ProgressResult {
  const judge = {
    ...(verdict.judge ? { judge: verdict.judge } : {}),
    ...(verdict.divergence ? { divergence: verdict.divergence } : {}),
    // Only when there are some: a count of 0 on every step event says nothing.
    ...(verdict.deadLetters && verdict.deadLetters.count > 0 ? { deadLetters: verdict.deadLetters } : {}),
  };
  // A failing gate wins over everything, also while paused: pausing freezes progress, not safety.
  if (verdict.outcome === 'fail') {
    const alarm = verdict.failedBy.kind === 'alarm' ? { alarm: verdict.failedBy.alarm } : {};
    return {
      changed: true,
      record: rollBack(r, { at: now, why: verdict.why, ...alarm, ...judge }),
      action: 'rolled-back',
    };
  }
  if (r.phase === 'Paused') return { changed: false, action: 'paused' };
  const plan = planOf(r.policy);
  const move = nextMove(plan, r.step, r.stepSince ?? now, now);
  if (move.kind === 'hold') return { changed: false, action: `baking (${Math.ceil(move.remainingMs / 1000)}s left)` };
  // The bake is over, but without enough traffic nothing proves the candidate healthy yet.
  if (verdict.outcome === 'wait') return { changed: false, action: `waiting: ${verdict.why}` };
  if (move.kind === 'complete') {
    return {
      changed: true,
      record: promote(r, { at: now, why: `all steps healthy: ${verdict.why}`, ...judge }),
      action: 'promoted',
    };
  }
  return {
    changed: true,
    record: advance(r, plan, move.step, move.weight, { at: now, why: verdict.why, ...judge }),
    action: 'advanced',
  };
}
