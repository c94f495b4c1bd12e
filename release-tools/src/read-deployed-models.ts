import type { DeployedModel } from '../../model-registry/src/domain/plan.ts';
import { ROLLOUT_PREFIX, type RolloutSummary, toDeployedModel } from './domain/deployed-models.ts';
import type { StateStore } from './ports/state-store.ts';

/** Every rollout record in the store (the full RolloutRecord, or any part of it the caller types). */
export async function readRolloutRecords<T extends RolloutSummary>(store: StateStore): Promise<T[]> {
  const keys = await store.list(ROLLOUT_PREFIX);
  const records = await Promise.all(keys.map((key) => store.get<T>(key)));
  return records.flatMap((r) => (r ? [r.value] : []));
}

/** Current state of every model the controller knows, read through the state-store port. */
export async function readDeployedModels(store: StateStore): Promise<DeployedModel[]> {
  return (await readRolloutRecords(store)).map(toDeployedModel);
}
