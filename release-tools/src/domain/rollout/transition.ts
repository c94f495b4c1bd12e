// The state machine: which phase may follow which, and the one function that moves a record and
// appends the history event. Terminal phases have no way out; a new version starts a new rollout.
import { CONTROLLER, type EventType, type HistoryEvent } from './history.ts';
import { isTerminal, type Phase, type RolloutRecord } from './record.ts';

const ALLOWED: Readonly<Record<Phase, readonly Phase[]>> = {
  Pending: ['Compiling', 'Aborted'],
  Compiling: ['Registered', 'Aborted'],
  Registered: ['Progressing', 'Promoted', 'Aborted'],
  Progressing: ['Progressing', 'Paused', 'Promoted', 'RolledBack', 'Aborted'],
  Paused: ['Progressing', 'Promoted', 'RolledBack', 'Aborted'],
  Promoted: [],
  RolledBack: [],
  Aborted: [],
  Retired: [],
};

export function canTransition(from: Phase, to: Phase): boolean {
  return ALLOWED[from].includes(to);
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly model: string,
    readonly from: Phase,
    readonly to: Phase,
  ) {
    super(`${model}: cannot go from ${from} to ${to}${isTerminal(from) ? ' (terminal)' : ''}`);
  }
}

export interface Cause {
  readonly type: EventType;
  readonly at: number;
  readonly who?: string;
  readonly why: string;
  readonly alarm?: string;
  readonly judge?: HistoryEvent['judge'];
  readonly divergence?: HistoryEvent['divergence'];
  readonly deadLetters?: HistoryEvent['deadLetters'];
  readonly held?: boolean;
}

type Patch = Partial<Omit<RolloutRecord, 'model' | 'phase' | 'history' | 'rolloutId'>>;

export function transition(record: RolloutRecord, to: Phase, cause: Cause, patch: Patch = {}): RolloutRecord {
  if (!canTransition(record.phase, to)) throw new IllegalTransitionError(record.model, record.phase, to);
  const next = { ...record, ...patch, phase: to };
  return appendEvent(next, cause, record.phase);
}

/** Records an event that does not change the phase (warm-up done, intent ignored, held). */
export function note(record: RolloutRecord, cause: Cause, patch: Patch = {}): RolloutRecord {
  return appendEvent({ ...record, ...patch }, cause, record.phase);
}

function appendEvent(next: RolloutRecord, cause: Cause, from: Phase): RolloutRecord {
  const event: HistoryEvent = {
    at: cause.at,
    rolloutId: next.rolloutId,
    type: cause.type,
    version: next.release.version,
    from,
    to: next.phase,
    who: cause.who ?? CONTROLLER,
    why: cause.why,
    ...(next.phase === 'Progressing' || next.phase === 'Paused' ? { step: next.step, weight: next.weight } : {}),
    ...(cause.alarm ? { alarm: cause.alarm } : {}),
    ...(cause.judge ? { judge: cause.judge } : {}),
    ...(cause.divergence ? { divergence: cause.divergence } : {}),
    ...(cause.deadLetters ? { deadLetters: cause.deadLetters } : {}),
    ...(cause.held !== undefined ? { held: cause.held } : {}),
  };
  return { ...next, history: [...next.history, event] };
}
