import type { Judge } from '../../../../model-registry/src/domain/manifest/types.ts';

// What a statistical comparison of candidate against stable concludes. Records written before the
// sequential judge carry test 'two-proportion' or 'mann-whitney' and no eValue; they stay readable.

export interface JudgeResult {
  readonly test: 'sequential-binomial' | 'sequential-rank' | 'two-proportion' | 'mann-whitney';
  readonly metric: 'error-rate' | 'latency';
  readonly alpha: number;
  /** z statistic, oriented so that positive means the candidate is worse. */
  readonly z: number;
  /**
   * One-sided p-value for "candidate is worse than stable"; this is what the gate uses. For a
   * sequential test it is always valid (1 / e-value): the gate may read it at every tick.
   */
  readonly pValue: number;
  readonly pTwoSided: number;
  /** Rank-biserial correlation (latency) or log(observed / expected candidate errors) (both: > 0 means candidate worse). */
  readonly effectSize: number;
  readonly candidateN: number;
  readonly stableN: number;
  /** pValue < alpha: the candidate is significantly worse. */
  readonly candidateWorse: boolean;
  /** How often the test may look: every tick (sequential), once at the end, or the old rule. */
  readonly looks?: JudgeLooks;
  /** Sequential tests: the e-value (mixture likelihood ratio); the candidate fails at 1/alpha. */
  readonly eValue?: number;
  /** Time strata compared. */
  readonly strata?: number;
  /**
   * alpha-spending: the information fraction of this look, its boundary (z for latency, candidate
   * errors for errors; Infinity while nothing is spent) and the alpha spent so far.
   */
  readonly spending?: {
    readonly fraction: number;
    readonly boundaryZ?: number;
    readonly nominalAlpha?: number;
    readonly boundaryErrors?: number;
    readonly spent: number;
  };
}

/**
 * sequential: anytime-valid (mixture SPRT), decides at every look.
 * alpha-spending: a Lan-DeMets O'Brien-Fleming-like boundary over the rollout's schedule; decides
 * at every look too, spending alpha by the schedule's information fraction.
 * one-look: a fixed-sample test read only when the last step's bake is over (Kayenta-like).
 * every-tick-fixed: the rule before the sequential judge (a fixed-sample p < alpha at every tick
 * on the pooled window); kept only so the bench can measure what it cost.
 */
export type JudgeLooks = 'sequential' | 'alpha-spending' | 'one-look' | 'every-tick-fixed';

/**
 * What a policy that states no boundary runs: the mixture SPRT, the only sequential judge before
 * `boundary` existed. models.yaml now writes its default (alpha-spending, model-registry's
 * DEFAULT_JUDGE_BOUNDARY) into every new policy, so only rollouts recorded before that read this,
 * and they keep the judge they started with.
 */
export const UNSTATED_BOUNDARY_LOOKS: JudgeLooks = 'sequential';

/** A policy's judge.boundary as the controller's looks. */
export function judgeLooksOf(judge: Judge | undefined): JudgeLooks {
  const boundary = judge?.boundary;
  if (boundary === undefined) return UNSTATED_BOUNDARY_LOOKS;
  const looks: Record<NonNullable<Judge['boundary']>, JudgeLooks> = {
    mixture: 'sequential',
    'alpha-spending': 'alpha-spending',
  };
  return looks[boundary];
}
