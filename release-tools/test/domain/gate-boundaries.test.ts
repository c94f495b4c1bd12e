// The gates' boundaries on both sides and their verdicts written out whole (issue 16's mutation
// review): what fails, by what, and what a person reads, for the thresholds, the alarms, the old
// fixed-sample judge and the divergence gate.
import { describe, expect, it } from 'vitest';
import { assessGates, type GatePolicy, type GateSignals } from '../../src/domain/gates/assess-gates.ts';
import { assessDivergence, type DivergenceResult, describeDivergence } from '../../src/domain/gates/divergence-gate.ts';
import type { MetricWindow } from '../../src/ports/metrics.ts';
import type { MirroredPair } from '../../src/ports/mirrored-pairs.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] };
const window = (count: number, errors: number, p99Ms?: number, samples?: number[]): MetricWindow => ({
  count,
  errors,
  p50Ms: p99Ms,
  p99Ms,
  ...(samples ? { latencySamplesMs: samples } : {}),
});
const quietStable = window(1000, 0, 30);
const signals = (candidate: MetricWindow, extra: Partial<GateSignals> = {}): GateSignals => ({
  candidate,
  stable: quietStable,
  strata: [],
  alarms: [],
  ...extra,
});

describe('thresholds and minRequests, both sides of each boundary', () => {
  it('waits at 99 requests and decides at exactly minRequests (100)', () => {
    expect(assessGates(signals(window(99, 0, 50)), { gates })).toEqual({
      outcome: 'wait',
      why: '99/100 candidate requests',
    });
    expect(assessGates(signals(window(100, 0, 50)), { gates })).toEqual({
      outcome: 'pass',
      why: '100 requests, error rate 0.00%, p99 50ms',
    });
  });

  it('passes a p99 exactly at maxP99LatencyMs and fails 1 ms above it, naming the metric and its limit', () => {
    expect(assessGates(signals(window(100, 0, 200)), { gates }).outcome).toBe('pass');
    expect(assessGates(signals(window(100, 0, 201)), { gates })).toEqual({
      outcome: 'fail',
      why: 'p99 201ms > 200ms',
      failedBy: { kind: 'threshold', metric: 'p99-latency', value: 201, limit: 200 },
    });
  });

  it('passes without a p99 (no latency recorded)', () => {
    expect(assessGates(signals(window(100, 0)), { gates })).toEqual({
      outcome: 'pass',
      why: '100 requests, error rate 0.00%, p99 n/a',
    });
  });

  it('fails an error rate above maxErrorRate with the rate and the limit', () => {
    expect(assessGates(signals(window(100, 2, 50)), { gates })).toEqual({
      outcome: 'fail',
      why: 'error rate 2.00% > 1.00%',
      failedBy: { kind: 'threshold', metric: 'error-rate', value: 0.02, limit: 0.01 },
    });
  });

  it('fails on a firing alarm with its name and reason', () => {
    const alarms = [
      { name: 'ok-one', state: 'OK' as const, reason: '', since: 0 },
      { name: 'mlrelease-m-candidate-p99-latency', state: 'ALARM' as const, reason: '3 of 3 breached', since: 0 },
    ];
    expect(assessGates(signals(window(5, 0, 50), { alarms }), { gates })).toEqual({
      outcome: 'fail',
      why: 'alarm mlrelease-m-candidate-p99-latency is ALARM',
      failedBy: { kind: 'alarm', alarm: 'mlrelease-m-candidate-p99-latency', reason: '3 of 3 breached' },
    });
  });
});

