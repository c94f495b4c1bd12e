// The alpha-spending judge against reference values computed independently in Python with scipy
// 1.17: the spending function with scipy.stats.norm; the Gaussian boundaries by solving, look by
// look, P(Z_1 < b_1, ..., Z_{j-1} < b_{j-1}, Z_j >= b_j) = alpha(t_j) - alpha(t_{j-1}) with
// scipy.stats.multivariate_normal.cdf (Genz's algorithm, Corr(Z_i, Z_j) = sqrt(I_i / I_j)); the
// five equal looks at one-sided 0.025 are also Lan and DeMets's published O'Brien-Fleming-like
// boundaries (4.877, 3.357, 2.680, 2.290, 2.031). The code integrates on a 20-points-per-sd lattice:
// boundaries agree to 1e-3 in z (alpha spent to 1e-5). The exact binomial boundaries by enumerating
// every outcome of every stratum with scipy.stats.binom.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../local/src/example-models/prng.ts';
import { informationFraction, judgeSchedule, stepStarts } from '../../src/domain/gates/information-fraction.ts';
import { judgeStrata } from '../../src/domain/gates/judge.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { gaussianSpendingTest, obrienFlemingSpending } from '../../src/domain/stats/alpha-spending.ts';
import { binomialSpendingTest } from '../../src/domain/stats/binomial-spending.ts';
import type { EvidenceStratum } from '../../src/domain/stats/evidence.ts';
import { judgeLooksOf } from '../../src/domain/stats/judge-result.ts';
import { emptyHistogram } from '../../src/domain/stats/latency-histogram.ts';
import { canaryPlan } from '../../src/domain/strategies/canary.ts';

describe('O’Brien-Fleming-like spending function', () => {
  it.each([
    [0.05, 0.1, 5.720318790425403e-10],
    [0.05, 0.25, 8.85754383214038e-5],
    [0.05, 0.5, 0.005574596680784415],
    [0.05, 0.75, 0.023625121317601198],
    [0.05, 1, 0.05],
    [0.025, 0.25, 7.36680843586938e-6],
    [0.025, 0.5, 0.0015253227579888986],
    [0.025, 0.75, 0.009649324953511989],
  ])('alpha %s at t=%s spends %s', (alpha, t, expected) => {
    expect(obrienFlemingSpending(alpha, t)).toBeCloseTo(expected, 6);
    expect(Math.abs(obrienFlemingSpending(alpha, t) / expected - 1)).toBeLessThan(2e-4);
  });

  it('spends nothing before any information and all of alpha from t = 1 on', () => {
    expect(obrienFlemingSpending(0.05, 0)).toBe(0);
    expect(obrienFlemingSpending(0.05, 1.3)).toBe(0.05);
  });
});

