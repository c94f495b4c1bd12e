// The judge's statistics at their edges, expectations written out (issue 16's mutation review): the
// exceedance mixture against a direct computation in Python (the average of the six likelihood
// ratios), strata paired by time, one-track and all-tied samples, tests at exactly alpha.
import { describe, expect, it } from 'vitest';
import { binomialSpendingTest } from '../../src/domain/stats/binomial-spending.ts';
import { binomialPmf, errorStrata, logBinomialMixture } from '../../src/domain/stats/conditional-binomial.ts';
import { pairStrata } from '../../src/domain/stats/evidence.ts';
import { exceedanceTest } from '../../src/domain/stats/exceedance-mixture.ts';
import { judgeLooksOf } from '../../src/domain/stats/judge-result.ts';
import { emptyHistogram, histogramPercentile } from '../../src/domain/stats/latency-histogram.ts';
import { mannWhitneyTest } from '../../src/domain/stats/mann-whitney.ts';
import { formatPValue } from '../../src/domain/stats/normal.ts';
import { rankMixtureRho } from '../../src/domain/stats/normal-mixture.ts';
import { stratifiedRankScore } from '../../src/domain/stats/stratified-rank.ts';
import { twoProportionTest } from '../../src/domain/stats/two-proportion.ts';

describe('exceedance mixture e-values', () => {
  it.each([
    // 5 of 100 pairs against a tolerated 1%: alternatives 1.5%, 2%, 3%, 5%, 10%, 20%.
    [100, 5, 0.01, 20.94449079629182],
    // 20 of 40 against 30%: the alternatives are capped at (1 + 0.3) / 2 = 0.65 (0.45, 0.6, then 0.65 four times).
    [40, 20, 0.3, 10.169239335476577],
    // No pairs yet: every likelihood ratio is 1.
    [0, 0, 0.01, 1],
  ])('%s pairs, %s exceeding, p0 %s: e-value %s', (pairs, exceeding, p0, expected) => {
    expect(exceedanceTest(pairs, exceeding, p0, 0.05).eValue).toBeCloseTo(expected, 9);
  });

  it('has e-value 1 when nothing is tolerated (p0 = 0 leaves no alternative above it)', () => {
    expect(exceedanceTest(50, 3, 0, 0.05)).toEqual({ pairs: 50, exceeding: 3, p0: 0, eValue: 1, exceeds: false });
  });

  it('rejects at an e-value of exactly 1/alpha', () => {
    expect(exceedanceTest(0, 0, 0.01, 1).exceeds).toBe(true);
  });
});

describe('pairing the tracks’ strata by start', () => {
  it('orders by start and counts zero for a track missing in a stratum', () => {
    const counts = (start: number, requests: number) => ({ start, requests, errors: 0, latencyBuckets: [] });
    const paired = pairStrata([counts(120, 1), counts(0, 2)], [counts(60, 3), counts(0, 4)]);

    expect(paired.map((s) => [s.start, s.candidate.requests, s.stable.requests])).toEqual([
      [0, 2, 4],
      [60, 0, 3],
      [120, 1, 0],
    ]);
  });
});

describe('one-track strata and unequal histograms in the stratified rank score', () => {
  const histogram = (counts: Record<number, number>, length = 66) => {
    const h = new Array<number>(length).fill(0);
    for (const [k, n] of Object.entries(counts)) h[Number(k)] = n;
    return h;
  };
  const both = {
    start: 0,
    candidate: { requests: 4, errors: 0, latencyBuckets: histogram({ 21: 2, 22: 2 }) },
    stable: { requests: 4, errors: 0, latencyBuckets: histogram({ 20: 2, 21: 2 }) },
  };

  it('adds nothing for a stratum with a single request on one track only', () => {
    const alone = (candidate: number, stable: number, start: number) => ({
      start,
      candidate: { requests: candidate, errors: 0, latencyBuckets: histogram({ 20: candidate }) },
      stable: { requests: stable, errors: 0, latencyBuckets: histogram({ 20: stable }) },
    });
    const base = stratifiedRankScore([both]);

    const withAlone = stratifiedRankScore([both, alone(1, 0, 1), alone(0, 1, 2)]);

    expect(withAlone).toEqual({ ...base, candidateN: 5, stableN: 5 });
  });

  it('ranks latencies beyond the end of a shorter histogram (a track that recorded fewer buckets)', () => {
    // Stable's histogram stops at bucket 30; the candidate's latencies in bucket 40 are all above it.
    const short = {
      start: 0,
      candidate: { requests: 2, errors: 0, latencyBuckets: histogram({ 40: 2 }) },
      stable: { requests: 2, errors: 0, latencyBuckets: histogram({ 20: 2 }, 31) },
    };
    // U = 4 (every pair slower), E[U] = 2, weight 1/5.
    expect(stratifiedRankScore([short])).toMatchObject({ u: 4, pairs: 4, score: 0.4 });
  });
});

