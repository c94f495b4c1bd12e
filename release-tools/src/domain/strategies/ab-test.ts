// A/B: one sticky split held for the whole duration (a user stays on one side), ending with the
// judge's report; a candidate that passes is promoted.
import type { StickyKey } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { StepPlan } from './step-plan.ts';

export function abPlan(policy: {
  readonly split: number;
  readonly sticky: StickyKey;
  readonly durationMs: number;
}): StepPlan {
  return { steps: [{ weight: policy.split, holdMs: policy.durationMs }], mode: 'sticky', sticky: policy.sticky };
}