describe('Gaussian group-sequential boundaries', () => {
  const looks = (information: number[], fraction: number[]) =>
    information.map((v, i) => ({ information: v, fraction: fraction[i]!, score: 0 }));

  it.each([
    {
      name: 'five equal looks, one-sided 0.025 (Lan-DeMets published)',
      information: [1, 2, 3, 4, 5],
      fraction: [0.2, 0.4, 0.6, 0.8, 1],
      alpha: 0.025,
      expected: [4.876884948790766, 3.3570119225578576, 2.680165074939949, 2.289853297382164, 2.0309695445933618],
    },
    {
      name: 'three unequal looks, 0.05',
      information: [1, 2.5, 4],
      fraction: [0.3, 0.55, 1],
      alpha: 0.05,
      expected: [3.3929513546734773, 2.4074734188651163, 1.6637333231825915],
    },
    {
      name: 'information not proportional to the spending fraction',
      information: [0.9, 2.7, 3.0, 5.1],
      fraction: [0.25, 0.5, 0.62, 1],
      alpha: 0.05,
      expected: [3.749551837205834, 2.5414183086318727, 2.255353068376774, 1.6891997147839],
    },
    {
      name: 'the default canary, a look every 5 s from 20 s (minRequests) to 60 s',
      information: [1.8, 2.25, 2.7, 3.95, 5.2, 6.45, 7.7, 8.95, 10.2],
      fraction: [0.176471, 0.220588, 0.264706, 0.387255, 0.509804, 0.632353, 0.754902, 0.877451, 1],
      alpha: 0.05,
      // Here the increments of the early looks (~1e-5) are below scipy's multivariate normal
      // accuracy: the reference is numerical integration of the same recursion on a 6,000-point
      // grid (numpy/scipy, trapezoid rule), which reproduces the published five-look values to 1e-4.
      expected: [
        4.521059220666953, 4.020708550082462, 3.653478696129314, 2.950375725892186, 2.54076848176982, 2.264058201043442,
        2.061566864020847, 1.9052234041115763, 1.7798210345749543,
      ],
    },
  ])('$name', ({ information, fraction, alpha, expected }) => {
    const outcome = gaussianSpendingTest(looks(information, fraction), alpha);
    for (const [i, b] of outcome.boundaries.entries()) expect(Math.abs(b - expected[i]!)).toBeLessThan(1e-3);
    // The canary's fractions are rounded to 6 digits in the table.
    expect(outcome.spent).toBeCloseTo(alpha, 5);
  });

  it('rejects at the first look whose score reaches its boundary, and says which', () => {
    const sd = Math.sqrt;
    const outcome = gaussianSpendingTest(
      [
        { information: 1, fraction: 0.3, score: 3 * sd(1) },
        { information: 2.5, fraction: 0.55, score: 2.5 * sd(2.5) },
        { information: 4, fraction: 1, score: 0 },
      ],
      0.05,
    );
    // 3 < 3.393 at the first look; 2.5 >= 2.407 at the second; the third no longer matters.
    expect(outcome).toMatchObject({ crossed: true, crossedAt: 1 });
  });

  it('has no boundary where nothing is spent yet', () => {
    const outcome = gaussianSpendingTest([{ information: 1, fraction: 0, score: 100 }], 0.05);
    expect(outcome.boundaries[0]).toBe(Number.POSITIVE_INFINITY);
    expect(outcome.crossed).toBe(false);
  });

  it('a look without new information spends its alpha on the same data', () => {
    const outcome = gaussianSpendingTest(
      [
        { information: 2, fraction: 0.5, score: 0 },
        { information: 2, fraction: 1, score: 0 },
      ],
      0.05,
    );
    expect(outcome.spent).toBeCloseTo(0.05, 6);
    expect(outcome.boundaries[1]!).toBeLessThan(outcome.boundaries[0]!);
  });

  it('rolls back about alpha of null random walks over the canary’s looks (20,000 seeded walks)', () => {
    const information = [1.8, 2.25, 2.7, 3.95, 5.2, 6.45, 7.7, 8.95, 10.2];
    const fraction = information.map((v) => v / 10.2);
    const random = mulberry32(12);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let rejected = 0;
    const walks = 20_000;
    for (let w = 0; w < walks; w++) {
      let score = 0;
      let before = 0;
      const path = information.map((v, i) => {
        score += normal() * Math.sqrt(v - before);
        before = v;
        return { information: v, fraction: fraction[i]!, score };
      });
      if (gaussianSpendingTest(path, 0.05).crossed) rejected++;
    }
    // Binomial(20,000, 0.05): standard deviation 0.0015; 4 of them either side.
    expect(Math.abs(rejected / walks - 0.05)).toBeLessThan(0.006);
  });
});

