// The judge's results written out (issue 16's mutation review): the error-rate statistics checked by
// hand, the latency statistics against an independent van Elteren computation (midranks, tie-corrected
// variance, weights 1/(N+1), in Python), the one-look tests at alpha on both sides, and when the
// alpha-spending judge looks.
import { describe, expect, it } from 'vitest';
import { assessGates } from '../../src/domain/gates/assess-gates.ts';
import { informationFraction, judgeSchedule, stepStarts } from '../../src/domain/gates/information-fraction.ts';
import { judgeStrata } from '../../src/domain/gates/judge.ts';
import type { HistoryEvent } from '../../src/domain/rollout/history.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import type { EvidenceStratum } from '../../src/domain/stats/evidence.ts';
import { emptyHistogram } from '../../src/domain/stats/latency-histogram.ts';
import { allAtOncePlan } from '../../src/domain/strategies/all-at-once.ts';
import { canaryPlan } from '../../src/domain/strategies/canary.ts';
import { shadowPlan } from '../../src/domain/strategies/shadow.ts';

const errorJudge = { metric: 'error-rate', test: 'sequential-binomial', alpha: 0.05 } as const;
const latencyJudge = { metric: 'latency', test: 'sequential-rank', alpha: 0.05 } as const;

/** n latencies alternating between buckets `from` and `from + 1`. */
const twoBuckets = (n: number, from: number) => {
  const h = emptyHistogram();
  for (let i = 0; i < n; i++) h[from + (i % 2)]! += 1;
  return h;
};
const stratum = (
  start: number,
  c: number,
  cErrors: number,
  s: number,
  sErrors: number,
  shift = 0,
): EvidenceStratum => ({
  start,
  candidate: { requests: c, errors: cErrors, latencyBuckets: twoBuckets(c, 20 + shift) },
  stable: { requests: s, errors: sErrors, latencyBuckets: twoBuckets(s, 20) },
});

describe('error-rate judge statistics', () => {
  // Stratum 1: 2 of 3 errors from the candidate's 10% share; stratum 2: 1 of 2 from its 50%.
  const strata = [stratum(0, 20, 2, 180, 1), stratum(60_000, 50, 1, 50, 1)];

  it('sums observed and expected candidate errors over strata: z = (3 - 1.3) / sqrt(0.77), exact p = 0.082', () => {
    const result = judgeStrata(errorJudge, strata, { looks: 'one-look', minRequests: 10 });

    expect(result).toEqual({
      test: 'sequential-binomial',
      metric: 'error-rate',
      alpha: 0.05,
      // expected 3*0.1 + 2*0.5 = 1.3; variance 3*0.1*0.9 + 2*0.5*0.5 = 0.77.
      z: expect.closeTo(1.7 / Math.sqrt(0.77), 12),
      pTwoSided: expect.closeTo(0.0527, 3),
      // log((3 + 0.5) / (1.3 + 0.5)).
      effectSize: expect.closeTo(Math.log(3.5 / 1.8), 12),
      candidateN: 70,
      stableN: 230,
      looks: 'one-look',
      strata: 2,
      // P(Bin(3, 0.1) + Bin(2, 0.5) >= 3) = 0.243*0.25 + 0.027*0.75 + 0.001.
      pValue: expect.closeTo(0.082, 12),
      candidateWorse: false,
    });
  });

  it('one look: rejects below alpha, not at it', () => {
    const at = (alpha: number) =>
      judgeStrata({ ...errorJudge, alpha }, strata, { looks: 'one-look', minRequests: 10 }).candidateWorse;
    const p = judgeStrata(errorJudge, strata, { looks: 'one-look', minRequests: 10 }).pValue;

    expect(at(0.09)).toBe(true);
    expect(at(p)).toBe(false);
  });

  it('reads no errors as z 0 and no effect, with nothing to reject', () => {
    const clean = [stratum(0, 20, 0, 180, 0)];

    expect(judgeStrata(errorJudge, clean, { looks: 'one-look', minRequests: 10 })).toMatchObject({
      z: 0,
      effectSize: 0,
      pValue: 1,
      candidateWorse: false,
    });
  });

  it('alpha-spending before minRequests: no look, no spending, the exact p all the same', () => {
    const schedule = { since: 0, now: 60_000, lookEveryMs: 5_000, fractionAt: () => 0.5 };
    const result = judgeStrata(errorJudge, strata, { looks: 'alpha-spending', minRequests: 1_000, schedule });

    expect(result.candidateWorse).toBe(false);
    expect(result.pValue).toBeCloseTo(0.082, 12);
    expect(result.spending).toBeUndefined();
  });

  it('needs the rollout schedule for alpha spending', () => {
    expect(() => judgeStrata(errorJudge, strata, { looks: 'alpha-spending', minRequests: 10 })).toThrow(
      'the alpha-spending judge needs the rollout schedule',
    );
  });
});

