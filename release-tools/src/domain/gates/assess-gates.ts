// Gate decision for one rollout: alarms, then minimum traffic, then the judge, then thresholds; the
// candidate's dead letters (async path) at any time.
import type { Gates, Judge } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { AlarmStatus, MetricWindow } from '../../ports/metrics.ts';
import type { MirrorEvidence } from '../../ports/mirrored-pairs.ts';
import type { EvidenceStratum } from '../stats/evidence.ts';
import type { JudgeLooks, JudgeResult } from '../stats/judge-result.ts';
import { formatPValue } from '../stats/normal.ts';
import { assessDeadLetters, type DeadLetterEvidence, describeDeadLetters } from './dead-letter-gate.ts';
import { assessDivergence, describeDivergence, toleratedShare } from './divergence-gate.ts';
import { type JudgeSchedule, judgeStrata } from './judge.ts';
import { runLegacyJudge } from './legacy-judge.ts';
import type { Verdict } from './verdict.ts';

export interface GateSignals {
  /** Since traffic reached the candidate, for the thresholds. */
  readonly candidate: MetricWindow;
  readonly stable: MetricWindow;
  /** Both tracks over the same time strata since traffic reached the candidate, for the judge. */
  readonly strata: readonly EvidenceStratum[];
  /** States of the candidate track's alarms and the policy's extra alarms. */
  readonly alarms: readonly AlarmStatus[];
  /** Mirrored pairs since traffic reached the candidate (shadow), where the plane records them. */
  readonly mirror?: MirrorEvidence;
  /** The candidate's dead letters since traffic reached it, where the plane reads them (async path). */
  readonly deadLetters?: DeadLetterEvidence;
}

export interface GatePolicy {
  readonly gates: Gates;
  readonly judge?: Judge;
  /** @default 'sequential' */
  readonly looks?: JudgeLooks;
  /** The last step's bake is over: the one look of a 'one-look' judge. */
  readonly finalLook?: boolean;
  /** Where the rollout is in its schedule: the 'alpha-spending' judge spends by it. */
  readonly schedule?: JudgeSchedule;
}

export function assessGates(signals: GateSignals, policy: GatePolicy): Verdict {
  const verdict = assessRequests(signals, policy);
  if (!signals.deadLetters) return verdict;
  const deadLetters = assessDeadLetters(policy.gates.deadLetters, signals.deadLetters);
  // Before minRequests too: a candidate failing every async delivery reports no request at all.
  if (deadLetters.fails && verdict.outcome !== 'fail')
    return {
      ...verdict,
      outcome: 'fail',
      why: `dead letters: ${describeDeadLetters(deadLetters)}`,
      failedBy: { kind: 'dead-letters', result: deadLetters },
      deadLetters,
    };
  const why = deadLetters.count > 0 ? `${verdict.why}; ${describeDeadLetters(deadLetters)}` : verdict.why;
  return { ...verdict, why, deadLetters };
}

/** Every gate on what the candidate answered (and on its alarms). */
function assessRequests(signals: GateSignals, policy: GatePolicy): Verdict {
  const divergence = divergenceOf(signals, policy);
  if (divergence?.verdict) return divergence.verdict;
  const verdict = assessTraffic(signals, policy);
  if (!divergence) return verdict;
  const { result } = divergence;
  const why = `${verdict.why}; divergence ${describeDivergence(result)}`;
  // No pass on too few comparisons, as on too few requests: the gate would not have looked.
  if (verdict.outcome === 'pass' && result.pairs < policy.gates.minRequests)
    return {
      outcome: 'wait',
      why: `${result.pairs}/${policy.gates.minRequests} mirrored pairs; ${why}`,
      divergence: result,
    };
  // No pass either while more pairs exceed than the gate tolerates: the test has not decided yet, and
  // a divergent candidate would otherwise pass at the end of a short shadow for want of pairs. More
  // pairs decide it; the test stays valid however long it looks.
  if (verdict.outcome === 'pass' && result.exceeding > toleratedShare(result) * result.pairs)
    return { outcome: 'wait', why: `divergence above tolerance, not conclusive yet; ${why}`, divergence: result };
  return { ...verdict, why, divergence: result };
}

