import { describe, expect, it } from 'vitest';
import { assessGates, type GateSignals } from '../../src/domain/gates/assess-gates.ts';
import type { EvidenceStratum } from '../../src/domain/stats/evidence.ts';
import { emptyHistogram } from '../../src/domain/stats/latency-histogram.ts';
import type { AlarmStatus, MetricWindow } from '../../src/ports/metrics.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] };
const latencyJudge = { metric: 'latency', test: 'sequential-rank', alpha: 0.05 } as const;
const errorJudge = { metric: 'error-rate', test: 'sequential-binomial', alpha: 0.05 } as const;

function window(count: number, errors: number, p99Ms: number | undefined, samples: number[] = []): MetricWindow {
  return { count, errors, p50Ms: p99Ms, p99Ms, latencySamplesMs: samples };
}
const ok = (name: string): AlarmStatus => ({ name, state: 'OK', reason: '', since: 0 });
const alarm = (name: string): AlarmStatus => ({ name, state: 'ALARM', reason: '2 of 3 breached', since: 0 });
const fast = Array.from({ length: 40 }, (_, i) => 20 + (i % 5));
const slow = Array.from({ length: 40 }, (_, i) => 60 + (i % 5));

function signals(
  candidate: MetricWindow,
  stable = window(1000, 0, 30, fast),
  alarms: AlarmStatus[] = [ok('a')],
  strata: EvidenceStratum[] = [],
): GateSignals {
  return { candidate, stable, alarms, strata };
}

/** One stratum: stable's latencies spread over buckets 18..21, the candidate's `slower` buckets up. */
function stratum(
  candidate: number,
  candidateErrors: number,
  stable: number,
  slower = 0,
  both = 0,
  stableErrors = 0,
): EvidenceStratum {
  const spread = (n: number, from: number) => {
    const h = emptyHistogram();
    for (let i = 0; i < n; i++) h[from + (i % 4)]!++;
    return h;
  };
  return {
    start: 0,
    candidate: { requests: candidate, errors: candidateErrors, latencyBuckets: spread(candidate, 18 + both + slower) },
    stable: { requests: stable, errors: stableErrors, latencyBuckets: spread(stable, 18 + both) },
  };
}

