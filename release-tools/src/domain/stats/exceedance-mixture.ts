// Is the share of mirrored pairs that exceed a tolerance above p0? Each pair is a Bernoulli trial
// (exceeds or not). For one alternative p > p0 the likelihood ratio
//   L_p = (p/p0)^k ((1-p)/(1-p0))^(n-k)
// has, per trial, expectation q*p/p0 + (1-q)(1-p)/(1-p0) under a true rate q: 1 at q = p0 and less
// for any q < p0 (it rises with q when p > p0). So L_p is a nonnegative supermartingale under the
// whole null q <= p0, and so is an average of several (a mixture SPRT; Robbins 1970, Wald 1947;
// the binomial mixtures of Lindon and Malek 2022, "Anytime-valid inference for multinomial count
// data"). Ville's inequality bounds the chance it ever reaches 1/alpha by alpha: the gate may look
// on every tick, after every pair, and still stops an equivalent candidate with probability <= alpha.

/** Alternatives the mixture spreads its weight over (equal weights), as multiples of p0 (capped below 1). */
export const RATE_MULTIPLES = [1.5, 2, 3, 5, 10, 20] as const;

export interface ExceedanceTest {
  readonly pairs: number;
  readonly exceeding: number;
  /** The tolerated share of exceeding pairs (the null is: the true share is at most p0). */
  readonly p0: number;
  /** The mixture likelihood ratio; 1/eValue is the always-valid p-value. */
  readonly eValue: number;
  /** eValue >= 1/alpha: the share is shown to be above p0. */
  readonly exceeds: boolean;
}

export function exceedanceTest(pairs: number, exceeding: number, p0: number, alpha: number): ExceedanceTest {
  const alternatives = RATE_MULTIPLES.map((m) => Math.min(m * p0, (1 + p0) / 2)).filter((p) => p > p0 && p < 1);
  // Log space: thousands of pairs overflow a plain product.
  const logs = alternatives.map(
    (p) => exceeding * Math.log(p / p0) + (pairs - exceeding) * Math.log((1 - p) / (1 - p0)),
  );
  const top = Math.max(...logs);
  const eValue =
    logs.length === 0 ? 1 : Math.exp(top) * (logs.reduce((s, l) => s + Math.exp(l - top), 0) / logs.length);
  return { pairs, exceeding, p0, eValue, exceeds: eValue >= 1 / alpha };
}