/** The divergence gate decides before minRequests: its sequential test is valid at any look. */
function divergenceOf(signals: GateSignals, policy: GatePolicy) {
  const gate = policy.gates.maxDivergence;
  if (!gate) return undefined;
  // A plane that records no pairs gives the gate nothing to pass on (see the minRequests rule below).
  const result = assessDivergence(gate, signals.mirror ?? { pairs: [], dropped: 0 });
  const verdict: Verdict | undefined = result.diverges
    ? {
        outcome: 'fail',
        why: `divergence: candidate outputs differ from stable's: ${describeDivergence(result)}`,
        failedBy: { kind: 'divergence', result },
        divergence: result,
      }
    : undefined;
  return { result, verdict };
}

function assessTraffic(signals: GateSignals, policy: GatePolicy): Verdict {
  const { gates } = policy;
  const looks = policy.looks ?? 'sequential';
  // An alarm has its own evaluation window, so it decides even before minRequests.
  const firing = signals.alarms.find((a) => a.state === 'ALARM');
  if (firing) {
    return {
      outcome: 'fail',
      why: `alarm ${firing.name} is ALARM`,
      failedBy: { kind: 'alarm', alarm: firing.name, reason: firing.reason },
    };
  }
  const { count, errors, p99Ms } = signals.candidate;
  const legacy =
    looks === 'every-tick-fixed' && policy.judge
      ? runLegacyJudge(policy.judge, signals.candidate, signals.stable)
      : undefined;
  if (legacy?.candidateWorse) return judgeFailed(legacy);
  // A handful of requests is noise, for the judge as for the thresholds: no verdict until minRequests.
  // At least one: a record started before models.yaml refused 0 must not pass on no traffic (0/0 errors).
  const minRequests = Math.max(1, gates.minRequests);
  if (count < minRequests) {
    return { outcome: 'wait', why: `${count}/${minRequests} candidate requests`, ...withJudge(legacy) };
  }
  const judge =
    policy.judge && looks !== 'every-tick-fixed' && (looks !== 'one-look' || policy.finalLook)
      ? judgeStrata(policy.judge, signals.strata, {
          looks,
          minRequests,
          ...(policy.schedule ? { schedule: policy.schedule } : {}),
        })
      : legacy;
  if (judge?.candidateWorse) return judgeFailed(judge);
  const errorRate = errors / count;
  if (errorRate > gates.maxErrorRate) {
    return {
      outcome: 'fail',
      why: `error rate ${pct(errorRate)} > ${pct(gates.maxErrorRate)}`,
      failedBy: { kind: 'threshold', metric: 'error-rate', value: errorRate, limit: gates.maxErrorRate },
      ...withJudge(judge),
    };
  }
  if (p99Ms !== undefined && p99Ms > gates.maxP99LatencyMs) {
    return {
      outcome: 'fail',
      why: `p99 ${Math.round(p99Ms)}ms > ${gates.maxP99LatencyMs}ms`,
      failedBy: { kind: 'threshold', metric: 'p99-latency', value: p99Ms, limit: gates.maxP99LatencyMs },
      ...withJudge(judge),
    };
  }
  return {
    outcome: 'pass',
    why: `${count} requests, error rate ${pct(errorRate)}, p99 ${fmtMs(p99Ms)}`,
    ...withJudge(judge),
  };
}

function judgeFailed(judge: JudgeResult): Verdict {
  const what = judge.metric === 'latency' ? 'slower' : 'more errors';
  const evidence =
    judge.eValue !== undefined
      ? `e-value ${judge.eValue.toPrecision(3)} >= 1/alpha, always-valid ${formatPValue(judge.pValue)}`
      : judge.spending
        ? `crossed the alpha-spending boundary at information ${(judge.spending.fraction * 100).toFixed(0)}%, ${formatPValue(judge.pValue)}`
        : `${formatPValue(judge.pValue)} < alpha ${judge.alpha}`;
  return {
    outcome: 'fail',
    why: `judge: candidate ${what} than stable (${judge.test}, ${evidence})`,
    failedBy: { kind: 'judge', result: judge },
    judge,
  };
}

function withJudge(judge: JudgeResult | undefined): { judge?: JudgeResult } {
  return judge ? { judge } : {};
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${Math.round(ms)}ms`;
}
