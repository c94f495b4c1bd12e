// The judge: does the candidate do worse than stable, on the evidence of both tracks over the same
// time strata? Latency by van Elteren's stratified rank statistic, errors by the conditional
// binomial; each either sequentially (anytime-valid, so the controller may ask at every tick) or
// as one fixed-sample look at the end of the canary.
import type { Judge } from '../../../../model-registry/src/domain/manifest/types.ts';
import { errorStrata, exactConditionalP, logBinomialMixture } from '../stats/conditional-binomial.ts';
import type { EvidenceStratum } from '../stats/evidence.ts';
import type { JudgeLooks, JudgeResult } from '../stats/judge-result.ts';
import { normalCdf, twoSidedP } from '../stats/normal.ts';
import { logNormalMixture, rankMixtureRho } from '../stats/normal-mixture.ts';
import { stratifiedRankScore } from '../stats/stratified-rank.ts';

export interface JudgeOptions {
  readonly looks: Exclude<JudgeLooks, 'every-tick-fixed'>;
  /** Gates' minRequests: it also sets where the latency mixture is most sensitive. */
  readonly minRequests: number;
}

export function judgeStrata(judge: Judge, strata: readonly EvidenceStratum[], options: JudgeOptions): JudgeResult {
  return judge.metric === 'error-rate'
    ? judgeErrors(judge.alpha, strata, options.looks)
    : judgeLatency(judge.alpha, strata, options);
}

function judgeLatency(alpha: number, strata: readonly EvidenceStratum[], options: JudgeOptions): JudgeResult {
  const rank = stratifiedRankScore(strata);
  const z = rank.variance > 0 ? rank.score / Math.sqrt(rank.variance) : 0;
  const common = {
    test: 'sequential-rank',
    metric: 'latency',
    alpha,
    z,
    pTwoSided: twoSidedP(z),
    effectSize: rank.pairs === 0 ? 0 : (2 * rank.u) / rank.pairs - 1,
    candidateN: rank.candidateN,
    stableN: rank.stableN,
    looks: options.looks,
    strata: strata.length,
  } as const;
  if (options.looks === 'one-look') {
    const pValue = 1 - normalCdf(z);
    return { ...common, pValue, candidateWorse: pValue < alpha };
  }
  const logE = rank.variance > 0 ? logNormalMixture(rank.score, rank.variance, rankMixtureRho(options.minRequests)) : 0;
  return sequential(common, logE, alpha);
}

function judgeErrors(alpha: number, strata: readonly EvidenceStratum[], looks: JudgeOptions['looks']): JudgeResult {
  const errors = errorStrata(strata);
  let x = 0;
  let expected = 0;
  let variance = 0;
  for (const s of errors) {
    x += s.x;
    expected += s.errors * s.share;
    variance += s.errors * s.share * (1 - s.share);
  }
  // z and the effect size are for reading only; the decision uses the exact likelihoods.
  const z = variance > 0 ? (x - expected) / Math.sqrt(variance) : 0;
  const common = {
    test: 'sequential-binomial',
    metric: 'error-rate',
    alpha,
    z,
    pTwoSided: twoSidedP(z),
    // log(observed / expected candidate errors), 0.5 added to both so that no error reads as finite.
    effectSize: Math.log((x + 0.5) / (expected + 0.5)),
    candidateN: strata.reduce((n, s) => n + s.candidate.requests, 0),
    stableN: strata.reduce((n, s) => n + s.stable.requests, 0),
    looks,
    strata: strata.length,
  } as const;
  if (looks === 'one-look') {
    const pValue = exactConditionalP(errors);
    return { ...common, pValue, candidateWorse: pValue < alpha };
  }
  return sequential(common, logBinomialMixture(errors), alpha);
}

function sequential<T extends object>(common: T, logE: number, alpha: number) {
  const pValue = Math.min(1, Math.exp(-logE));
  return { ...common, pValue, eValue: Math.exp(logE), candidateWorse: logE >= Math.log(1 / alpha) };
}
