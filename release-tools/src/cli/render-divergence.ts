// The lines `status` and `history` print for a shadow release's divergence gate: pairs compared, the
// share beyond tolerance against what the gate tolerates, mirrored work dropped, example request ids.
import { type DivergenceView, divergenceView, viewOfFinding } from '../domain/gates/divergence-view.ts';
import type { HistoryEvent } from '../domain/rollout/history.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';

/** The status block of a record whose current rollout has a divergence finding; '' otherwise. */
export function renderDivergenceStatus(r: RolloutRecord): string {
  const view = divergenceView(r);
  if (!view) return '';
  const mirroring =
    view.mirroring !== undefined
      ? `\n    shadow: ${view.mirroring}% of stable's requests mirrored to ${r.release.version}; callers get stable's answers`
      : '';
  const examples = view.examples.length > 0 ? view.examples.join(', ') : 'none';
  return (
    `${mirroring}\n    divergence (${rule(view)}, alpha ${view.alpha}): ${verdictWords(view)}` +
    `\n      ${evidence(view)}` +
    `\n      mirrored requests dropped: ${view.dropped}` +
    `\n      examples: ${examples}`
  );
}

/** One indented line under a history event that carries the divergence gate's finding; '' otherwise. */
export function renderEventDivergence(e: HistoryEvent): string {
  if (!e.divergence) return '';
  const view = viewOfFinding(e.divergence, e.at);
  const examples = view.examples.length > 0 ? `; e.g. requests ${view.examples.join(', ')}` : '';
  const dropped = view.dropped > 0 ? `; ${view.dropped} mirrored requests dropped` : '';
  return `\n    divergence ${verdictWords(view)}: ${evidence(view)}${dropped}${examples}`;
}

function rule(v: Pick<DivergenceView, 'metric' | 'threshold'>): string {
  return v.metric === 'disagreement'
    ? `disagreement, threshold ${pct(v.threshold)}`
    : `abs-diff-p99, threshold ${v.threshold}`;
}

function verdictWords(v: Pick<DivergenceView, 'verdict' | 'alpha'>): string {
  switch (v.verdict) {
    case 'diverges':
      return 'DIVERGES';
    case 'no-pairs':
      return 'no pairs compared yet';
    case 'above-tolerance':
      return `above tolerance so far, not conclusive (fails at e-value ${Number((1 / v.alpha).toPrecision(3))})`;
    case 'within-tolerance':
      return 'within tolerance';
  }
}

function evidence(v: DivergenceView): string {
  const beyond =
    v.metric === 'disagreement'
      ? `disagreeing ${v.exceeding} (${pct(v.share)}, threshold ${pct(v.tolerated)})`
      : `beyond ${v.threshold}: ${v.exceeding} (${pct(v.share)}, tolerated ${pct(v.tolerated)})`;
  const p99 = v.p99AbsDiff !== undefined ? `, p99 |diff| ${v.p99AbsDiff.toPrecision(3)}` : '';
  return `${v.pairs} pairs compared, ${beyond}${p99}, e-value ${v.eValue.toPrecision(3)}`;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
