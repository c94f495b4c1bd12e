// Reference values computed independently with Python's standard library: exact enumeration of
// every label assignment for the rank statistic and of the binomial tails, Simpson integration of
// the mixture integral.
import { describe, expect, it } from 'vitest';
import { exactConditionalP, logBinomialMixture } from '../../src/domain/stats/conditional-binomial.ts';
import type { EvidenceStratum } from '../../src/domain/stats/evidence.ts';
import {
  histogramPercentile,
  LATENCY_BUCKETS,
  latencyBucketLabel,
  latencyBucketOf,
  latencyBucketOfLabel,
  latencyBucketUpperMs,
} from '../../src/domain/stats/latency-histogram.ts';
import { logNormalMixture } from '../../src/domain/stats/normal-mixture.ts';
import { stratifiedRankScore } from '../../src/domain/stats/stratified-rank.ts';

const counts = (latencyBuckets: number[]) => ({
  requests: latencyBuckets.reduce((a, b) => a + b, 0),
  errors: 0,
  latencyBuckets,
});
const stratum = (candidate: number[], stable: number[], start = 0): EvidenceStratum => ({
  start,
  candidate: counts(candidate),
  stable: counts(stable),
});

describe('latency histogram layout', () => {
  it.each([
    [0.2, 0, 'le=1'],
    [1, 0, 'le=1'],
    [1.0001, 1, 'le=1.189'],
    [2, 4, 'le=2'],
    [12, 15, 'le=13.45'],
    [1000, 40, 'le=1024'],
    [65_536, 64, 'le=65540'],
    [1e9, 65, 'le=+Inf'],
  ])('%s ms falls in bucket %s (%s)', (ms, index, label) => {
    expect(latencyBucketOf(ms)).toBe(index);
    expect(latencyBucketLabel(index)).toBe(label);
    expect(latencyBucketOfLabel(label)).toBe(index);
  });

  it('puts each latency at most its bucket upper bound and above the previous one', () => {
    for (let ms = 0.5; ms < 70_000; ms *= 1.07) {
      const i = latencyBucketOf(ms);
      expect(ms).toBeLessThanOrEqual(latencyBucketUpperMs(i) * (1 + 1e-12));
      if (i > 0) expect(ms).toBeGreaterThan(latencyBucketUpperMs(i - 1));
    }
    expect(LATENCY_BUCKETS).toBe(66);
    expect(latencyBucketOfLabel('le=3')).toBeUndefined();
  });

  it('reads a nearest-rank percentile as the upper bound of its bucket', () => {
    const h = new Array(LATENCY_BUCKETS).fill(0);
    h[4] = 98; // (1.68, 2] ms
    h[20] = 2; // (22.6, 32] ms
    expect(histogramPercentile(h, 50)).toBe(2);
    expect(histogramPercentile(h, 99)).toBe(32);
    expect(histogramPercentile([], 99)).toBeUndefined();
  });
});

describe("van Elteren's stratified rank statistic on binned latencies", () => {
  it('matches exact enumeration of every candidate/stable labelling within each stratum', () => {
    // Python: for each stratum, every choice of n_c of the N binned values as the candidate's gives
    // U's permutation mean and variance; U observed 8.5, 7.5, 4 (means 8, 8, 6; variances
    // 11.142857, 10, 7.714286); weights 1/(N+1) give S = -0.25, V = 0.381558641975.
    const strata = [
      stratum([1, 2, 0, 1], [2, 0, 1, 1]),
      stratum([0, 3, 1], [1, 1, 2]),
      stratum([2, 0, 0, 0, 1], [0, 1, 1, 2, 0]),
    ];

    const r = stratifiedRankScore(strata);

    expect(r.score).toBeCloseTo(-0.25, 12);
    expect(r.variance).toBeCloseTo(0.38155864197530864, 12);
    expect([r.u, r.pairs, r.candidateN, r.stableN]).toEqual([20, 16 + 16 + 12, 11, 12]);
  });

  it('reads a slowdown common to both tracks as no difference, stratum by stratum', () => {
    // Candidate has 10% of the first stratum and 50% of the second, in which both tracks got slower.
    const strata = [stratum([0, 10, 0, 0], [0, 90, 0, 0]), stratum([0, 0, 0, 50], [0, 0, 0, 50])];

    expect(stratifiedRankScore(strata).score).toBe(0);
  });

  it('ignores a stratum only one track saw', () => {
    expect(stratifiedRankScore([stratum([5, 5], [])]).variance).toBe(0);
  });
});

describe('one-sided normal mixture e-value', () => {
  it.each([
    // Python: Simpson's rule over lambda in [0, 60/sqrt(min(V+rho, 1))], 200,000 intervals.
    [3, 4, 1, 0.6942755022424254],
    [10, 20, 2.5, 1.7990945549176878],
    [-1, 5, 0.5, -1.5087917357404506],
    [0, 1, 1, -0.34657359027998486],
  ])('log M(S=%s, V=%s, rho=%s) = %s', (s, v, rho, expected) => {
    expect(logNormalMixture(s, v, rho)).toBeCloseTo(expected, 6);
  });
});

describe('conditional binomial on error counts', () => {
  it("gives Fisher's exact one-sided p for 1 error in 20 candidate requests vs 0 in 180 (0.10)", () => {
    expect(exactConditionalP([{ x: 1, errors: 1, share: 20 / 200 }])).toBeCloseTo(0.1, 12);
  });

  it('matches the exact tail of a sum of binomials by enumeration', () => {
    const strata = [
      { x: 2, errors: 5, share: 0.1 },
      { x: 3, errors: 4, share: 0.5 },
      { x: 1, errors: 2, share: 0.25 },
    ];

    expect(exactConditionalP(strata)).toBeCloseTo(0.0349975, 12);
    // Python: log(mean over theta in {1.5, 2, 3, 5, 10} of prod theta^x / (theta*pi + 1 - pi)^E).
    expect(logBinomialMixture(strata)).toBeCloseTo(1.7645729244132173, 12);
  });

  it('has e-value 1 before any error', () => {
    expect(logBinomialMixture([])).toBe(0);
    expect(exactConditionalP([])).toBe(1);
  });
});