describe('exact binomial group-sequential boundaries', () => {
  const look = (strata: [number, number][], fraction: number, x = 0) => ({
    strata: strata.map(([errors, share], i) => ({ x: i === 0 ? x : 0, errors, share })),
    fraction,
  });

  it.each([
    {
      looks: [
        look(
          [
            [3, 0.1],
            [2, 0.1],
          ],
          0.3,
        ),
        look(
          [
            [4, 0.5],
            [3, 0.5],
          ],
          0.7,
        ),
        look([[5, 0.5]], 1),
      ],
      alpha: 0.05,
      boundaries: [5, 8, 11],
      spent: 0.01948443115234376,
    },
    {
      looks: [
        look([[6, 0.2]], 0.4),
        look(
          [
            [5, 0.5],
            [2, 0.5],
          ],
          1,
        ),
      ],
      alpha: 0.05,
      boundaries: [5, 8],
      spent: 0.046272,
    },
    {
      looks: [look([[2, 0.1]], 0.1), look([[4, 0.3]], 0.5), look([[6, 0.5]], 0.8), look([[3, 0.5]], 1)],
      alpha: 0.1,
      boundaries: [Number.POSITIVE_INFINITY, 5, 8, 9],
      spent: 0.07881271679687502,
    },
  ])('boundaries $boundaries, exact alpha spent $spent', ({ looks, alpha, boundaries, spent }) => {
    const outcome = binomialSpendingTest(looks, alpha);
    expect(outcome.boundaries).toEqual(boundaries);
    expect(outcome.spent).toBeCloseTo(spent, 12);
  });

  it('rejects when the candidate’s running error count reaches a boundary', () => {
    const looks = [
      look([[6, 0.2]], 0.4, 4),
      look(
        [
          [5, 0.5],
          [2, 0.5],
        ],
        1,
        4,
      ),
    ];
    // 4 < 5 at the first look; 4 + 4 = 8 >= 8 at the second.
    expect(binomialSpendingTest(looks, 0.05)).toMatchObject({ crossed: true, crossedAt: 1, counts: [4, 8] });
    expect(binomialSpendingTest([look([[6, 0.2]], 0.4, 4)], 0.05).crossed).toBe(false);
  });
});

describe('information fraction of a rollout', () => {
  const plan = canaryPlan({
    steps: [
      { weight: 10, bakeMs: 30_000 },
      { weight: 50, bakeMs: 30_000 },
    ],
  });
  const starts = [
    { step: 0, at: 0 },
    { step: 1, at: 30_000 },
  ];

  it.each([
    [0, 0],
    [20_000, (0.09 * 20) / 10.2],
    [30_000, 2.7 / 10.2],
    [45_000, (2.7 + 0.25 * 15) / 10.2],
    [60_000, 1],
    [90_000, 1],
  ])('at %s ms it is %s', (at, expected) => {
    expect(informationFraction(plan, starts, at)).toBeCloseTo(expected, 12);
  });

  it('counts a step that waited past its bake only up to the bake, so t reaches 1 at the last look', () => {
    const late = [
      { step: 0, at: 0 },
      { step: 1, at: 50_000 },
    ];
    expect(informationFraction(plan, late, 50_000)).toBeCloseTo(2.7 / 10.2, 12);
    expect(informationFraction(plan, late, 80_000)).toBe(1);
  });

  it('reads the current rollout’s steps from its history', () => {
    const event = (rolloutId: number, type: 'step' | 'warmed', at: number, step?: number) => ({
      at,
      rolloutId,
      type,
      version: '1',
      to: 'Progressing' as const,
      who: 'controller',
      why: '',
      ...(step !== undefined ? { step } : {}),
    });
    const history = [event(1, 'step', 0, 0), event(2, 'warmed', 5), event(2, 'step', 10, 0), event(2, 'step', 40, 1)];
    expect(stepStarts(history, 2)).toEqual([
      { step: 0, at: 10 },
      { step: 1, at: 40 },
    ]);
    const record = { history, rolloutId: 2, trafficSince: 10 } as unknown as RolloutRecord;
    const schedule = judgeSchedule(record, plan, 70);
    expect(schedule).toMatchObject({ since: 10, now: 70, lookEveryMs: 5_000 });
  });
});

