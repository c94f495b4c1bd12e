// Pooled two-proportion z-test on error counts: is the candidate's error rate higher than stable's?
import type { JudgeResult } from './judge-result.ts';
import { twoSidedP, upperTailP } from './normal.ts';

export interface Proportion {
  readonly events: number;
  readonly trials: number;
}

/** z for p1 - p2 with the pooled standard error; 0 when both samples carry no information. */
export function twoProportionZ(a: Proportion, b: Proportion): number {
  const p1 = a.events / a.trials;
  const p2 = b.events / b.trials;
  const pooled = (a.events + b.events) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  return se === 0 ? 0 : (p1 - p2) / se;
}

export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

export function twoProportionTest(candidate: Proportion, stable: Proportion, alpha: number): JudgeResult {
  const z = twoProportionZ(candidate, stable);
  const pValue = upperTailP(z);
  return {
    test: 'two-proportion',
    metric: 'error-rate',
    alpha,
    z,
    pValue,
    pTwoSided: twoSidedP(z),
    effectSize: cohensH(candidate.events / candidate.trials, stable.events / stable.trials),
    candidateN: candidate.trials,
    stableN: stable.trials,
    candidateWorse: pValue < alpha,
  };
}
