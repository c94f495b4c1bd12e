// Adapts the controller's rollout records and the metric store's buckets to the dashboard's input.

import type { TrackBucket } from '../../release-tools/src/adapters/local/memory-metric-store.ts';
import { divergenceView } from '../../release-tools/src/domain/gates/divergence-view.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import { planOf } from '../../release-tools/src/domain/strategies/next-move.ts';
import {
  buildDashboardData,
  type DashboardData,
  type GateVerdictInput,
  type JudgeVerdictInput,
  type RolloutInput,
  type VerdictOutcome,
} from './dashboard/dashboard-data.ts';

const WINDOW_MS = 15 * 60_000;

function outcomeOf(verdict: string): VerdictOutcome {
  return verdict === 'pass' ? 'pass' : verdict === 'fail' ? 'fail' : 'inconclusive';
}

function rolloutInput(r: RolloutRecord): RolloutInput | undefined {
  if (r.phase === 'Retired') return undefined;
  // A shadow counts its mirrored step and the canary's that follow (then: canary).
  const steps =
    r.policy.strategy === 'canary' || r.policy.strategy === 'shadow' ? planOf(r.policy).steps.length : undefined;
  const divergence = divergenceView(r);
  return {
    model: r.model,
    phase: r.phase,
    stable: { version: r.stable?.version ?? '-' },
    ...(r.candidate ? { candidate: { version: r.candidate.version } } : {}),
    candidateWeight: r.candidate ? r.weight : 0,
    ...(steps && r.phase === 'Progressing' ? { step: { index: Math.min(r.step + 1, steps), count: steps } } : {}),
    history: r.history.map((e) => ({ at: e.at, type: e.type, who: e.who, why: e.why })),
    ...(divergence ? { divergence } : {}),
  };
}

export function dashboardData(
  records: readonly RolloutRecord[],
  buckets: readonly TrackBucket[],
  now: number,
  damaged: readonly { model: string; location: string; reason: string }[] = [],
): DashboardData {
  const gates: GateVerdictInput[] = [];
  const judges: JudgeVerdictInput[] = [];
  for (const r of records) {
    const v = r.lastVerdict;
    if (!v) continue;
    gates.push({ model: r.model, gate: 'gates', outcome: outcomeOf(v.outcome), detail: v.why, at: v.at });
    if (v.judge) {
      judges.push({
        model: r.model,
        metric: v.judge.metric,
        test: v.judge.test,
        outcome: v.judge.candidateWorse ? 'fail' : 'pass',
        pValue: v.judge.pValue,
        alpha: v.judge.alpha,
        effectSize: v.judge.effectSize,
        at: v.at,
      });
    }
  }
  const serving = new Map<string, string | undefined>();
  for (const r of records) {
    serving.set(`${r.model}/stable`, r.stable?.version);
    serving.set(`${r.model}/candidate`, r.candidate?.version);
  }
  const data = buildDashboardData({
    now,
    windowMs: WINDOW_MS,
    rollouts: records.flatMap((r) => rolloutInput(r) ?? []),
    gates,
    judges,
    // Stable vs candidate of the rollout on screen: each track shows only the version it now serves.
    buckets: buckets
      .filter((b) => b.version === serving.get(`${b.model}/${b.track}`))
      .map((b) => ({
        model: b.model,
        track: b.track,
        at: b.at,
        requests: b.requests,
        errors: b.errors,
        ...(b.p50Ms !== undefined ? { p50Ms: b.p50Ms } : {}),
        ...(b.p99Ms !== undefined ? { p99Ms: b.p99Ms } : {}),
      })),
  });
  return damaged.length
    ? { ...data, damaged: damaged.map(({ model, location, reason }) => ({ model, location, reason })) }
    : data;
}
