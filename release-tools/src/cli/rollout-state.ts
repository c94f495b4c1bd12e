// The CLI's view of controller state (local state dir or S3, per --backend): records and intents.
import { rolloutKey } from '../domain/deployed-models.ts';
import { appendIntent, type Intent, type IntentLog, intentKey } from '../domain/intents.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { StateConflictError, type StateStore } from '../ports/state-store.ts';
import { type DamagedRecord, readRolloutRecords, readRolloutState } from '../read-deployed-models.ts';
import { backendOf } from './backends/index.ts';
import type { CliContext, GlobalArgs } from './context.ts';

export async function openStateStore(ctx: CliContext, args: GlobalArgs): Promise<StateStore> {
  return (await backendOf(ctx, args)).stateStore();
}

export async function readRecord(store: StateStore, model: string): Promise<RolloutRecord | undefined> {
  return (await store.get<RolloutRecord>(rolloutKey(model)))?.value;
}

export function readRecords(store: StateStore): Promise<RolloutRecord[]> {
  return readRolloutRecords<RolloutRecord>(store);
}

/** Readable records, and damaged ones named apart so one bad file hides no other model. */
export function readRecordsAndDamage(
  store: StateStore,
): Promise<{ records: RolloutRecord[]; damaged: DamagedRecord[] }> {
  return readRolloutState<RolloutRecord>(store);
}

export function renderDamaged(d: DamagedRecord): string {
  return `${d.model}: DAMAGED state file ${d.location} (${d.reason}); its rollout is stopped until the file is repaired or removed${d.quarantinedAt ? `; a copy is kept at ${d.quarantinedAt}` : ''}`;
}

/** Appends an intent with compare-and-swap, retrying when the log changed underneath. */
export async function recordIntent(store: StateStore, model: string, intent: Omit<Intent, 'seq'>): Promise<Intent> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await store.get<IntentLog>(intentKey(model));
    const log = appendIntent(current?.value, model, intent);
    try {
      await store.put(intentKey(model), log, current?.version ?? null);
      return log.intents.at(-1)!;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }
  throw new StateConflictError(intentKey(model));
}
