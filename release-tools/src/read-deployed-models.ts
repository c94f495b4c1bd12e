import type { DeployedModel } from '../../model-registry/src/domain/plan.ts';
import { ROLLOUT_PREFIX, type RolloutSummary, toDeployedModel } from './domain/deployed-models.ts';
import type { StateStore } from './ports/state-store.ts';

/** Current state of every model the controller knows, read through the state-store port. */
export async function readDeployedModels(store: StateStore): Promise<DeployedModel[]> {
  const keys = await store.list(ROLLOUT_PREFIX);
  const records = await Promise.all(keys.map((key) => store.get<RolloutSummary>(key)));
  return records.flatMap((r) => (r ? [toDeployedModel(r.value)] : []));
}
