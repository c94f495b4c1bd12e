// Error counts under an alpha-spending boundary, exactly. Given the errors of each time stratum,
// the candidate's share of them is binomial under "no difference" (conditional-binomial.ts), so
// the null law of the candidate's running error count X_j across looks is known exactly, whatever
// the error rate is. At each look the boundary is the least count c_j such that
//   P(X_1 < c_1, ..., X_{j-1} < c_{j-1}, X_j >= c_j) <= alpha(t_j) - (alpha spent before),
// alpha(t) the O'Brien-Fleming-like spending function of alpha-spending.ts; what discreteness
// leaves unspent carries over to the next look. This is the exact group-sequential test of
// Jennison and Turnbull 2000, ch. 12 (exact binomial boundaries) applied to the conditional
// binomial of Lehmann and Romano 4.5; it is valid conditionally on the errors, hence also
// unconditionally.
import { gaussianSpendingTest, obrienFlemingSpending } from './alpha-spending.ts';
import type { ErrorStratum } from './conditional-binomial.ts';
import { binomialPmf } from './conditional-binomial.ts';

export interface BinomialLook {
  /** The strata that arrived since the previous look. */
  readonly strata: readonly ErrorStratum[];
  /** Information fraction by which the alpha is spent (0..1, nondecreasing). */
  readonly fraction: number;
}

export interface BinomialSpendingOutcome {
  readonly crossed: boolean;
  readonly crossedAt?: number;
  /** Candidate errors at which each look rejects (Infinity where no alpha was spent). */
  readonly boundaries: readonly number[];
  /** Candidate errors seen by each look. */
  readonly counts: readonly number[];
  /** Alpha actually spent by the last look. */
  readonly spent: number;
}

/** Above this many errors the exact recursion is costly and the normal law is as good. */
const EXACT_UP_TO = 5_000;

export function binomialSpendingTest(looks: readonly BinomialLook[], alpha: number): BinomialSpendingOutcome {
  const total = looks.reduce((n, l) => n + l.strata.reduce((m, s) => m + s.errors, 0), 0);
  if (total > EXACT_UP_TO) return normalFallback(looks, alpha);
  // dist[x]: probability, under the null, that no earlier look crossed and the candidate has x errors.
  let dist: Float64Array = new Float64Array([1]);
  let observed = 0;
  let spent = 0;
  let crossedAt: number | undefined;
  const boundaries: number[] = [];
  const counts: number[] = [];
  looks.forEach((look, j) => {
    for (const s of look.strata) {
      dist = convolve(dist, binomialPmf(s.errors, s.share));
      observed += s.x;
    }
    const budget = Math.max(spent, obrienFlemingSpending(alpha, look.fraction)) - spent;
    // The least c whose upper tail fits the budget (relative slack for rounding); no count is below 0.
    let c = dist.length;
    let tail = 0;
    while (tail + (dist[c - 1] ?? Number.POSITIVE_INFINITY) <= budget * (1 + 1e-12)) tail += dist[--c]!;
    const reachable = c < dist.length;
    // Unreachable: the tail is 0 and the slice the whole array.
    spent += tail;
    dist = dist.slice(0, c);
    boundaries.push(reachable ? c : Number.POSITIVE_INFINITY);
    counts.push(observed);
    if (crossedAt === undefined && reachable && observed >= c) crossedAt = j;
  });
  return {
    crossed: crossedAt !== undefined,
    ...(crossedAt !== undefined ? { crossedAt } : {}),
    boundaries,
    counts,
    spent,
  };
}

function convolve(dist: Float64Array, pmf: readonly number[]): Float64Array {
  const next = new Float64Array(dist.length + pmf.length - 1);
  for (let i = 0; i < dist.length; i++) {
    const a = dist[i]!;
    for (let k = 0; k < pmf.length; k++) next[i + k]! += a * pmf[k]!;
  }
  return next;
}

/** Thousands of errors: the count's score x - sum E*pi, variance sum E*pi*(1-pi), on the normal boundary. */
function normalFallback(looks: readonly BinomialLook[], alpha: number): BinomialSpendingOutcome {
  let score = 0;
  let information = 0;
  let observed = 0;
  let expected = 0;
  const gaussian = looks.map((look) => {
    for (const s of look.strata) {
      score += s.x - s.errors * s.share;
      information += s.errors * s.share * (1 - s.share);
      observed += s.x;
      expected += s.errors * s.share;
    }
    return { score, information, fraction: look.fraction, observed, expected };
  });
  const outcome = gaussianSpendingTest(gaussian, alpha);
  return {
    ...outcome,
    boundaries: outcome.boundaries.map((z, j) => gaussian[j]!.expected + z * Math.sqrt(gaussian[j]!.information)),
    counts: gaussian.map((g) => g.observed),
  };
}
