// All at once: 100% on the new version; the gates still watch it for one tick before promotion.
import type { StepPlan } from './step-plan.ts';

export function allAtOncePlan(): StepPlan {
  return { steps: [{ weight: 100, holdMs: 0 }], mode: 'weighted' };
}
