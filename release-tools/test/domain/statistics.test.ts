import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../local/src/example-models/prng.ts';
import { mannWhitneyTest, mannWhitneyU } from '../../src/domain/stats/mann-whitney.ts';
import { formatPValue, normalCdf, twoSidedP, upperTailP } from '../../src/domain/stats/normal.ts';
import { twoProportionTest, twoProportionZ } from '../../src/domain/stats/two-proportion.ts';

describe('standard normal CDF against the published table', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447],
    [1.96, 0.9750021],
    [-1.6448536, 0.05],
    [-2.5758293, 0.005],
    [3, 0.9986501],
  ])('Phi(%s) = %s', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 6);
  });
});

describe('two-proportion z-test against worked examples', () => {
  it.each([
    // 140/200 vs 255/340: z = -1.266015 (homeworksource.com worked solution); p from the normal table.
    { a: [140, 200], b: [255, 340], z: -1.266015, pTwo: 0.2055078 },
    // 28/254 vs 36/301: z = -0.344, two-tailed p = 0.7307 (homeworksource.com worked solution).
    { a: [28, 254], b: [36, 301], z: -0.344135, pTwo: 0.7307449 },
  ])('$a vs $b gives z=$z', ({ a, b, z, pTwo }) => {
    const result = twoProportionZ({ events: a[0]!, trials: a[1]! }, { events: b[0]!, trials: b[1]! });

    expect(result).toBeCloseTo(z, 5);
    expect(twoSidedP(result)).toBeCloseTo(pTwo, 5);
  });

  it('flags a candidate with significantly more errors and reports Cohen h', () => {
    const result = twoProportionTest({ events: 30, trials: 500 }, { events: 10, trials: 2000 }, 0.05);

    expect(result.candidateWorse).toBe(true);
    expect(result.z).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-6);
    expect(result.effectSize).toBeCloseTo(2 * Math.asin(Math.sqrt(0.06)) - 2 * Math.asin(Math.sqrt(0.005)), 10);
  });

  it('does not flag a candidate that is better than stable', () => {
    const result = twoProportionTest({ events: 1, trials: 500 }, { events: 40, trials: 2000 }, 0.05);

    expect(result.candidateWorse).toBe(false);
    expect(result.pValue).toBeGreaterThan(0.5);
  });

  it('returns z = 0 when neither side has any error', () => {
    expect(twoProportionZ({ events: 0, trials: 100 }, { events: 0, trials: 100 })).toBe(0);
  });
});

describe('Mann-Whitney U with normal approximation', () => {
  it('matches the pulse-rate textbook example (Pearson): U = 24 and 1, |z| = 2.402', () => {
    const { u1, u2, z } = mannWhitneyU([72, 78, 80, 85, 90], [60, 65, 68, 70, 75]);

    expect([u1, u2]).toEqual([24, 1]);
    expect(z).toBeCloseTo(2.402, 3);
    expect(twoSidedP(z)).toBeCloseTo(0.0162936, 5);
  });

  it('applies the tie correction to the variance (cross-checked with scipy 1.17 mannwhitneyu asymptotic)', () => {
    const { u1, z } = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8]);

    expect(u1).toBe(7.5);
    expect(twoSidedP(z)).toBeCloseTo(0.0054922, 6);
  });

  it('counts U as the pairs where the first is larger, ties one half, on samples of any size and ties', () => {
    // Prepare: random samples, half of them drawn from five values (many ties), some empty.
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const distinct = trial % 2 === 0 ? 5 : 1_000_000;
      const draw = (n: number) => Array.from({ length: n }, () => Math.floor(random() * distinct));
      const first = draw(Math.floor(random() * 40));
      const second = draw(Math.floor(random() * 120));
      // The definition, pair by pair.
      let pairs = 0;
      for (const x of first) for (const y of second) pairs += x > y ? 1 : x === y ? 0.5 : 0;

      const { u1, u2 } = mannWhitneyU(first, second);

      expect(u1).toBe(pairs);
      expect(u2).toBe(first.length * second.length - pairs);
    }
  });

  it('flags a slower candidate with alpha, one-sided p-value and rank-biserial effect size', () => {
    const stable = Array.from({ length: 30 }, (_, i) => 20 + (i % 10));
    const candidate = Array.from({ length: 30 }, (_, i) => 26 + (i % 10));

    const result = mannWhitneyTest(candidate, stable, 0.05);

    expect(result).toMatchObject({ test: 'mann-whitney', metric: 'latency', alpha: 0.05, candidateWorse: true });
    expect(result.pValue).toBeLessThan(0.05);
    expect(result.effectSize).toBeGreaterThan(0.5);
    expect(result.effectSize).toBeLessThanOrEqual(1);
  });

  it('finds no difference between identical samples', () => {
    const sample = [5, 6, 7, 8, 9, 10, 11, 12];

    const result = mannWhitneyTest(sample, sample, 0.05);

    expect(result.z).toBeCloseTo(0, 10);
    expect(result.effectSize).toBeCloseTo(0, 10);
    expect(result.candidateWorse).toBe(false);
  });
});

describe('p-values far in the tail', () => {
  it('keeps a tail below 1e-16 instead of rounding it to 0', () => {
    expect(upperTailP(10)).toBeGreaterThan(0);
    expect(upperTailP(10)).toBeCloseTo(7.62e-24, 25);
  });

  it.each([
    [0.0312, 'p=0.0312'],
    [7.62e-24, 'p=7.62e-24'],
    [0, 'p<1e-300'],
  ])('prints %s as %s', (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });
});
