// From a policy, the current step and the time, the next move of a progressing rollout.
import type { ReleasePolicy } from '../../../../model-registry/src/domain/manifest/types.ts';
import { abPlan } from './ab-test.ts';
import { allAtOncePlan } from './all-at-once.ts';
import { canaryPlan } from './canary.ts';
import { linearPlan } from './linear.ts';
import { shadowPlan } from './shadow.ts';
import type { StepPlan } from './step-plan.ts';

export function planOf(policy: ReleasePolicy): StepPlan {
  switch (policy.strategy) {
    case 'canary':
      return canaryPlan(policy);
    case 'linear':
      return linearPlan(policy);
    case 'ab':
      return abPlan(policy);
    case 'all-at-once':
      return allAtOncePlan();
    case 'shadow':
      return shadowPlan(policy);
  }
}

export type Move =
  | { readonly kind: 'hold'; readonly remainingMs: number }
  | { readonly kind: 'advance'; readonly step: number; readonly weight: number }
  | { readonly kind: 'complete' };

/** `step` is the index being held since `since` (epoch ms). */
export function nextMove(plan: StepPlan, step: number, since: number, now: number): Move {
  const current = plan.steps[step];
  if (!current) return { kind: 'complete' };
  const remainingMs = since + current.holdMs - now;
  if (remainingMs > 0) return { kind: 'hold', remainingMs };
  return skipTo(plan, step + 1);
}

/** The move that leaves `step` at once (a user's `promote`). */
export function skipTo(plan: StepPlan, step: number): Exclude<Move, { kind: 'hold' }> {
  const next = plan.steps[step];
  return next ? { kind: 'advance', step, weight: next.weight } : { kind: 'complete' };
}
