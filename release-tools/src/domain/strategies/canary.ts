// Canary: the policy's steps as written (e.g. 10% for 5m, then 50% for 5m), then promotion.
import type { CanaryStep } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { StepPlan } from './step-plan.ts';

export function canaryPlan(policy: { readonly steps: readonly CanaryStep[] }): StepPlan {
  return { steps: policy.steps.map((s) => ({ weight: s.weight, holdMs: s.bakeMs })), mode: 'weighted' };
}