describe('the alpha-spending judge', () => {
  const plan = canaryPlan({
    steps: [
      { weight: 10, bakeMs: 30_000 },
      { weight: 50, bakeMs: 30_000 },
    ],
  });
  const starts = [
    { step: 0, at: 0 },
    { step: 1, at: 30_000 },
  ];
  /** One stratum a second: 5 candidate and 45 stable requests, candidate latency shifted by `shift` buckets. */
  const strata = (seconds: number, shift: number, errors = { candidate: 0, stable: 0 }): EvidenceStratum[] =>
    Array.from({ length: seconds }, (_, s) => {
      const histogram = (n: number, offset: number) => {
        const h = emptyHistogram();
        for (let i = 0; i < n; i++) h[20 + offset + (i % 5)]! += 1;
        return h;
      };
      return {
        start: s * 1000,
        candidate: { requests: 5, errors: errors.candidate, latencyBuckets: histogram(5, shift) },
        stable: { requests: 45, errors: errors.stable, latencyBuckets: histogram(45, 0) },
      };
    });
  const options = (now: number) => ({
    looks: 'alpha-spending' as const,
    minRequests: 100,
    schedule: { since: 0, now, lookEveryMs: 5_000, fractionAt: (at: number) => informationFraction(plan, starts, at) },
  });

  it('takes no look before minRequests candidate requests', () => {
    const result = judgeStrata(
      { metric: 'latency', test: 'sequential-rank', alpha: 0.05 },
      strata(15, 3),
      options(15_000),
    );
    expect(result.candidateWorse).toBe(false);
    expect(result.spending).toBeUndefined();
  });

  it('rolls back a clearly slower candidate at its first look, and says where it stood', () => {
    const result = judgeStrata(
      { metric: 'latency', test: 'sequential-rank', alpha: 0.05 },
      strata(20, 3),
      options(20_000),
    );
    expect(result.candidateWorse).toBe(true);
    expect(result.looks).toBe('alpha-spending');
    expect(result.spending!.fraction).toBeCloseTo((0.09 * 20) / 10.2, 12);
    expect(result.spending!.boundaryZ).toBeGreaterThan(4);
    // The record is JSON: no Infinity anywhere.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('keeps an identical candidate', () => {
    const result = judgeStrata(
      { metric: 'latency', test: 'sequential-rank', alpha: 0.05 },
      strata(60, 0),
      options(60_000),
    );
    expect(result.candidateWorse).toBe(false);
    expect(result.spending!.spent).toBeCloseTo(0.05, 4);
  });

  it('judges error counts exactly: 1 candidate error a second against 1 of stable’s', () => {
    const judge = { metric: 'error-rate', test: 'sequential-binomial', alpha: 0.05 } as const;
    const worse = judgeStrata(judge, strata(25, 0, { candidate: 1, stable: 1 }), options(25_000));
    // Half the errors from 10% of the requests, 25 times over: far past any boundary.
    expect(worse.candidateWorse).toBe(true);
    expect(worse.spending!.boundaryErrors).toBeGreaterThan(0);
    const same = judgeStrata(judge, strata(25, 0, { candidate: 0, stable: 1 }), options(25_000));
    expect(same.candidateWorse).toBe(false);
  });
});

describe('models.yaml judge.boundary', () => {
  const judge = { metric: 'latency', test: 'sequential-rank', alpha: 0.05 } as const;
  it.each([
    ['alpha-spending', 'alpha-spending'],
    ['mixture', 'sequential'],
  ] as const)('%s runs the %s judge', (boundary, looks) => {
    expect(judgeLooksOf({ ...judge, boundary })).toBe(looks);
  });
  it('absent (a policy recorded before models.yaml wrote its default in), the mixture it started with', () => {
    expect(judgeLooksOf(judge)).toBe('sequential');
  });
});
