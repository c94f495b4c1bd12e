// Gate decision for one rollout: alarms, then the judge, then minimum traffic, then thresholds.
import type { Gates, Judge } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { AlarmStatus, MetricWindow } from '../../ports/metrics.ts';
import type { JudgeResult } from '../stats/judge-result.ts';
import { mannWhitneyTest } from '../stats/mann-whitney.ts';
import { formatPValue } from '../stats/normal.ts';
import { twoProportionTest } from '../stats/two-proportion.ts';
import type { Verdict } from './verdict.ts';

export interface GateSignals {
  readonly candidate: MetricWindow;
  readonly stable: MetricWindow;
  /** States of the candidate track's alarms and the policy's extra alarms. */
  readonly alarms: readonly AlarmStatus[];
}

export interface GatePolicy {
  readonly gates: Gates;
  readonly judge?: Judge;
}

/** The normal approximations behind both tests are poor below this many samples per side. */
export const JUDGE_MIN_SAMPLES = 20;

export function runJudge(judge: Judge, signals: GateSignals): JudgeResult | undefined {
  const { candidate, stable } = signals;
  if (judge.test === 'two-proportion' || judge.metric === 'error-rate') {
    if (candidate.count < JUDGE_MIN_SAMPLES || stable.count < JUDGE_MIN_SAMPLES) return undefined;
    return twoProportionTest(
      { events: candidate.errors, trials: candidate.count },
      { events: stable.errors, trials: stable.count },
      judge.alpha,
    );
  }
  const c = candidate.latencySamplesMs;
  const s = stable.latencySamplesMs;
  if (c.length < JUDGE_MIN_SAMPLES || s.length < JUDGE_MIN_SAMPLES) return undefined;
  return mannWhitneyTest(c, s, judge.alpha);
}

export function assessGates(signals: GateSignals, policy: GatePolicy): Verdict {
  const { gates } = policy;
  // An alarm has its own evaluation window, so it decides even before minRequests.
  const firing = signals.alarms.find((a) => a.state === 'ALARM');
  if (firing) {
    return {
      outcome: 'fail',
      why: `alarm ${firing.name} is ALARM`,
      failedBy: { kind: 'alarm', alarm: firing.name, reason: firing.reason },
    };
  }
  // The judge controls false alarms by alpha, so it may catch a bad candidate with few requests.
  const judge = policy.judge ? runJudge(policy.judge, signals) : undefined;
  const withJudge = judge ? { judge } : {};
  if (judge?.candidateWorse) {
    const what = judge.metric === 'latency' ? 'slower' : 'more errors';
    return {
      outcome: 'fail',
      why: `judge: candidate ${what} than stable (${judge.test} ${formatPValue(judge.pValue)} < alpha ${judge.alpha})`,
      failedBy: { kind: 'judge', result: judge },
      ...withJudge,
    };
  }
  const { count, errors, p99Ms } = signals.candidate;
  // Thresholds on a handful of requests are noise: no verdict until minRequests.
  if (count < gates.minRequests) {
    return { outcome: 'wait', why: `${count}/${gates.minRequests} candidate requests`, ...withJudge };
  }
  const errorRate = errors / count;
  if (errorRate > gates.maxErrorRate) {
    return {
      outcome: 'fail',
      why: `error rate ${pct(errorRate)} > ${pct(gates.maxErrorRate)}`,
      failedBy: { kind: 'threshold', metric: 'error-rate', value: errorRate, limit: gates.maxErrorRate },
      ...withJudge,
    };
  }
  if (p99Ms !== undefined && p99Ms > gates.maxP99LatencyMs) {
    return {
      outcome: 'fail',
      why: `p99 ${Math.round(p99Ms)}ms > ${gates.maxP99LatencyMs}ms`,
      failedBy: { kind: 'threshold', metric: 'p99-latency', value: p99Ms, limit: gates.maxP99LatencyMs },
      ...withJudge,
    };
  }
  return { outcome: 'pass', why: `${count} requests, error rate ${pct(errorRate)}, p99 ${fmtMs(p99Ms)}`, ...withJudge };
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${Math.round(ms)}ms`;
}
