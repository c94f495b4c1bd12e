// The async path's gate: the candidate's dead letters. A request that failed every delivery on the
// candidate (a crash, a timeout, anything but the model's own error answer) leaves no result and no
// invocation metric, so the error and latency gates never see it; the lane's DLQ does. Only dead
// letters whose last delivery was routed to the candidate version count: stable's are not its fault.
import { DEFAULT_DEAD_LETTER_GATE } from '../../../../model-registry/src/domain/manifest/resolve-release.ts';
import type { DeadLetterGate } from '../../../../model-registry/src/domain/manifest/types.ts';

/** Request ids kept as examples, oldest first. */
export const DEAD_LETTER_EXAMPLES = 5;

/** The candidate's dead letters since its traffic began, as the controller read them. */
export interface DeadLetterEvidence {
  readonly version: string;
  readonly count: number;
  /** Age of the oldest of them, ms; absent with none. */
  readonly oldestAgeMs?: number;
  /** Request ids of some of them, oldest first (where the plane keeps them: locally). */
  readonly requestIds: readonly string[];
}

export interface DeadLetterResult {
  readonly version: string;
  readonly count: number;
  readonly max: number;
  readonly oldestAgeMs?: number;
  readonly maxAgeMs?: number;
  readonly fails: boolean;
  readonly examples: readonly string[];
}

export function assessDeadLetters(gate: DeadLetterGate | undefined, evidence: DeadLetterEvidence): DeadLetterResult {
  const { max, maxAgeMs } = gate ?? DEFAULT_DEAD_LETTER_GATE;
  const tooMany = evidence.count > max;
  // No age limit: nothing is too old; no dead letters (a stale age): nothing of theirs is.
  const tooOld = evidence.count > 0 && (evidence.oldestAgeMs ?? 0) > (maxAgeMs ?? Number.POSITIVE_INFINITY);
  return {
    version: evidence.version,
    count: evidence.count,
    max,
    ...(evidence.oldestAgeMs !== undefined ? { oldestAgeMs: evidence.oldestAgeMs } : {}),
    ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
    fails: tooMany || tooOld,
    examples: evidence.requestIds.slice(0, DEAD_LETTER_EXAMPLES),
  };
}

/** One line for status, history and the dashboard. */
export function describeDeadLetters(d: DeadLetterResult): string {
  const age = d.oldestAgeMs !== undefined && d.count > 0 ? `, oldest ${seconds(d.oldestAgeMs)} old` : '';
  const ageLimit = d.maxAgeMs !== undefined ? `, max age ${seconds(d.maxAgeMs)}` : '';
  const examples = d.examples.length > 0 ? `; e.g. requests ${d.examples.join(', ')}` : '';
  return `${d.count} dead letter${d.count === 1 ? '' : 's'} of candidate ${d.version} (max ${d.max}${ageLimit})${age}${examples}`;
}

function seconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms / 60_000)}m`;
}
