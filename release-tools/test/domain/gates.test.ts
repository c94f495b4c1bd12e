import { describe, expect, it } from 'vitest';
import { assessGates, type GateSignals, JUDGE_MIN_SAMPLES } from '../../src/domain/gates/assess-gates.ts';
import type { AlarmStatus, MetricWindow } from '../../src/ports/metrics.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] };
const latencyJudge = { metric: 'latency', test: 'mann-whitney', alpha: 0.05 } as const;
const errorJudge = { metric: 'error-rate', test: 'two-proportion', alpha: 0.05 } as const;

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
): GateSignals {
  return { candidate, stable, alarms };
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

  it('lets the latency judge fail a slow candidate before minRequests', () => {
    const verdict = assessGates(signals(window(40, 0, 64, slow)), { gates, judge: latencyJudge });

    expect(verdict.outcome).toBe('fail');
    expect(verdict.outcome === 'fail' && verdict.failedBy.kind).toBe('judge');
    expect(verdict.judge).toMatchObject({ test: 'mann-whitney', alpha: 0.05, candidateWorse: true });
  });

  it('runs no judge below the minimum samples per side', () => {
    const few = slow.slice(0, JUDGE_MIN_SAMPLES - 1);

    const verdict = assessGates(signals(window(few.length, 0, 64, few)), { gates, judge: latencyJudge });

    expect(verdict).toEqual({ outcome: 'wait', why: '19/100 candidate requests' });
  });

  it('lets the error-rate judge fail a candidate with more errors than stable', () => {
    const verdict = assessGates(signals(window(60, 6, 20), window(2000, 2, 20)), { gates, judge: errorJudge });

    expect(verdict.outcome).toBe('fail');
    expect(verdict.judge).toMatchObject({ test: 'two-proportion', metric: 'error-rate', candidateWorse: true });
  });

  it('attaches a passing judge result to a pass verdict', () => {
    const verdict = assessGates(signals(window(200, 0, 24, fast)), { gates, judge: latencyJudge });

    expect(verdict.outcome).toBe('pass');
    expect(verdict.judge).toMatchObject({ candidateWorse: false });
  });
});