describe('assessGates', () => {
  it.each([
    [
      'fails on a firing alarm even before minRequests',
      signals(window(3, 0, 10), undefined, [ok('x'), alarm('mlrelease-m-candidate-error-rate')]),
      {},
      'fail',
      'alarm mlrelease-m-candidate-error-rate is ALARM',
    ],
    ['waits below minRequests', signals(window(99, 50, 900)), {}, 'wait', '99/100 candidate requests'],
    ['fails on error rate above the threshold', signals(window(200, 3, 50)), {}, 'fail', 'error rate 1.50% > 1.00%'],
    [
      'passes an error rate exactly at the threshold',
      signals(window(200, 2, 50)),
      {},
      'pass',
      '200 requests, error rate 1.00%, p99 50ms',
    ],
    ['fails on p99 above the threshold', signals(window(200, 0, 201)), {}, 'fail', 'p99 201ms > 200ms'],
    ['passes a healthy candidate', signals(window(500, 1, 80)), {}, 'pass', '500 requests, error rate 0.20%, p99 80ms'],
    [
      'passes with no latency samples',
      signals(window(150, 0, undefined)),
      {},
      'pass',
      '150 requests, error rate 0.00%, p99 n/a',
    ],
    [
      'insufficient data is not a failure',
      signals(window(200, 0, 50), undefined, [{ name: 'a', state: 'INSUFFICIENT_DATA', reason: '', since: 0 }]),
      {},
      'pass',
      '200 requests, error rate 0.00%, p99 50ms',
    ],
  ] as const)('%s', (_name, s, judge, outcome, why) => {
    const verdict = assessGates(s, { gates, ...judge });

    expect(verdict.outcome).toBe(outcome);
    expect(verdict.why).toBe(why);
  });

  it('never passes on no traffic, nor prints NaN, for a rollout started before minRequests: 0 was refused', () => {
    // Issue 15, finding 9: a record whose policy says minRequests 0 promoted with "error rate NaN%".
    const verdict = assessGates(signals(window(0, 0, undefined)), { gates: { ...gates, minRequests: 0 } });

    expect(verdict).toEqual({ outcome: 'wait', why: '0/1 candidate requests' });
  });

  it('gives no judge verdict below minRequests, however slow the candidate looks', () => {
    // Before the sequential judge, 40 slow requests failed here on the judge alone.
    const verdict = assessGates(signals(window(40, 0, 64, slow), undefined, undefined, [stratum(40, 0, 1000)]), {
      gates,
      judge: latencyJudge,
    });

    expect(verdict).toEqual({ outcome: 'wait', why: '40/100 candidate requests' });
  });

  it('lets the sequential latency judge fail a slow candidate, with its e-value', () => {
    const verdict = assessGates(signals(window(150, 0, 64), undefined, undefined, [stratum(150, 0, 1000, 2)]), {
      gates,
      judge: latencyJudge,
    });

    expect(verdict.outcome === 'fail' && verdict.failedBy.kind).toBe('judge');
    expect(verdict.judge).toMatchObject({ test: 'sequential-rank', looks: 'sequential', candidateWorse: true });
    expect(verdict.judge!.eValue).toBeGreaterThanOrEqual(20);
    expect(verdict.judge!.pValue).toBeCloseTo(1 / verdict.judge!.eValue!, 12);
    expect(verdict.why).toMatch(/^judge: candidate slower than stable \(sequential-rank, e-value /);
  });

  it('passes a candidate whose slowdown hit stable at the same time (compared stratum by stratum)', () => {
    // Stratum 1: candidate 10% of traffic, both fast. Stratum 2: 50%, both 4 buckets slower.
    // Pooled, the candidate looks slower (more of its requests are in the slow stratum).
    const strata = [stratum(100, 0, 900, 0), stratum(500, 0, 500, 0, 4)];

    const verdict = assessGates(signals(window(600, 0, 64), window(1400, 0, 64), undefined, strata), {
      gates,
      judge: latencyJudge,
    });

    expect(verdict.outcome).toBe('pass');
    expect(verdict.judge).toMatchObject({ z: 0, candidateWorse: false });
  });

  it('lets the error-rate judge fail a candidate with more errors than stable, from exact counts', () => {
    const verdict = assessGates(
      signals(window(500, 4, 20), window(4500, 4, 20), undefined, [stratum(500, 4, 4500, 0, 0, 4)]),
      { gates: { ...gates, maxErrorRate: 0.05 }, judge: errorJudge },
    );

    expect(verdict.outcome).toBe('fail');
    expect(verdict.judge).toMatchObject({ test: 'sequential-binomial', metric: 'error-rate', candidateWorse: true });
  });

  it('reads a one-look judge only when the last step is over', () => {
    const s = signals(window(150, 0, 64), undefined, undefined, [stratum(150, 0, 1000, 2)]);

    const before = assessGates(s, { gates, judge: latencyJudge, looks: 'one-look', finalLook: false });
    const last = assessGates(s, { gates, judge: latencyJudge, looks: 'one-look', finalLook: true });

    expect(before).toMatchObject({ outcome: 'pass' });
    expect(before.judge).toBeUndefined();
    expect(last.outcome === 'fail' && last.failedBy.kind).toBe('judge');
    expect(last.judge).toMatchObject({ looks: 'one-look', candidateWorse: true });
  });

  it('keeps the old rule for the bench: Mann-Whitney on samples at every tick, from 20 a side', () => {
    const verdict = assessGates(signals(window(40, 0, 64, slow)), {
      gates,
      judge: latencyJudge,
      looks: 'every-tick-fixed',
    });
    const legacy = (samples: number[]) =>
      assessGates(signals(window(samples.length, 0, 64, samples)), {
        gates,
        judge: latencyJudge,
        looks: 'every-tick-fixed',
      });

    expect(verdict.judge).toMatchObject({ test: 'mann-whitney', looks: 'every-tick-fixed', candidateWorse: true });
    // 20 slow samples against stable's 40 already fail, below minRequests; 19 give no judge at all.
    expect(legacy(slow.slice(0, 20))).toMatchObject({ outcome: 'fail', failedBy: { kind: 'judge' } });
    expect(legacy(slow.slice(0, 19))).toEqual({ outcome: 'wait', why: '19/100 candidate requests' });
  });

  it('judges a rollout recorded before the sequential judge (policy test mann-whitney) sequentially', () => {
    // A RolloutRecord written by the previous code keeps the policy it started with.
    const recorded = { metric: 'latency', test: 'mann-whitney', alpha: 0.05 } as const;

    const verdict = assessGates(signals(window(150, 0, 64), undefined, undefined, [stratum(150, 0, 1000, 2)]), {
      gates,
      judge: recorded,
    });

    expect(verdict.judge).toMatchObject({ test: 'sequential-rank', looks: 'sequential', candidateWorse: true });
  });

  it('attaches a passing judge result to a pass verdict', () => {
    const verdict = assessGates(signals(window(200, 0, 24), undefined, undefined, [stratum(200, 0, 1000)]), {
      gates,
      judge: latencyJudge,
    });

    expect(verdict.outcome).toBe('pass');
    expect(verdict.judge).toMatchObject({ candidateWorse: false });
  });
});
