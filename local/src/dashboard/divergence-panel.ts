// The divergence panel of a shadow release: how the candidate's outputs compared with stable's on
// mirrored requests, against what the gate tolerates, with example request ids to look up.
import type { DivergenceView } from '../../../release-tools/src/domain/gates/divergence-view.ts';

/** The divergence gate's latest finding, as release-tools' divergenceView() gives it. */
export type DivergenceInput = DivergenceView;

export interface DivergencePanel {
  readonly metric: DivergenceView['metric'];
  /** abs-diff-p99: the output difference a pair may not exceed; disagreement: the tolerated rate. */
  readonly threshold: number;
  readonly alpha: number;
  readonly pairs: number;
  /** Pairs beyond tolerance, and their share of the pairs (0 before any pair). */
  readonly exceeding: number;
  readonly share: number;
  /** The share the gate tolerates. */
  readonly tolerated: number;
  readonly p99AbsDiff: number | null;
  readonly eValue: number | null;
  readonly verdict: DivergenceView['verdict'];
  readonly dropped: number;
  /** At most EXAMPLES request ids, the most divergent first. */
  readonly examples: readonly string[];
  /** Percent of stable's requests mirrored now; null once the step no longer mirrors. */
  readonly mirroring: number | null;
  readonly at: number;
}

export const EXAMPLES = 5;

export function buildDivergencePanel(d: DivergenceInput): DivergencePanel {
  return {
    metric: d.metric,
    threshold: d.threshold,
    alpha: d.alpha,
    pairs: d.pairs,
    exceeding: d.exceeding,
    share: d.share,
    tolerated: d.tolerated,
    p99AbsDiff: finiteOrNull(d.p99AbsDiff),
    // A pair whose shapes differ makes the e-value infinite: JSON has no Infinity.
    eValue: finiteOrNull(d.eValue),
    verdict: d.verdict,
    dropped: d.dropped,
    examples: d.examples.slice(0, EXAMPLES),
    mirroring: d.mirroring ?? null,
    at: d.at,
  };
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
