// Shadow: the candidate takes no traffic of its own; a sample of stable's requests is mirrored to it
// off the response path for the duration, so its outputs can be compared with stable's. A shadow that
// passes is promoted, or hands over to the canary's steps (models.yaml's `then: canary`) in the same release.
import type { CanaryStep, Gates } from '../../../../model-registry/src/domain/manifest/types.ts';
import { canaryPlan } from './canary.ts';
import type { StepPlan } from './step-plan.ts';

export function shadowPlan(policy: {
  readonly sample: number;
  readonly durationMs: number;
  readonly followedBy?: { readonly steps: readonly CanaryStep[] };
}): StepPlan {
  const shadow = { weight: 0, holdMs: policy.durationMs, mirror: policy.sample };
  const after = policy.followedBy ? canaryPlan(policy.followedBy).steps : [];
  return { steps: [shadow, ...after], mode: 'weighted' };
}

/**
 * The gates that judge step `step`. The divergence gate looks only while the step mirrors: the canary
 * after a shadow gets no mirrored pairs, and the shadow's verdict on them was passed to get there.
 */
export function gatesAtStep(gates: Gates, plan: StepPlan, step: number): Gates {
  if (!gates.maxDivergence || plan.steps[step]?.mirror) return gates;
  const { maxDivergence: _, ...rest } = gates;
  return rest;
}