describe('latency judge statistics', () => {
  // Candidate one bucket up in the first stratum, level in the second, two up in the third.
  const strata = [stratum(0, 4, 0, 4, 0, 1), stratum(60_000, 4, 0, 4, 0), stratum(120_000, 2, 0, 6, 0, 2)];

  it('van Elteren over all strata (z 2.2853, rank-biserial 6/11), one-sided p = 1 - Phi(z) for one look', () => {
    const result = judgeStrata(latencyJudge, strata, { looks: 'one-look', minRequests: 10 });

    expect(result).toEqual({
      test: 'sequential-rank',
      metric: 'latency',
      alpha: 0.05,
      z: expect.closeTo(2.2853441595219612, 9),
      pTwoSided: expect.closeTo(0.022293, 5),
      effectSize: expect.closeTo(6 / 11, 12),
      candidateN: 10,
      stableN: 14,
      looks: 'one-look',
      strata: 3,
      pValue: expect.closeTo(0.0111463, 6),
      candidateWorse: true,
    });
  });

  it('one look: rejects below alpha, not at it, and not an identical candidate', () => {
    const p = judgeStrata(latencyJudge, strata, { looks: 'one-look', minRequests: 10 }).pValue;
    const same = [stratum(0, 4, 0, 4, 0), stratum(60_000, 4, 0, 4, 0)];

    expect(
      judgeStrata({ ...latencyJudge, alpha: p }, strata, { looks: 'one-look', minRequests: 10 }).candidateWorse,
    ).toBe(false);
    expect(judgeStrata(latencyJudge, same, { looks: 'one-look', minRequests: 10 }).candidateWorse).toBe(false);
  });

  it('reads strata where only the candidate had traffic as no evidence: z 0, e-value 1', () => {
    const alone = [stratum(0, 10, 0, 0, 0)];

    expect(judgeStrata(latencyJudge, alone, { looks: 'sequential', minRequests: 10 })).toMatchObject({
      z: 0,
      pValue: 1,
      eValue: 1,
      candidateWorse: false,
    });
    expect(judgeStrata(latencyJudge, alone, { looks: 'one-look', minRequests: 10 }).z).toBe(0);
  });
});

describe('when the alpha-spending judge looks', () => {
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
  /** One stratum a second: 5 candidate and 45 stable requests, the same latencies. */
  const seconds = (n: number): EvidenceStratum[] =>
    Array.from({ length: n }, (_, s) => ({
      start: s * 1000,
      candidate: { requests: 5, errors: 0, latencyBuckets: twoBuckets(5, 20) },
      stable: { requests: 45, errors: 0, latencyBuckets: twoBuckets(45, 20) },
    }));
  const options = (now: number, minRequests = 100) => ({
    looks: 'alpha-spending' as const,
    minRequests,
    schedule: { since: 0, now, lookEveryMs: 5_000, fractionAt: (at: number) => informationFraction(plan, starts, at) },
  });

  it('a look at instant t sees only the strata begun before t: the first look taken is a one-look test', () => {
    // At 20 s the strata of 0..19 s hold 100 candidate requests (< 105): no look; the first is at 22 s.
    const result = judgeStrata(latencyJudge, seconds(22), options(22_000, 105));

    // One look spends alpha(t) at once: its nominal alpha is all that was spent.
    expect(result.spending!.fraction).toBeCloseTo((0.09 * 22) / 10.2, 12);
    expect(result.spending!.nominalAlpha! / result.spending!.spent).toBeCloseTo(1, 5);
    // It reports the fixed-sample one-sided p, as one look would.
    const oneLook = judgeStrata(latencyJudge, seconds(22), { looks: 'one-look', minRequests: 105 });
    expect(result.pValue).toBeCloseTo(oneLook.pValue, 12);
  });

  it('before minRequests it takes no look and reports the fixed-sample p of all the strata', () => {
    const result = judgeStrata(latencyJudge, seconds(15), options(15_000));
    const oneLook = judgeStrata(latencyJudge, seconds(15), { looks: 'one-look', minRequests: 100 });

    expect(result.spending).toBeUndefined();
    expect(result.candidateWorse).toBe(false);
    expect(result.pValue).toBeCloseTo(oneLook.pValue, 12);
  });

  it('looks every 5 s from minRequests on: the last boundary at t = 1 is above the one-look 1.645', () => {
    const result = judgeStrata(latencyJudge, seconds(60), options(60_000));

    expect(result.candidateWorse).toBe(false);
    expect(result.spending!.fraction).toBe(1);
    expect(result.spending!.spent).toBeCloseTo(0.05, 6);
    // Nine looks (20 s .. 60 s): the last boundary is about 1.733, its nominal alpha about 0.0415.
    expect(result.spending!.boundaryZ).toBeGreaterThan(1.72);
    expect(result.spending!.boundaryZ).toBeLessThan(1.75);
    expect(result.spending!.nominalAlpha).toBeCloseTo(0.0415, 3);
  });

  it('counts each stratum’s errors once, at the look it arrived by, and reports the last look', () => {
    // 5 candidate errors in the first 20 s (one every 4 s, each with 1 of stable's), none after.
    const strata = seconds(40).map((s, i) => ({
      ...s,
      candidate: { ...s.candidate, errors: i < 20 && i % 4 === 0 ? 1 : 0 },
      stable: { ...s.stable, errors: i % 4 === 0 ? 1 : 0 },
    }));

    const result = judgeStrata(errorJudge, strata, options(40_000));

    expect(result.candidateWorse).toBe(false);
    expect(result.spending!.fraction).toBeCloseTo((0.09 * 30 + 0.25 * 10) / 10.2, 12);
    expect(result.spending!.boundaryErrors).toBe(6);
  });

  it('fails a gate by alpha spending in words: where it crossed, in percent of the information', () => {
    const slower = seconds(20).map((s) => ({ ...s, candidate: { ...s.candidate, latencyBuckets: twoBuckets(5, 24) } }));
    const window = { count: 100, errors: 0, p50Ms: 20, p99Ms: 30 };
    const verdict = assessGates(
      { candidate: window, stable: { ...window, count: 900 }, strata: slower, alarms: [] },
      {
        gates: { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] },
        judge: latencyJudge,
        looks: 'alpha-spending',
        schedule: options(20_000).schedule,
      },
    );

    // t = 0.09 * 20 / 10.2 = 17.6%.
    expect(verdict.why).toMatch(
      /^judge: candidate slower than stable \(sequential-rank, crossed the alpha-spending boundary at information 18%, p\S+\)$/,
    );
  });
});

