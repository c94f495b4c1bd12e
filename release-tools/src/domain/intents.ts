// User intents, recorded by the CLI at `intents/<model>` and acted on by the controller. Each has
// a sequence number; the rollout record remembers the last one handled, so none runs twice.

export const INTENT_PREFIX = 'intents/';

export function intentKey(model: string): string {
  return `${INTENT_PREFIX}${model}`;
}

/**
 * `retry`: release the hold on the version models.yaml names and roll it out again. `approve`: the
 * manual gate of the current step (who and why are recorded).
 */
export type IntentType = 'promote' | 'rollback' | 'abort' | 'pause' | 'resume' | 'retry' | 'approve';

export interface Intent {
  readonly seq: number;
  readonly type: IntentType;
  readonly at: number;
  readonly who: string;
  readonly reason?: string;
  /** promote: skip every remaining step (`--full`). */
  readonly full?: boolean;
}

export interface IntentLog {
  readonly model: string;
  readonly intents: readonly Intent[];
}

/** Intents kept in the log; older ones have long been handled. */
export const INTENT_LOG_LIMIT = 50;

export function appendIntent(log: IntentLog | undefined, model: string, intent: Omit<Intent, 'seq'>): IntentLog {
  const intents = log?.intents ?? [];
  const seq = (intents.at(-1)?.seq ?? 0) + 1;
  return { model, intents: [...intents, { ...intent, seq }].slice(-INTENT_LOG_LIMIT) };
}

export function pendingIntents(log: IntentLog | undefined, handledSeq: number): Intent[] {
  return log?.intents.filter((i) => i.seq > handledSeq) ?? [];
}
