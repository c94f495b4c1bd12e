// The prediction-divergence gate of a shadow release: on mirrored pairs (the same request answered by
// stable and by the candidate), is the candidate's output different too often? abs-diff-p99 counts a
// pair whose largest output difference is above the threshold and tolerates 1% of them (a p99 at or
// under the threshold); disagreement counts a pair whose labels differ and tolerates the threshold's
// rate. Either way a sequential test (stats/exceedance-mixture.ts) decides, so it may look on every tick.
import type { DivergenceGate } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { MirrorEvidence, MirroredPair } from '../../ports/mirrored-pairs.ts';
import { percentile } from '../percentile.ts';
import { exceedanceTest } from '../stats/exceedance-mixture.ts';

/** The share of pairs abs-diff-p99 tolerates above its threshold: what a p99 means. */
export const P99_TAIL = 0.01;
/** Request ids kept as examples, largest divergence first. */
export const DIVERGENCE_EXAMPLES = 5;

export interface DivergenceResult {
  readonly metric: DivergenceGate['metric'];
  readonly threshold: number;
  readonly alpha: number;
  readonly pairs: number;
  readonly exceeding: number;
  /** Of the pairs' largest absolute differences (abs-diff-p99 and whenever outputs are scores). */
  readonly p99AbsDiff?: number;
  /** The mixture likelihood ratio; the gate fails at 1/alpha. */
  readonly eValue: number;
  readonly diverges: boolean;
  /** Mirrored work dropped under pressure in the same window (it is not evidence either way). */
  readonly dropped: number;
  /** Request ids of exceeding pairs, the most divergent first. */
  readonly examples: readonly string[];
}

export function assessDivergence(gate: DivergenceGate, evidence: MirrorEvidence): DivergenceResult {
  const exceeds =
    gate.metric === 'disagreement'
      ? (p: MirroredPair) => p.disagree
      : (p: MirroredPair) => (p.maxAbsDiff ?? 0) > gate.threshold;
  const p0 = toleratedShare(gate);
  const exceeding = evidence.pairs.filter(exceeds);
  const test = exceedanceTest(evidence.pairs.length, exceeding.length, p0, gate.alpha);
  const diffs = evidence.pairs.map((p) => p.maxAbsDiff).filter((d): d is number => d !== undefined);
  const p99AbsDiff = percentile(Float64Array.from(diffs).sort(), 99);
  const examples = [...exceeding]
    .sort((a, b) => (b.maxAbsDiff ?? 0) - (a.maxAbsDiff ?? 0))
    .slice(0, DIVERGENCE_EXAMPLES)
    .map((p) => p.requestId);
  return {
    metric: gate.metric,
    threshold: gate.threshold,
    alpha: gate.alpha,
    pairs: test.pairs,
    exceeding: test.exceeding,
    ...(p99AbsDiff === undefined ? {} : { p99AbsDiff }),
    eValue: test.eValue,
    diverges: test.exceeds,
    dropped: evidence.dropped,
    examples,
  };
}

/** The share of pairs beyond tolerance the gate tolerates: 1% for abs-diff-p99, the threshold for disagreement. */
export function toleratedShare(d: Pick<DivergenceResult, 'metric' | 'threshold'>): number {
  return d.metric === 'disagreement' ? d.threshold : P99_TAIL;
}

/** One line for status, history and the dashboard. */
export function describeDivergence(d: DivergenceResult): string {
  const what =
    d.metric === 'disagreement'
      ? `${d.exceeding}/${d.pairs} mirrored pairs disagree (tolerated ${(d.threshold * 100).toFixed(2)}%)`
      : `${d.exceeding}/${d.pairs} mirrored pairs differ by more than ${d.threshold} (p99 ${d.p99AbsDiff?.toPrecision(3) ?? 'n/a'}, tolerated ${P99_TAIL * 100}% above)`;
  const examples = d.examples.length > 0 ? `; e.g. requests ${d.examples.join(', ')}` : '';
  const dropped = d.dropped > 0 ? `; ${d.dropped} mirrored requests dropped` : '';
  return `${what}, e-value ${d.eValue.toPrecision(3)}${examples}${dropped}`;
}