describe('information fraction: the plan’s shape', () => {
  it('falls back to time for a plan without a shared step (a shadow mirrors, shares nothing)', () => {
    const plan = shadowPlan({ sample: 10, durationMs: 60_000 });
    expect(informationFraction(plan, [{ step: 0, at: 0 }], 30_000)).toBe(0.5);
  });

  it('is complete at once for an all-at-once plan (no hold to wait for)', () => {
    expect(informationFraction(allAtOncePlan(), [{ step: 0, at: 0 }], 0)).toBe(1);
  });

  it('ignores a recorded step the plan no longer has', () => {
    const plan = canaryPlan({ steps: [{ weight: 50, bakeMs: 10_000 }] });
    expect(
      informationFraction(
        plan,
        [
          { step: 0, at: 0 },
          { step: 3, at: 5_000 },
        ],
        8_000,
      ),
    ).toBe(0.5);
  });

  it('weights each step by w(1 - w): 10% for its 30 s holds 0.09/0.34 of a 10%/50% canary', () => {
    const plan = canaryPlan({
      steps: [
        { weight: 10, bakeMs: 30_000 },
        { weight: 50, bakeMs: 30_000 },
      ],
    });
    expect(informationFraction(plan, [{ step: 0, at: 0 }], 30_000)).toBeCloseTo(0.09 / 0.34, 12);
  });

  it('reads the steps from step events only, and gives the schedule the plan’s fraction', () => {
    const event = (type: HistoryEvent['type'], at: number, step?: number): HistoryEvent => ({
      at,
      rolloutId: 2,
      type,
      version: '1',
      to: 'Progressing',
      who: 'controller',
      why: '',
      ...(step !== undefined ? { step } : {}),
    });
    const history = [event('step', 10, 0), event('resumed', 20, 1), event('step', 25), event('step', 40, 1)];
    const plan = canaryPlan({
      steps: [
        { weight: 10, bakeMs: 30_000 },
        { weight: 50, bakeMs: 30_000 },
      ],
    });

    expect(stepStarts(history, 2)).toEqual([
      { step: 0, at: 10 },
      { step: 1, at: 40 },
    ]);
    const record = { history, rolloutId: 2, trafficSince: 10 } as unknown as RolloutRecord;
    // 30 ms of the 10% step: 0.09 * 30 of 0.09 * 30,000 + 0.25 * 30,000.
    expect(judgeSchedule(record, plan, 70).fractionAt(40)).toBeCloseTo((0.09 * 30) / 10_200, 15);
  });
});
