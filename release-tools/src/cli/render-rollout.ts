// Human-readable rollout status and history lines.
import { describeDeadLetters } from '../domain/gates/dead-letter-gate.ts';
import type { HistoryEvent } from '../domain/rollout/history.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { renderDivergenceStatus } from './render-divergence.ts';
import { renderStepGatesStatus } from './render-step-gates.ts';

export function renderStatus(r: RolloutRecord): string {
  const stable = r.stable ? `stable ${r.stable.version}` : 'no stable';
  const active = r.candidate
    ? `, candidate ${r.candidate.version}`
    : r.phase === 'Promoted'
      ? ''
      : `, last ${r.release.version}`;
  const traffic = r.phase === 'Progressing' || r.phase === 'Paused' ? ` step ${r.step + 1} at ${r.weight}%` : '';
  const last = r.history.at(-1);
  const verdict = r.lastVerdict && r.candidate ? `\n    gates: ${r.lastVerdict.outcome}: ${r.lastVerdict.why}` : '';
  return `${r.model}  ${r.phase}${traffic}  (${stable}${active})${last ? `\n    last: ${renderEvent(last)}` : ''}${verdict}${renderDivergenceStatus(r)}${deadLetterLine(r)}${renderStepGatesStatus(r)}${waitingHint(r)}`;
}

/** The async path's evidence on its own line while the candidate runs (after it, the last event's why says it). */
function deadLetterLine(r: RolloutRecord): string {
  const dead = r.lastVerdict?.deadLetters;
  const shown = dead && r.candidate && dead.version === r.candidate.version;
  return shown ? `\n    dead letters: ${describeDeadLetters(dead)}` : '';
}

/** A rollout waiting for requests makes no progress without traffic: say how to send some. */
function waitingHint(r: RolloutRecord): string {
  if (!r.candidate || r.lastVerdict?.outcome !== 'wait' || !/candidate requests/.test(r.lastVerdict.why)) return '';
  return (
    '\n    waiting for requests: the gates and the judge decide only after minRequests candidate requests.' +
    '\n    Send some: `mlrelease traffic --rps 20` (or start with `npm start -- --traffic 20`); on AWS, call the API.'
  );
}

export function renderEvent(e: HistoryEvent): string {
  const step = e.weight !== undefined ? ` ${e.weight}%` : '';
  return `${new Date(e.at).toISOString()}  ${e.version}  ${e.from ?? '-'} -> ${e.to}${step}  [${e.type}] by ${e.who}: ${e.why}`;
}

/** A rollout that ended by going back to stable, which scripts treat as a failure. */
export function isDegraded(r: RolloutRecord): boolean {
  return r.phase === 'RolledBack' || r.phase === 'Aborted';
}
