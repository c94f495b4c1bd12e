// Error counts, compared exactly. Within a time stratum, if the candidate errs no more often than
// stable, an error comes from the candidate with probability pi = the candidate's share of that
// stratum's requests, whatever the error rate is then: given the errors, the candidate's count is
// binomial (the conditional test for two Poisson rates, Przyborowski and Wilenski 1940; Lehmann
// and Romano, Testing Statistical Hypotheses, 4.5). No normal approximation: a handful of errors
// is judged as exactly as thousands.
//
// Sequential: a mixture likelihood ratio over the odds ratio theta of "this error is the
// candidate's" (Robbins 1970; the count-data tests of Lindon et al. 2022). For each theta the
// likelihood ratio prod_s (theta^x_s) / (theta*pi_s + 1 - pi_s)^E_s is a martingale under the
// null as errors arrive, so is their average, and Ville's inequality bounds the chance it ever
// reaches 1/alpha by alpha.
import type { EvidenceStratum } from './evidence.ts';

/** Odds ratios the mixture spreads its weight over (equal weights): 1.5x to 10x as likely. */
export const ODDS_RATIOS = [1.5, 2, 3, 5, 10] as const;

export interface ErrorStratum {
  /** Candidate errors. */
  readonly x: number;
  /** Errors of both tracks. */
  readonly errors: number;
  /** Candidate share of the stratum's requests. */
  readonly share: number;
}

export function errorStrata(strata: readonly EvidenceStratum[]): ErrorStratum[] {
  const found: ErrorStratum[] = [];
  for (const { candidate, stable } of strata) {
    const requests = candidate.requests + stable.requests;
    const errors = candidate.errors + stable.errors;
    // Without errors, or with one track alone, a stratum carries no information on the difference.
    if (errors === 0 || candidate.requests === 0 || stable.requests === 0) continue;
    found.push({ x: candidate.errors, errors, share: candidate.requests / requests });
  }
  return found;
}

/** log of the mixture likelihood ratio (the e-value) for "the candidate errs more often". */
export function logBinomialMixture(
  strata: readonly ErrorStratum[],
  oddsRatios: readonly number[] = ODDS_RATIOS,
): number {
  const logs = oddsRatios.map((theta) => {
    let ll = 0;
    for (const s of strata) ll += s.x * Math.log(theta) - s.errors * Math.log(theta * s.share + 1 - s.share);
    return ll;
  });
  const top = Math.max(...logs);
  return top + Math.log(logs.reduce((acc, l) => acc + Math.exp(l - top), 0) / logs.length);
}

/** Exact one-sided p-value P(X >= observed), X a sum over strata of Binomial(errors, share). */
export function exactConditionalP(strata: readonly ErrorStratum[]): number {
  let dist = [1];
  let observed = 0;
  for (const s of strata) {
    observed += s.x;
    const pmf = binomialPmf(s.errors, s.share);
    const next = new Array<number>(dist.length + s.errors).fill(0);
    for (let i = 0; i < dist.length; i++) {
      const a = dist[i]!;
      for (let k = 0; k < pmf.length; k++) next[i + k]! += a * pmf[k]!;
    }
    dist = next;
  }
  let tail = 0;
  for (let i = observed; i < dist.length; i++) tail += dist[i]!;
  return Math.min(1, tail);
}

/** P(X = k) for k = 0..n, X ~ Binomial(n, p). */
export function binomialPmf(n: number, p: number): number[] {
  if (p <= 0) return [1, ...new Array<number>(n).fill(0)];
  if (p >= 1) return [...new Array<number>(n).fill(0), 1];
  // Computed in logs so large counts neither overflow nor underflow.
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const pmf: number[] = [];
  let logChoose = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    pmf.push(Math.exp(logChoose + k * logP + (n - k) * logQ));
  }
  return pmf;
}
