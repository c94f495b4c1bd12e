// What a statistical comparison of candidate against stable concludes.

export interface JudgeResult {
  readonly test: 'two-proportion' | 'mann-whitney';
  readonly metric: 'error-rate' | 'latency';
  readonly alpha: number;
  /** z statistic, oriented so that positive means the candidate is worse. */
  readonly z: number;
  /** One-sided p-value for "candidate is worse than stable"; this is what the gate uses. */
  readonly pValue: number;
  readonly pTwoSided: number;
  /** two-proportion: Cohen's h; mann-whitney: rank-biserial correlation (both: > 0 means candidate worse). */
  readonly effectSize: number;
  readonly candidateN: number;
  readonly stableN: number;
  /** pValue < alpha: the candidate is significantly worse. */
  readonly candidateWorse: boolean;
}