describe('fixed-sample tests at their edges', () => {
  it('Mann-Whitney: all values tied is no evidence (z 0), no pairs no effect, and p exactly alpha does not reject', () => {
    expect(mannWhitneyTest([5, 5, 5], [5, 5], 0.05)).toMatchObject({ z: 0, candidateWorse: false });
    expect(mannWhitneyTest([], [1, 2], 0.05).effectSize).toBe(0);
    const slow = [30, 31, 32, 33, 34];
    const fast = [10, 11, 12, 13, 14];
    const p = mannWhitneyTest(slow, fast, 0.05).pValue;
    expect(mannWhitneyTest(slow, fast, p).candidateWorse).toBe(false);
    expect(mannWhitneyTest(slow, fast, p * 1.0001).candidateWorse).toBe(true);
  });

  it('two-proportion: names itself and does not reject at p exactly alpha', () => {
    const candidate = { events: 10, trials: 100 };
    const stable = { events: 2, trials: 100 };
    const first = twoProportionTest(candidate, stable, 0.05);

    expect(first).toMatchObject({ test: 'two-proportion', metric: 'error-rate', candidateWorse: true });
    expect(twoProportionTest(candidate, stable, first.pValue).candidateWorse).toBe(false);
  });
});

describe('small pieces of the judge', () => {
  it('histogram percentile: the rank met exactly at a bucket’s end is that bucket; the overflow is Infinity', () => {
    const h = emptyHistogram();
    h[0] = 2;
    h[4] = 2;
    // p50 of 4: rank 2, reached by the 2 in bucket 0 (<= 1 ms).
    expect(histogramPercentile(h, 50)).toBe(1);
    expect(histogramPercentile(h, 51)).toBe(2);
    const over = emptyHistogram();
    over[65] = 1;
    expect(histogramPercentile(over, 50)).toBe(Number.POSITIVE_INFINITY);
  });

  it('formats small p-values in exponent form from below 0.001', () => {
    expect(formatPValue(0.0005)).toBe('p=5.00e-4');
    expect(formatPValue(0.001)).toBe('p=0.00100');
    expect(formatPValue(0)).toBe('p<1e-300');
  });

  it('the rank mixture is most sensitive near 4 x minRequests (at least 25) candidate requests', () => {
    // 0.15 x (4 x 100) / 12 and 0.15 x (4 x 25) / 12.
    expect(rankMixtureRho(100)).toBeCloseTo(5, 12);
    expect(rankMixtureRho(10)).toBeCloseTo(1.25, 12);
  });

  it('a policy without a judge runs the mixture SPRT', () => {
    expect(judgeLooksOf(undefined)).toBe('sequential');
  });
});

describe('error counts: strata, edges of the binomial, thousands of errors', () => {
  const track = (requests: number, errors: number) => ({ requests, errors, latencyBuckets: [] });

  it('keeps only strata with errors and both tracks', () => {
    const strata = [
      { start: 0, candidate: track(10, 1), stable: track(0, 0) },
      { start: 1, candidate: track(0, 0), stable: track(10, 1) },
      { start: 2, candidate: track(10, 0), stable: track(30, 0) },
      { start: 3, candidate: track(10, 2), stable: track(30, 1) },
    ];
    expect(errorStrata(strata)).toEqual([{ x: 2, errors: 3, share: 0.25 }]);
  });

  it('a share of 0 or 1 puts all the mass on 0 or on every error', () => {
    expect(binomialPmf(3, 0)).toEqual([1, 0, 0, 0]);
    expect(binomialPmf(3, 1)).toEqual([0, 0, 0, 1]);
  });

  it('the error mixture stays finite on overwhelming evidence (2,000 errors, all the candidate’s, at a 1% share)', () => {
    // The 10x alternative dominates: 2000 (log 10 - log 1.09) + log(1/5).
    expect(logBinomialMixture([{ x: 2000, errors: 2000, share: 0.01 }])).toBeCloseTo(
      2000 * (Math.log(10) - Math.log(1.09)) + Math.log(1 / 5),
      6,
    );
  });

  it('over 5,000 errors uses the normal law: boundary = expected + z * sd, in fractional errors', () => {
    const strata = [
      { x: 3000, errors: 6000, share: 0.5 },
      { x: 100, errors: 200, share: 0.25 },
    ];
    const outcome = binomialSpendingTest([{ strata, fraction: 1 }], 0.05);
    // expected 3000 + 50, variance 1500 + 37.5; one look at t = 1 spends 0.05: z = 1.6449.
    expect(outcome.boundaries[0]).toBeCloseTo(3050 + 1.6448536 * Math.sqrt(1537.5), 3);
    expect(outcome.counts).toEqual([3100]);
    expect(outcome.crossed).toBe(false);
    expect(outcome.spent).toBeCloseTo(0.05, 6);
    // 3,215 candidate errors (over 3114.5) cross it.
    const over = binomialSpendingTest([{ strata: [{ ...strata[0]!, x: 3115 }, strata[1]!], fraction: 1 }], 0.05);
    expect(over).toMatchObject({ crossed: true, crossedAt: 0, counts: [3215] });
    // 5,000 errors exactly are still counted exactly: an integer boundary.
    const exact = binomialSpendingTest([{ strata: [{ x: 2500, errors: 5000, share: 0.5 }], fraction: 1 }], 0.05);
    expect(Number.isInteger(exact.boundaries[0])).toBe(true);
  });

  it('says the first look that crossed, and nothing when none did', () => {
    const look = (x: number, errors: number, fraction: number) => ({ strata: [{ x, errors, share: 0.2 }], fraction });
    // Boundaries 5 then 8 (alpha-spending.test.ts): 5 crosses at the first look, 9 again at the second.
    const twice = binomialSpendingTest(
      [look(5, 6, 0.4), { strata: [{ x: 4, errors: 7, share: 0.5 }], fraction: 1 }],
      0.05,
    );
    expect(twice).toMatchObject({ crossed: true, crossedAt: 0, counts: [5, 9] });
    const never = binomialSpendingTest([look(0, 6, 0.4)], 0.05);
    expect('crossedAt' in never).toBe(false);
  });
});
