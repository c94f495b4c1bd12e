import type { DeployedModel } from '../../model-registry/src/domain/plan.ts';
import { ROLLOUT_PREFIX, type RolloutSummary, toDeployedModel } from './domain/deployed-models.ts';
import { heldVersions } from './domain/rollout/holds.ts';
import type { RolloutRecord } from './domain/rollout/record.ts';
import { DamagedStateError, type StateStore } from './ports/state-store.ts';

export interface DamagedRecord {
  readonly model: string;
  readonly location: string;
  readonly reason: string;
  readonly quarantinedAt?: string;
}

/** Every readable rollout record, and the damaged ones named apart (status and the dashboard show both). */
export async function readRolloutState<T extends RolloutSummary>(
  store: StateStore,
): Promise<{ records: T[]; damaged: DamagedRecord[] }> {
  const keys = await store.list(ROLLOUT_PREFIX);
  // Read in parallel, as readRolloutRecords does: status and the dashboard read every record.
  const reads = await Promise.all(
    keys.map((key) =>
      store.get<T>(key).then(
        (got) => ({ key, got }),
        (error: unknown) => {
          if (!(error instanceof DamagedStateError)) throw error;
          return { key, error };
        },
      ),
    ),
  );
  const records: T[] = [];
  const damaged: DamagedRecord[] = [];
  for (const read of reads) {
    if ('got' in read) {
      if (read.got) records.push(read.got.value);
      continue;
    }
    const { error } = read;
    damaged.push({
      model: read.key.slice(ROLLOUT_PREFIX.length),
      location: error.location,
      reason: error.reason,
      ...(error.quarantinedAt ? { quarantinedAt: error.quarantinedAt } : {}),
    });
  }
  return { records, damaged };
}

/**
 * Every rollout record in the store (the full RolloutRecord, or any part of it the caller types).
 * @throws DamagedStateError naming the file when one cannot be read: callers that plan must not guess.
 */
export async function readRolloutRecords<T extends RolloutSummary>(store: StateStore): Promise<T[]> {
  const keys = await store.list(ROLLOUT_PREFIX);
  const records = await Promise.all(keys.map((key) => store.get<T>(key)));
  return records.flatMap((r) => (r ? [r.value] : []));
}

/** Current state of every model the controller knows, read through the state-store port. */
export async function readDeployedModels(store: StateStore): Promise<DeployedModel[]> {
  // Held as the controller reads holds (legacy ones included), so plan never says "release" for a held version.
  return (await readRolloutRecords<RolloutRecord>(store)).map((r) =>
    toDeployedModel({ ...r, rolledBackVersions: heldVersions(r) }),
  );
}