describe('the fixed-sample judge the bench keeps (every-tick-fixed)', () => {
  const errorJudge = { metric: 'error-rate', test: 'sequential-binomial', alpha: 0.05 } as const;
  const latencyJudge = { metric: 'latency', test: 'sequential-rank', alpha: 0.05 } as const;
  const policy: GatePolicy = { gates, judge: errorJudge, looks: 'every-tick-fixed' };
  const bad = (count: number) => window(count, Math.round(count / 4), 50);

  it('compares error counts by the two-proportion test from 20 requests on each side, not 19', () => {
    // A quarter of the candidate's requests fail, none of stable's: worse from 20 a side.
    const twenty = assessGates(signals(bad(20), { stable: window(20, 0, 30) }), policy);
    expect(twenty).toMatchObject({ outcome: 'fail', failedBy: { kind: 'judge' } });
    expect(twenty.judge).toMatchObject({ test: 'two-proportion', looks: 'every-tick-fixed', candidateWorse: true });
    expect(twenty.why).toMatch(/^judge: candidate more errors than stable \(two-proportion, p=\S+ < alpha 0\.05\)$/);

    expect(assessGates(signals(bad(19), { stable: window(20, 0, 30) }), policy)).toEqual({
      outcome: 'wait',
      why: '19/100 candidate requests',
    });
    expect(assessGates(signals(bad(20), { stable: window(19, 0, 30) }), policy)).toEqual({
      outcome: 'wait',
      why: '20/100 candidate requests',
    });
  });

  it('keeps its result on a passing verdict from minRequests on', () => {
    const verdict = assessGates(signals(window(150, 1, 50), { stable: window(1000, 5, 30) }), policy);

    expect(verdict.outcome).toBe('pass');
    expect(verdict.judge).toMatchObject({ test: 'two-proportion', looks: 'every-tick-fixed', candidateWorse: false });
  });

  it('reads latency samples from 20 a side: 19 of stable’s give no verdict', () => {
    const slow = Array.from({ length: 20 }, (_, i) => 60 + (i % 5));
    const fast = (n: number) => Array.from({ length: n }, (_, i) => 20 + (i % 5));
    const latency: GatePolicy = { gates, judge: latencyJudge, looks: 'every-tick-fixed' };

    expect(
      assessGates(signals(window(20, 0, 64, slow), { stable: window(20, 0, 30, fast(20)) }), latency),
    ).toMatchObject({ outcome: 'fail', judge: { test: 'mann-whitney' } });
    expect(assessGates(signals(window(20, 0, 64, slow), { stable: window(19, 0, 30, fast(19)) }), latency)).toEqual({
      outcome: 'wait',
      why: '20/100 candidate requests',
    });
  });

  it('says "slower" for latency and states a fixed p against alpha', () => {
    const slow = Array.from({ length: 20 }, (_, i) => 60 + (i % 5));
    const fast = Array.from({ length: 20 }, (_, i) => 20 + (i % 5));
    const verdict = assessGates(signals(window(20, 0, 64, slow), { stable: window(20, 0, 30, fast) }), {
      gates,
      judge: latencyJudge,
      looks: 'every-tick-fixed',
    });
    expect(verdict.why).toMatch(/^judge: candidate slower than stable \(mann-whitney, p=\S+ < alpha 0\.05\)$/);
  });
});

/** n pairs labelled req-0..; `diff(i)` is pair i's largest difference (undefined: no float outputs). */
function pairs(n: number, diff: (i: number) => number | undefined, disagree: (i: number) => boolean): MirroredPair[] {
  return Array.from({ length: n }, (_, i) => {
    const d = diff(i);
    return {
      model: 'churn',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      requestId: `req-${i}`,
      ...(d === undefined ? {} : { maxAbsDiff: d }),
      disagree: disagree(i),
      at: i,
    };
  });
}

