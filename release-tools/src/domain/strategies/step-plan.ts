// A strategy turns a release policy into steps: a candidate weight held for a time. The rollout
// advances one step when the hold has elapsed and the gates pass.
import type { StickyKey } from '../../../../model-registry/src/domain/manifest/types.ts';

export interface PlannedStep {
  /** Percent of traffic (0..100) on the candidate during this step. */
  readonly weight: number;
  /** How long the step must hold before the next one, in ms. */
  readonly holdMs: number;
  /** Percent of stable's requests (1..100) mirrored to the candidate, whose answers nobody receives (shadow). */
  readonly mirror?: number;
}

export interface StepPlan {
  readonly steps: readonly PlannedStep[];
  readonly mode: 'weighted' | 'sticky';
  readonly sticky?: StickyKey;
}
