// What `status`, `status --json` and the dashboard show of a shadow release's divergence: the latest
// finding of the divergence gate in the current rollout (the last verdict while the shadow runs, else
// the event that carried it: the handover to the canary, the rollback, the promotion), with the share
// beyond tolerance next to what the gate tolerates, so a reader need not know the metric's rule.

import type { RolloutRecord } from '../rollout/record.ts';
import { planOf } from '../strategies/next-move.ts';
import { type DivergenceResult, toleratedShare } from './divergence-gate.ts';

export type DivergenceVerdict = 'diverges' | 'above-tolerance' | 'within-tolerance' | 'no-pairs';

export interface DivergenceView {
  readonly metric: DivergenceResult['metric'];
  /** abs-diff-p99: the output difference a pair may not exceed; disagreement: the tolerated rate. */
  readonly threshold: number;
  readonly alpha: number;
  /** Mirrored pairs compared (the same request answered by stable and the candidate). */
  readonly pairs: number;
  /** Pairs beyond tolerance: differing by more than threshold, or disagreeing. */
  readonly exceeding: number;
  /** exceeding / pairs; 0 before any pair. */
  readonly share: number;
  /** The share the gate tolerates: 1% above the threshold for abs-diff-p99, the threshold for disagreement. */
  readonly tolerated: number;
  readonly p99AbsDiff?: number;
  readonly eValue: number;
  /**
   * diverges: the gate failed (the rollout is rolled back). Otherwise the gate passes, and says why:
   * no-pairs (nothing compared yet), above-tolerance (the share seen is above what is tolerated, but
   * the sequential test is not conclusive yet), within-tolerance.
   */
  readonly verdict: DivergenceVerdict;
  /** Mirrored requests dropped under pressure in the same window: not evidence either way. */
  readonly dropped: number;
  /** Up to 5 request ids of pairs beyond tolerance, the most divergent first. */
  readonly examples: readonly string[];
  /** Epoch ms of the finding. */
  readonly at: number;
  /** Percent of stable's requests mirrored now; absent when the current step does not mirror. */
  readonly mirroring?: number;
}

export function divergenceView(r: RolloutRecord): DivergenceView | undefined {
  const found = latestFinding(r);
  if (!found) return undefined;
  const carrying = r.phase === 'Progressing' || r.phase === 'Paused';
  const mirroring = carrying ? planOf(r.policy).steps[r.step]?.mirror : undefined;
  return { ...viewOfFinding(found.result, found.at), ...(mirroring !== undefined ? { mirroring } : {}) };
}

/** One finding (a verdict's, a history event's) as the views show it. */
export function viewOfFinding(d: DivergenceResult, at: number): DivergenceView {
  const share = d.pairs > 0 ? d.exceeding / d.pairs : 0;
  const tolerated = toleratedShare(d);
  const verdict: DivergenceVerdict = d.diverges
    ? 'diverges'
    : d.pairs === 0
      ? 'no-pairs'
      : share > tolerated
        ? 'above-tolerance'
        : 'within-tolerance';
  return {
    metric: d.metric,
    threshold: d.threshold,
    alpha: d.alpha,
    pairs: d.pairs,
    exceeding: d.exceeding,
    share,
    tolerated,
    ...(d.p99AbsDiff !== undefined ? { p99AbsDiff: d.p99AbsDiff } : {}),
    eValue: d.eValue,
    verdict,
    dropped: d.dropped,
    examples: d.examples,
    at,
  };
}

/** The newest divergence finding of the current rollout, if its gate has looked. */
function latestFinding(r: RolloutRecord): { result: DivergenceResult; at: number } | undefined {
  const events = r.history.filter((e) => e.rolloutId === r.rolloutId && e.divergence);
  const event = events.at(-1);
  const verdict = r.lastVerdict?.divergence ? { result: r.lastVerdict.divergence, at: r.lastVerdict.at } : undefined;
  const recorded = event?.divergence ? { result: event.divergence, at: event.at } : undefined;
  // lastVerdict belongs to the current rollout (a new one starts without it); the later of the two wins.
  if (verdict && (!recorded || verdict.at >= recorded.at)) return verdict;
  return recorded;
}

/**
 * Whether a shadow's divergence finding changed enough to record it again for status and the
 * dashboard: another pair beyond tolerance, or half as many pairs again as last recorded. A long
 * shadow so writes its record O(log pairs) times, not on every tick.
 */
export function divergenceMoved(recorded: DivergenceResult | undefined, now: DivergenceResult | undefined): boolean {
  if (!now) return false;
  if (!recorded) return true;
  return now.exceeding !== recorded.exceeding || now.pairs >= Math.max(1, recorded.pairs * 1.5);
}