describe('divergence gate: what counts, what it reports', () => {
  const absDiff = { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 } as const;
  const disagreement = { metric: 'disagreement', threshold: 0.01, alpha: 0.05 } as const;

  it('counts labels for disagreement even without float outputs, and reports no p99 then', () => {
    // A classifier: no scores, every 20th label differs (5% against 1% tolerated).
    const labels = pairs(
      400,
      () => undefined,
      (i) => i % 20 === 19,
    );

    const result = assessDivergence(disagreement, { pairs: labels, dropped: 0 });

    expect(result).toMatchObject({ pairs: 400, exceeding: 20, diverges: true });
    expect('p99AbsDiff' in result).toBe(false);
    // No difference to rank them by: the first ones, in arrival order.
    expect(result.examples).toEqual(['req-19', 'req-39', 'req-59', 'req-79', 'req-99']);
  });

  it('does not count a difference exactly at the threshold, only above it', () => {
    const atThreshold = pairs(
      400,
      (i) => (i % 20 === 19 ? 0.05 : 0),
      () => false,
    );
    const above = pairs(
      400,
      (i) => (i % 20 === 19 ? 0.050001 : 0),
      () => false,
    );

    expect(assessDivergence(absDiff, { pairs: atThreshold, dropped: 0 })).toMatchObject({ exceeding: 0 });
    expect(assessDivergence(absDiff, { pairs: above, dropped: 0 })).toMatchObject({ exceeding: 20, diverges: true });
  });

  it('reads the p99 of the largest differences by nearest rank, over the pairs that have one', () => {
    // 380 pairs equal, 20 differing by 0.600019, 0.600039, ..., 0.600399: the 396th of 400 is 0.600319.
    const many = pairs(
      400,
      (i) => (i % 20 === 19 ? 0.6 + i / 1e6 : 0),
      () => false,
    );
    expect(assessDivergence(absDiff, { pairs: many, dropped: 0 }).p99AbsDiff).toBeCloseTo(0.600319, 12);
    // Pairs without float outputs are left out: the p99 of [0.1, 0.3] is 0.3.
    const mixed = pairs(
      4,
      (i) => [0.3, undefined, 0.1, undefined][i],
      () => false,
    );
    expect(assessDivergence(absDiff, { pairs: mixed, dropped: 0 }).p99AbsDiff).toBe(0.3);
  });

  it('names the most divergent exceeding requests first, five at most', () => {
    const order = [0.1, 0.9, 0.3, 0.7, 0.2, 0.8];
    const result = assessDivergence(absDiff, {
      pairs: pairs(
        6,
        (i) => order[i],
        () => false,
      ),
      dropped: 2,
    });

    expect(result.examples).toEqual(['req-1', 'req-5', 'req-3', 'req-2', 'req-4']);
    expect(result.dropped).toBe(2);
  });

  it('has no pairs to pass on when the plane records none: waits, naming 0 mirrored pairs', () => {
    const verdict = assessGates(signals(window(500, 0, 50)), { gates: { ...gates, maxDivergence: absDiff } });

    expect(verdict).toMatchObject({ outcome: 'wait', divergence: { pairs: 0, exceeding: 0, diverges: false } });
    expect(verdict.why).toMatch(/^0\/100 mirrored pairs; 500 requests, error rate 0\.00%, p99 50ms; divergence 0\/0 /);
  });

  it('passes at exactly minRequests mirrored pairs', () => {
    const equal = pairs(
      100,
      () => 0,
      () => false,
    );
    const verdict = assessGates(signals(window(500, 0, 50), { mirror: { pairs: equal, dropped: 0 } }), {
      gates: { ...gates, maxDivergence: absDiff },
    });
    expect(verdict.outcome).toBe('pass');
  });

  it('keeps a threshold failure a failure while few pairs were compared (no wait instead)', () => {
    const few = pairs(
      10,
      () => 0,
      () => false,
    );
    const verdict = assessGates(signals(window(500, 50, 50), { mirror: { pairs: few, dropped: 0 } }), {
      gates: { ...gates, maxDivergence: absDiff },
    });
    expect(verdict).toMatchObject({ outcome: 'fail', failedBy: { kind: 'threshold', metric: 'error-rate' } });
    expect(verdict.why).toMatch(/^error rate 10\.00% > 1\.00%; divergence 0\/10 mirrored pairs/);
  });
});

describe('describeDivergence: the line status, history and the dashboard show', () => {
  const base: DivergenceResult = {
    metric: 'abs-diff-p99',
    threshold: 0.05,
    alpha: 0.05,
    pairs: 400,
    exceeding: 20,
    p99AbsDiff: 0.600319,
    eValue: 1234.5,
    diverges: true,
    dropped: 3,
    examples: ['req-399', 'req-379'],
  };

  it('abs-diff-p99 with examples and dropped work', () => {
    expect(describeDivergence(base)).toBe(
      '20/400 mirrored pairs differ by more than 0.05 (p99 0.600, tolerated 1% above), e-value 1.23e+3; e.g. requests req-399, req-379; 3 mirrored requests dropped',
    );
  });

  it('abs-diff-p99 without float outputs, examples or drops', () => {
    const { p99AbsDiff: _, ...noP99 } = base;
    expect(describeDivergence({ ...noP99, exceeding: 0, eValue: 0.5, examples: [], dropped: 0 })).toBe(
      '0/400 mirrored pairs differ by more than 0.05 (p99 n/a, tolerated 1% above), e-value 0.500',
    );
  });

  it('disagreement states the tolerated rate in percent', () => {
    expect(
      describeDivergence({
        ...base,
        metric: 'disagreement',
        threshold: 0.02,
        exceeding: 12,
        eValue: 31.4159,
        examples: [],
        dropped: 0,
      }),
    ).toBe('12/400 mirrored pairs disagree (tolerated 2.00%), e-value 31.4');
  });
});
