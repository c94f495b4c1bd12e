// The judge: does the candidate do worse than stable, on the evidence of both tracks over the same
// time strata? Latency by van Elteren's stratified rank statistic, errors by the conditional
// binomial; each either sequentially (a mixture SPRT, anytime-valid, so the controller may ask at
// every tick), under an alpha-spending boundary over the rollout's schedule (alpha-spending.ts,
// binomial-spending.ts), or as one fixed-sample look at the end of the canary.
import type { Judge } from '../../../../model-registry/src/domain/manifest/types.ts';
import { gaussianSpendingTest } from '../stats/alpha-spending.ts';
import { binomialSpendingTest } from '../stats/binomial-spending.ts';
import {
  type ErrorStratum,
  errorStrata,
  exactConditionalP,
  logBinomialMixture,
} from '../stats/conditional-binomial.ts';
import type { EvidenceStratum } from '../stats/evidence.ts';
import type { JudgeLooks, JudgeResult } from '../stats/judge-result.ts';
import { normalCdf, twoSidedP } from '../stats/normal.ts';
import { logNormalMixture, rankMixtureRho } from '../stats/normal-mixture.ts';
import { stratifiedRankPrefixes } from '../stats/stratified-rank.ts';

export interface JudgeOptions {
  readonly looks: Exclude<JudgeLooks, 'every-tick-fixed'>;
  /** Gates' minRequests: it also sets where the latency mixture is most sensitive. */
  readonly minRequests: number;
  /** alpha-spending: where the rollout is in its schedule. */
  readonly schedule?: JudgeSchedule;
}

/**
 * The alpha-spending judge's looks: one every lookEveryMs from the candidate's first traffic (a
 * superset of the controller's ticks, so looking at every tick is covered) plus the present one.
 * A look sees the strata that began before it; looks before minRequests candidate requests are
 * not taken, like the gate. Past looks are recomputed from the strata: the judge stays stateless.
 */
export interface JudgeSchedule {
  readonly since: number;
  readonly now: number;
  readonly lookEveryMs: number;
  /** Information fraction at an instant (information-fraction.ts). */
  readonly fractionAt: (at: number) => number;
}

export function judgeStrata(judge: Judge, strata: readonly EvidenceStratum[], options: JudgeOptions): JudgeResult {
  return judge.metric === 'error-rate'
    ? judgeErrors(judge.alpha, strata, options)
    : judgeLatency(judge.alpha, strata, options);
}

function judgeLatency(alpha: number, strata: readonly EvidenceStratum[], options: JudgeOptions): JudgeResult {
  const prefixes = stratifiedRankPrefixes(strata);
  const rank = prefixes.at(-1)!;
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
  if (options.looks === 'alpha-spending') {
    const looks = lookTimes(strata, options).map((look) => {
      const prefix = prefixes[look.strata]!;
      return { information: prefix.variance, score: prefix.score, fraction: look.fraction };
    });
    if (looks.length === 0) return { ...common, pValue: 1 - normalCdf(z), candidateWorse: false };
    const test = gaussianSpendingTest(looks, alpha);
    const boundary = test.boundaries.at(-1)!;
    // JSON has no Infinity: a look with nothing to spend states no boundary.
    const bound = Number.isFinite(boundary) ? { boundaryZ: boundary, nominalAlpha: 1 - normalCdf(boundary) } : {};
    return {
      ...common,
      pValue: 1 - normalCdf(z),
      candidateWorse: test.crossed,
      spending: { fraction: looks.at(-1)!.fraction, ...bound, spent: test.spent },
    };
  }
  const logE = rank.variance > 0 ? logNormalMixture(rank.score, rank.variance, rankMixtureRho(options.minRequests)) : 0;
  return sequential(common, logE, alpha);
}

function judgeErrors(alpha: number, strata: readonly EvidenceStratum[], options: JudgeOptions): JudgeResult {
  const { looks } = options;
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
  if (looks === 'alpha-spending') {
    const times = lookTimes(strata, options);
    if (times.length === 0) return { ...common, pValue: exactConditionalP(errors), candidateWorse: false };
    let from = 0;
    const test = binomialSpendingTest(
      times.map((look) => {
        const arrived: ErrorStratum[] = errorStrata(strata.slice(from, look.strata));
        from = look.strata;
        return { strata: arrived, fraction: look.fraction };
      }),
      alpha,
    );
    const boundary = test.boundaries.at(-1)!;
    const fraction = times.at(-1)!.fraction;
    return {
      ...common,
      pValue: exactConditionalP(errors),
      candidateWorse: test.crossed,
      spending: { fraction, ...(Number.isFinite(boundary) ? { boundaryErrors: boundary } : {}), spent: test.spent },
    };
  }
  return sequential(common, logBinomialMixture(errors), alpha);
}

/** The looks of an alpha-spending judge: how many strata each sees and its information fraction. */
function lookTimes(strata: readonly EvidenceStratum[], options: JudgeOptions): { strata: number; fraction: number }[] {
  const schedule = options.schedule;
  if (!schedule) throw new Error('the alpha-spending judge needs the rollout schedule');
  const instants: number[] = [];
  const every = Math.max(1, schedule.lookEveryMs);
  for (let at = schedule.since + every; at < schedule.now; at += every) instants.push(at);
  instants.push(schedule.now);
  const looks: { strata: number; fraction: number }[] = [];
  let seen = 0;
  let candidates = 0;
  for (const at of instants) {
    const last = at === schedule.now;
    while (seen < strata.length && (last || strata[seen]!.start < at)) candidates += strata[seen++]!.candidate.requests;
    if (candidates < options.minRequests) continue;
    looks.push({ strata: seen, fraction: schedule.fractionAt(at) });
  }
  return looks;
}

function sequential<T extends object>(common: T, logE: number, alpha: number) {
  const pValue = Math.min(1, Math.exp(-logE));
  return { ...common, pValue, eValue: Math.exp(logE), candidateWorse: logE >= Math.log(1 / alpha) };
}
